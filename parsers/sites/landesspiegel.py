"""Landesspiegel (WordPress, Soledad "penci" theme). The post opens with its teaser as a bold
paragraph; ad slots carry the site's "lande-" prefix."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class Landesspiegel(SiteParser):
    name = "Landesspiegel"
    domains = ("landesspiegel.li",)
    layouts = (
        Layout(
            name="soledad",
            headline=("article.post .single-header h1.post-title", "article.post h1"),
            body=("article.post .inner-post-entry",),
            strip=(".inner-post-entry > p:first-of-type > strong:only-child", "[id^='lande-']",
                   "[class*='penci-ilrelated']", "[class*='countview']", ".penci-single-link-pages", "figure",
                   ".wp-caption"),
        ),
    )
