"""Le Monde. The article element also holds the subscriber paywall notice, so the body is the
article's own paragraph and subheading elements."""
from ..registry import register
from ..site import Layout, SiteParser

ARTICLE = "article.article__content"


@register
class LeMonde(SiteParser):
    name = "Le Monde"
    domains = ("lemonde.fr",)
    layouts = (
        Layout(
            name="2023",
            headline=("header.article__header h1.article__title", "h1.article__title"),
            # The article credit is the og:article:author one (the paper), not the reporter link.
            authors=("meta[property='og:article:author']", "header.article__header .article__author-link"),
            byline=("header.article__header .meta__author",),
            body=(f"{ARTICLE} > .article__paragraph, {ARTICLE} > .article__sub-title, {ARTICLE} > ul, "
                  f"{ARTICLE} > blockquote",),
            strip=("figure", ".dfp-slot", ".catcher"),
        ),
    )
