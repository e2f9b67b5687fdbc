"""Mitteldeutsche Zeitung ("fp-" article markup; dpa copy with German-style datelines)."""
from ..registry import register
from ..site import GermanDatelineParser, Layout


@register
class MitteldeutscheZeitung(GermanDatelineParser):
    name = "Mitteldeutsche Zeitung"
    domains = ("mz.de",)
    layouts = (
        Layout(
            name="2024",
            body=("article .fp-article-body", ".fp-article-body"),
            strip=("figure", ".fp-related-articles", "[id^='ad-']", ".fp-paywall"),
        ),
    )
