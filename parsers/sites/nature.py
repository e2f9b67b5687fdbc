"""Nature (news and comment pages). "Read more" links between the paragraphs are part of the
printed article text, so the generic link-density cleaning is off."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class Nature(SiteParser):
    name = "Nature"
    domains = ("nature.com",)
    layouts = (
        Layout(
            name="2025",
            headline=("article .c-article-header h1", "h1.c-article-magazine-title"),
            body=("article .c-article-body",),
            strip=("figure", ".app-access-wall", "[id^='registration-wall']", ".c-article-references",
                   ".c-ad", ".js-ad", ".c-nature-box", "aside"),
            clean=False,
        ),
    )
