"""CBC News (Canadian Broadcasting Corporation)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class CBCNews(SiteParser):
    name = "CBC News"
    domains = ("cbc.ca",)
    layouts = (
        Layout(
            name="2024",
            headline=("h1.detailHeadline",),
            authors=(".bylineDetails .authorText",),
            body=("#detailContent .story", ".detailMainCol .story"),
            # "Similar" link lists, and video embeds with their "WATCH | ..." caption.
            strip=(".similarLinks", ".story > div:has(.mediaEmbed)", "figure"),
        ),
    )
