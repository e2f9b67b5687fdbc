"""Süddeutsche Zeitung (sueddeutsche.de)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class SZ(SiteParser):
    name = "Süddeutsche Zeitung"
    domains = ("sueddeutsche.de",)
    layouts = (
        Layout(
            name="2023",
            body=("[data-testid=article-body]", "[itemprop=articleBody]"),
            # Ad slots and the in-text newsletter box are unnamed divs between the paragraphs.
            strip=("div:not(:has(p))", "figure", "aside"),
        ),
    )
