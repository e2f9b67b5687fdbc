"""Nikkan Gendai (日刊ゲンダイDIGITAL). The body box opens with a deck line in an h2; names in the
text are tag links, so the generic link cleaning is off. Stories credit the paper, as their JSON-LD
does."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class NikkanGendai(SiteParser):
    name = "Nikkan Gendai"
    domains = ("nikkan-gendai.com",)
    layouts = (
        Layout(
            name="2025",
            headline=("main .page-title h1", ".page-title h1"),
            authors=("main .article-wrap [class*='author']", "json-ld:author"),
            body=("main .article-detail-box",),
            strip=(".article-detail-box > h2:first-child", ".photo-box", "figure", ".ad-box",
                   "[id^='div-gpt-ad']"),
            clean=False,
        ),
    )
