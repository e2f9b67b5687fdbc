"""Nikkei (日本経済新聞; CSS-module class names "name_hash", matched by their stable prefix). The
text is the paragraphs and subheadings directly in the article section; personnel profiles and
"related articles" lists sit between them in div boxes."""
from ..registry import register
from ..site import Layout, SiteParser

SECTION = "article > section[class^='container_']"


@register
class Nikkei(SiteParser):
    name = "Nikkei"
    domains = ("nikkei.com",)
    layouts = (
        Layout(
            name="2025",
            headline=("article header h1[class^='title_']", "article header h1"),
            body=(f"{SECTION} > p[class^='paragraph_'], {SECTION} > h2, {SECTION} > h3",),
            strip=("figure",),
        ),
    )
