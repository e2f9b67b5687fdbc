"""GameStar (Webedia; WordPress blocks inside a Bootstrap page)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class Gamestar(SiteParser):
    name = "GameStar"
    domains = ("gamestar.de",)
    layouts = (
        Layout(
            name="2024",
            headline=(".div-article-title h1.article", "h1.article"),
            body=(".article .article-content",),
            strip=("p.caption", ".jad-placeholder", "[id^='dfp-']", "[id^='aktion']", ".do-display-embed",
                   "p.info", ".recirculation-box", "[class*='affiliate']", "figure", "aside"),
        ),
    )
