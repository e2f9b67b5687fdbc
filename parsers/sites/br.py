"""BR24, the news site of Bayerischer Rundfunk."""
from ..registry import register
from ..site import Layout, SiteParser, all_italic, all_links


def link_heading(el) -> bool:
    """A heading that is only a link (to a ticker's previous page)."""
    return el.tag in ("h2", "h3") and all_links(el)


@register
class BR(SiteParser):
    name = "BR24 (Bayerischer Rundfunk)"
    domains = ("br.de",)
    layouts = (
        Layout(
            name="2024",
            authors=("[class*='ArticleModuleTeaser_authorName']", "a[class*='ArticleAuthor_author']"),
            body=("#articlebody",),
            drop=(all_italic, link_heading),    # notes in italics: a ticker's sources, the newsletter plug
        ),
    )
