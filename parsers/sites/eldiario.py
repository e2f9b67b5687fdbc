"""elDiario.es."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class ElDiario(SiteParser):
    name = "elDiario.es"
    domains = ("eldiario.es",)
    layouts = (
        Layout(
            name="2025",
            headline=("h1.title",),
            authors=(".news-info .authors a", ".news-info .authors"),
            body=(".article-page__body-row .second-col", ".second-col"),
            strip=("figure", ".edi-advertising", "aside", "#container-after-news-outlook"),
        ),
    )
