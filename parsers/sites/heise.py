"""heise online."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class Heise(SiteParser):
    name = "heise online"
    domains = ("heise.de",)
    layouts = (
        Layout(
            name="2024",
            headline=("article h1.a-article-header__title", "h1.a-article-header__title"),
            body=("article .article-layout__content.article-content", ".article-content"),
            strip=(".ad-label", "a-paternoster", "[id*='Incontent']", "[class*='cls-reduc']", "figure",
                   "a-lightbox", ".a-u-inline", ".redakteurskuerzel", "footer", ".ho-text",
                   ".a-inline-textbox"),     # boxes set in the text: a dossier, the magazine's contents
            clean=False,
        ),
    )
