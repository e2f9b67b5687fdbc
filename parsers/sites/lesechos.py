"""Les Echos (styled-components markup: only the paywall wrapper has a stable class name; the
paragraphs and subheadings are its direct children, inserts such as "Lire aussi" boxes and ad
slots are wrapped in divs)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class LesEchos(SiteParser):
    name = "Les Echos"
    domains = ("lesechos.fr",)
    layouts = (
        Layout(
            name="2024",
            body=(".post-paywall",),
            strip=(".post-paywall > div", "figure", "aside"),
        ),
    )
