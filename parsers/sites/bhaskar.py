"""Dainik Bhaskar (Hindi)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class Bhaskar(SiteParser):
    name = "Dainik Bhaskar"
    domains = ("bhaskar.com",)
    layouts = (
        Layout(
            name="2024",
            headline=("article h1",),
            # Class names are build hashes: the story is the article's paragraphs, the first one
            # free and the rest in the "paywallBlockedContent" block; photos and captions are divs.
            body=("article > p, article > h2, article .paywallBlockedContent > p, "
                  "article .paywallBlockedContent > h2, article .paywallBlockedContent > ul",),
            detect=("article .paywallBlockedContent", "article > p"),
        ),
    )
