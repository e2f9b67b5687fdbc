"""Ippen Media's shared story platform ("id-StoryElement-*" markup): Frankfurter Rundschau, Merkur.
The story elements are direct children of the article, between the page furniture. Datelines are
printed German style, "München/London – ...", which the capitals-only wire pattern does not take."""
from ..registry import register
from ..site import GermanDatelineParser, Layout

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
