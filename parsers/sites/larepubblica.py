"""La Repubblica and its city editions (GEDI "story" markup)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class LaRepubblica(SiteParser):
    name = "La Repubblica"
    domains = ("repubblica.it",)
    layouts = (
        Layout(
            name="story",
            headline=("h1.story__title",),
            body=("#article-body .story__text", ".story__text"),
            strip=("section.inline-article", "[id^='adv-']", "figure", "[id*='newsletter']"),
        ),
    )
