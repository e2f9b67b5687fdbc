"""Neue Zürcher Zeitung (Nuxt; each story element carries the "articlecomponent" class). On live
tickers the printed title is the latest update; the ticker's own title is the declared one
(seo_headline)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class NZZ(SiteParser):
    name = "Neue Zürcher Zeitung"
    domains = ("nzz.ch",)
    layouts = (
        Layout(
            name="2024",
            body=(".article > section.container--article",),
            strip=(".headline", "figure", ".footnote", ".pageelement", "#paywall_container",
                   "[class*='adnz-']", "aside", ".articlecomponent__description", "[class*='teaser']"),
            clean=False,
        ),
    )
