"""TechRadar (techradar.com, Future plc's "vanilla" platform)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class TechRadar(SiteParser):
    name = "TechRadar"
    domains = ("techradar.com",)
    layouts = (
        Layout(
            name="vanilla",
            body=("#article-body",),
            # Quote blocks are figures too and stay, without their attribution. The closing
            # follow-us line comes after a badge link to Google News.
            strip=("#utility-bar", "[class*=ad-unit]", "[id*=leaderboard]", "aside", "[class*=newsletter]",
                   "figure.van-image-figure", "figcaption", "[class*=slice-container]",
                   "a[href*='news.google.com'] + p", "[class*=rounded]"),
            # Paragraphs past the metered fold carry class="paywall", which the generic filter
            # would drop.
            clean=False,
        ),
    )
