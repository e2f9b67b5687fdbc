"""Público (publico.es)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class Publico(SiteParser):
    name = "Público"
    domains = ("publico.es",)
    layouts = (
        Layout(
            name="2025",
            body=("#body-modules", ".body-modules"),
            # Ad slots ("Publicidad") and photos are divs between the paragraphs.
            strip=("div:not(:has(p))", "figure"),
        ),
    )
