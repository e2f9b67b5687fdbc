"""Krautreporter."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class Krautreporter(SiteParser):
    name = "Krautreporter"
    domains = ("krautreporter.de",)
    layouts = (
        Layout(
            name="2024",
            headline=("header h1.article-headers-standard__title", "header h1[class*='__title']"),
            authors=("header .article-headers-shared-author__name", "header [class*='author__name']"),
            body=(".article-reading-content .article-markdown", ".article-reading-content"),
            strip=("[class*='article-extras']", "[class*='paywall']", "figure", "aside",
                   "[class*='left-aligned-box']"),
        ),
    )
