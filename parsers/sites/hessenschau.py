"""hessenschau.de (Hessischer Rundfunk). The teaser opens the copy as a bold paragraph; the
"Redaktion:" line at the foot lists editors, and the JSON-LD credits the newsroom."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class Hessenschau(SiteParser):
    name = "hessenschau.de"
    domains = ("hessenschau.de",)
    layouts = (
        Layout(
            name="2024",
            headline=("article.page .c-contentHeader h1", "article.page h1"),
            authors=("article.page .c-contentHeader [class*='author']", "json-ld:author"),
            body=("article.page > .region--narrow",),
            strip=("p.copytext__text:first-child > strong:only-child", "figure", ".infobox",
                   ".additionalInfo", ".contentFooter", "aside"),
        ),
    )
