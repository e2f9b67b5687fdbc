"""The Nation (thenation.com, WordPress)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class TheNation(SiteParser):
    name = "The Nation"
    domains = ("thenation.com",)
    layouts = (
        Layout(
            name="wordpress",
            authors=(".byline .author_name a.author",),
            body=(".article-body-inner", ".article-body"),
            strip=("aside", "figure", "#ConnatixPlaceholder", ".inline-counter", "[class*=newsletter]",
                   "[class*=related]", ".wp-caption"),
        ),
    )
