"""Fox News."""
from ..registry import register
from ..site import Layout, SiteParser, all_italic, all_links

STRIP = (".ad-container", ".ad", ".image-ct", ".embed-media", "#cultivate-embed", ".article-meta",
         ".featured-video .control", ".featured-video .overlay")


@register
class FoxNews(SiteParser):
    name = "Fox News"
    domains = ("foxnews.com",)
    layouts = (
        Layout(
            name="2023",
            headline=("article h1.headline", "h1.headline"),
            authors=(".article-meta .author-byline a[href*='/person/']",),
            body=(".article-body",),
            detect=(".article-body .ad.gam",),
            strip=(*STRIP, ".featured-video"),
        ),
        # Until about 2020 the caption of the lead video was printed as part of the story.
        Layout(
            name="2019",
            headline=("article h1.headline", "h1.headline"),
            authors=(".article-meta .author-byline a[href*='/person/']",),
            body=(".article-body",),
            strip=STRIP,
            clean=False,   # the generic cleaning drops captions
        ),
    )

    def site_drop(self, el) -> bool:
        """Links to related stories set as paragraphs, and the italic credit line ("... contributed
        to this report")."""
        return el.tag == "p" and (all_links(el) or all_italic(el))
