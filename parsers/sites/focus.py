"""FOCUS online."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class Focus(SiteParser):
    name = "FOCUS online"
    domains = ("focus.de",)
    layouts = (
        Layout(
            name="2023",
            headline=("#newsbreadcrumb h1", "h1"),
            body=("#article .articleContent .textBlock",),
            # Shop buttons, and the product/offer lists of shopping pieces, which the reference
            # extraction leaves out of the text.
            strip=(".orange-button-artobj", ".btnFrame", "ul", "ol"),
        ),
    )
