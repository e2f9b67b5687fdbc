"""TechCrunch (WordPress)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class TechCrunch(SiteParser):
    name = "TechCrunch"
    domains = ("techcrunch.com",)
    layouts = (
        Layout(
            name="wordpress",
            body=(".article-content", ".entry-content"),
            strip=(".wp-caption", "figure", "[class*=piano]", ".embed", ".article__event-cta",
                   ".ad-unit", ".newsletter-signup"),
            clean=False,        # the lede is "speakable-summary", which generic cleaning reads as a teaser
        ),
    )
