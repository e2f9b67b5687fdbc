"""Ippen Media's shared story platform ("id-StoryElement-*" markup): Frankfurter Rundschau, Merkur.
The story elements are direct children of the article, between the page furniture."""
from ..registry import register
from ..site import Layout, SiteParser

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
class FrankfurterRundschau(SiteParser):
    name = "Frankfurter Rundschau"
    domains = ("fr.de",)
    layouts = (STORY,)


@register
class Merkur(SiteParser):
    name = "Merkur"
    domains = ("merkur.de",)
    layouts = (STORY,)
