"""Media Indonesia. The header names the reporter; the editor credited at the article's foot is
what the JSON-LD lists as author."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class MediaIndonesia(SiteParser):
    name = "Media Indonesia"
    domains = ("mediaindonesia.com",)
    layouts = (
        Layout(
            name="2026",
            headline=(".post-header h1",),
            byline=(".post-header .info [class^='author']",),
            body=(".column .article", "div.article"),
            strip=("figure", ".flying-carpet", ".ext-channel", ".info-author", "[class*='_ad']", "script"),
        ),
    )
