"""POLITICO Europe (WordPress). The story is split into several content sections between ad and
newsletter rows; all of them are the body."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class PoliticoEu(SiteParser):
    name = "POLITICO Europe"
    domains = ("politico.eu",)
    layouts = (
        Layout(
            name="2025",
            headline=("article.article .article__header h1.hero__title", "article h1.hero__title"),
            body=("article.article .article__content",),
            strip=("figure", "aside", ".ad", ".ad-inner", "[class*='newsletter']", "[class*='related']",
                   ".wp-block-embed"),
        ),
    )
