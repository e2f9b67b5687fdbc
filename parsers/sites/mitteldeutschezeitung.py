"""Mitteldeutsche Zeitung (Funke-style "fp-" article markup)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class MitteldeutscheZeitung(SiteParser):
    name = "Mitteldeutsche Zeitung"
    domains = ("mz.de",)
    layouts = (
        Layout(
            name="2024",
            body=("article .fp-article-body", ".fp-article-body"),
            strip=("figure", ".fp-related-articles", "[id^='ad-']", ".fp-paywall"),
        ),
    )
