"""HabariLeo (WordPress, Codesupply "cs-" theme)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class HabariLeo(SiteParser):
    name = "HabariLeo"
    domains = ("habarileo.co.tz",)
    layouts = (
        Layout(
            name="2025",
            headline=("h1.cs-entry__title",),
            body=(".cs-entry__content-wrap .entry-content", ".entry-content"),
            strip=(".pk-share-buttons-wrap", "figure", ".sharedaddy", "[class*='code-block']",
                   ".jp-relatedposts"),
        ),
    )
