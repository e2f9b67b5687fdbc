"""Luxemburger Wort (Next.js; CSS-module class names, so the stable data-testid hooks are used)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class LuxemburgerWort(SiteParser):
    name = "Luxemburger Wort"
    domains = ("wort.lu",)
    layouts = (
        Layout(
            name="2025",
            headline=("[data-testid='article-headline']",),
            body=("article [data-testid='article-body']",),
            strip=("figure", "[class*='ad-element']", "[class*='RelatedTeaser']", "[class*='pullQuote']",
                   "[data-testid='article-tags']"),
        ),
    )
