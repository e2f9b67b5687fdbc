"""Daily Maverick (South Africa)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class DailyMaverick(SiteParser):
    name = "Daily Maverick"
    domains = ("dailymaverick.co.za",)
    layouts = (
        Layout(
            name="2025",
            authors=(".info-bar .author-name a",),
            body=(".article-content",),
            # The standfirst opens the body as an <h2>; photos, galleries and adverts in between.
            strip=(".first-paragraph", ".dm_add_wrapper", ".wp-caption", ".post_gallery",
                   "[id^='in-article-action']"),
        ),
    )
