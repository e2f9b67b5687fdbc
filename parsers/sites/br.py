"""BR24, the news site of Bayerischer Rundfunk."""
from .. import metadata
from ..registry import register
from ..site import Layout, SiteParser, all_italic, all_links
from ..text import clean


@register
class BR(SiteParser):
    name = "BR24 (Bayerischer Rundfunk)"
    domains = ("br.de",)
    layouts = (
        Layout(
            name="2024",
            authors=("[class*='ArticleModuleTeaser_authorName']", "a[class*='ArticleAuthor_author']"),
            body=("#articlebody",),
        ),
    )

    def site_headline(self, doc, layout):
        """The declared headline: on a live ticker the <h1> shows the latest entry instead."""
        ld = metadata.main_object(doc) or {}
        return clean(ld["headline"]) if isinstance(ld.get("headline"), str) else None

    def site_drop(self, el) -> bool:
        """Notes in italics (a ticker's sources, the newsletter plug), and headings that are only a
        link (to the previous ticker)."""
        return all_italic(el) or (el.tag in ("h2", "h3") and all_links(el))
