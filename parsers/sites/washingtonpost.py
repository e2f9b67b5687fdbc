"""The Washington Post (washingtonpost.com, Next.js front end)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class WashingtonPost(SiteParser):
    name = "The Washington Post"
    domains = ("washingtonpost.com",)
    layouts = (
        Layout(
            name="2024",
            # One .article-body element per paragraph, heading or embed.
            body=(".meteredContent .article-body", "[data-qa=article-body] .article-body", ".article-body"),
            strip=("[data-testid*=-ad-]", "[class*=isStandardLayoutAd]", "[data-testid=twitter]",
                   "[data-testid=instagram]", "[data-testid*=interstitial]", "[data-qa*=interstitial]",
                   "figure", ".hide-for-print", "[data-testid*=newsletter]"),
        ),
    )
