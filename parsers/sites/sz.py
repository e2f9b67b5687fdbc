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
            # Paragraphs are direct children; ad slots and the in-text newsletter box are
            # unnamed divs between them.
            strip=("[data-testid=article-body] > div", "[itemprop=articleBody] > div", "figure", "aside"),
        ),
    )
