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
            # Paragraphs and subheadings are direct children; ad slots and photos
            # are divs between them.
            strip=(".body-modules > div", "figure"),
        ),
    )
