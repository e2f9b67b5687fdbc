"""Morgunblaðið (mbl.is). The reporter line names the journalist ("<name>" then "skrifar frá
<place>"); the JSON-LD author is the organisation."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class Morgunbladid(SiteParser):
    name = "Morgunblaðið"
    domains = ("mbl.is",)
    layouts = (
        Layout(
            name="2025",
            headline=(".newsitem-main > h1", ".newsitem h1"),
            authors=(".newsitem-main .reporter-line > p:first-of-type",),
            body=(".newsitem-main .main-layout",),
            strip=(".mbl-news-link", ".augl", "aside", ".newsitem-image", "script", ".pswp",
                   ".sidebar-mobile", ".newsitem-bottom-toolbar", "[id^='postlist']", "figure"),
        ),
    )
