"""The Sankei Shimbun (sankei.com, Arc XP)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class SankeiShimbun(SiteParser):
    name = "Sankei Shimbun"
    domains = ("sankei.com",)
    layouts = (
        Layout(
            name="arc",
            body=(".article-body",),
            strip=("figure", "[class*=gptAd]", "[class*=ad-container]"),
        ),
    )
