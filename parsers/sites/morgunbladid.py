"""Morgunblaðið (mbl.is). The credit is the JSON-LD author, the
newsroom; the reporter line (the journalist, "<name>" then "skrifar frá <place>") is the fallback."""
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
            authors=("json-ld:author", ".newsitem-main .reporter-line > p:first-of-type"),
            body=(".newsitem-main .main-layout",),
            strip=(".mbl-news-link", ".augl", "aside", ".newsitem-image", "script", ".pswp",
                   ".sidebar-mobile", ".newsitem-bottom-toolbar", "[id^='postlist']", "figure"),
        ),
    )
