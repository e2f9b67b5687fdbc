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
            # The running text is the paragraphs and subheadings; the bullet lists under them are
            # fact summaries the site does not count as article text.
            strip=("p.caption", ".article-content > ul", ".article-content > ol", ".jad-placeholder",
                   "[id^='dfp-']", "[id^='aktion']", ".do-display-embed",
                   "p.info", ".recirculation-box", "[class*='affiliate']", "figure", "aside"),
        ),
    )
