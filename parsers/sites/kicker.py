"""kicker. The large headline is the header's h2 (the h1 in the breadcrumb line adds the club);
stories signed only with the editor's initials credit kicker, as their JSON-LD says."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class Kicker(SiteParser):
    name = "kicker"
    domains = ("kicker.de",)
    layouts = (
        Layout(
            name="2024",
            headline=("header.kick__article__header > h2", "article header h2"),
            authors=("article .kick__article__author", "article [class*='article__author']",
                     "json-ld:author"),
            body=("article .kick__article__content",),
            strip=(".kick__article__teaser", ".kick__article__zitat", ".kick__article__picture",
                   "[class*='ad-pos']", ".kick__modul", ".kick__article__detail", ".kick__bonus-stat__mask",
                   ".kick__article__share__end", "figure", "aside"),
        ),
    )
