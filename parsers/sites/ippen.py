"""Ippen Media's shared story platform ("id-StoryElement-*" markup): Frankfurter Rundschau, Merkur.
The story elements are direct children of the article, between the page furniture. Datelines are
printed German style, "München/London – ...", which the capitals-only wire pattern does not take."""
import re

from ..registry import register
from ..site import Layout, SiteParser

# Places in title case (joined by slashes, "Frankfurt am Main"), an optional agency in brackets,
# then a spaced dash: "Berlin – ", "London/Teheran - ", "Kiel (dpa) - ". German capitalises every
# noun, so a sentence opening with an article or pronoun is not taken for a place.
_GERMAN_DATELINE = re.compile(
    r"^(?!(?:Der|Die|Das|Den|Dem|Des|Ein|Eine|Einer|Es|Er|Sie|Wir|Ich|Man)\b)(?P<place>[A-ZÄÖÜ][\w.'’-]*(?:(?:/| | am | an der | im | in der )[A-ZÄÖÜ][\w.'’-]*){0,3})"
    r"\s*(?:\([^)]{1,30}\))?\s+[-–—]\s+\S")


def german_dateline(paragraph: str | None) -> str | None:
    """The place a story opens with, "London/Teheran - Iranische ..." -> "London/Teheran"."""
    found = _GERMAN_DATELINE.match(paragraph or "")
    return found.group("place") if found else None


class GermanDatelineParser(SiteParser):
    """Takes a German-style dateline from the start of the body when the wire pattern found none."""

    def extract(self, doc):
        values, provenance, warnings = super().extract(doc)
        if not values.get("dateline") and (place := german_dateline(values.get("body"))):
            values["dateline"], provenance["dateline"] = place, "text"
        return values, provenance, warnings


STORY = Layout(
    name="ippen",
    headline=("article.idjs-Story h1.id-StoryElement-headline", "h1.id-StoryElement-headline"),
    authors=("article.idjs-Story [class*='-authors-link']",),
    byline=("article.idjs-Story p[class*='-authors']",),
    body=("article.idjs-Story",),
    strip=(".id-DonaldBreadcrumb", "h1", "[class*='-timestamp']", "[class*='-authors']",
           "[class*='-interactionBar']", "[class*='-leadText']", ".id-StoryElement-embed", ".id-TBeepSlot",
           "figure", "aside", ".id-Recommendation", ".id-Comments", "[class*='id-Comments']"),
)


@register
class FrankfurterRundschau(GermanDatelineParser):
    name = "Frankfurter Rundschau"
    domains = ("fr.de",)
    layouts = (STORY,)


@register
class Merkur(GermanDatelineParser):
    name = "Merkur"
    domains = ("merkur.de",)
    layouts = (STORY,)
