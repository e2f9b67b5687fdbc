"""Washington Free Beacon (WordPress, Tailwind theme)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class FreeBeacon(SiteParser):
    name = "Washington Free Beacon"
    domains = ("freebeacon.com",)
    layouts = (
        Layout(
            name="2023",
            headline=(".article-head h1", "h1"),
            body=(".single-post-container .article-content", ".article-content"),
            strip=(".tag-list", ".inline-ad-wrapper", ".in-article-ad-wrapper", "figure", ".related-articles",
                   ".article-share-icons"),
        ),
    )
