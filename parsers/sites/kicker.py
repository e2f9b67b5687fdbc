"""kicker. The large headline is the header's h2 (the h1 in the breadcrumb line adds the club);
stories signed only with the editor's initials credit kicker, as their JSON-LD says."""
from .. import metadata
from ..registry import register
from ..site import Layout, SiteParser
from ..text import clean


def ld_author_names(doc) -> list[str]:
    """The JSON-LD author names as given: for sites whose only credit is the publisher ("kicker",
    "nieuwsblad.be"), which the generic name splitter does not take for a person."""
    author = (metadata.main_object(doc) or {}).get("author")
    return [clean(a["name"]) for a in (author if isinstance(author, list) else [author])
            if isinstance(a, dict) and isinstance(a.get("name"), str) and a["name"].strip()]


@register
class Kicker(SiteParser):
    name = "kicker"
    domains = ("kicker.de",)
    layouts = (
        Layout(
            name="2024",
            headline=("header.kick__article__header > h2", "article header h2"),
            authors=("article .kick__article__author", "article [class*='article__author']"),
            body=("article .kick__article__content",),
            strip=(".kick__article__teaser", ".kick__article__zitat", ".kick__article__picture",
                   "[class*='ad-pos']", ".kick__modul", ".kick__article__detail", ".kick__bonus-stat__mask",
                   ".kick__article__share__end", "figure", "aside"),
        ),
    )

    def site_authors(self, doc, layout):
        return super().site_authors(doc, layout) or ld_author_names(doc)
