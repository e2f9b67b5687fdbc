"""Euronews: the English and French editions share one platform and one layout."""
from ..registry import register
from ..site import Layout, SiteParser

EURONEWS = Layout(
    name="2024",
    headline=("h1.c-article-redesign-title",),
    body=(".c-article-content",),
    strip=(".widget", "figure"),
)


@register
class EuronewsEN(SiteParser):
    name = "Euronews (English)"
    domains = ("euronews.com",)
    layouts = (EURONEWS,)


@register
class EuronewsFR(SiteParser):
    name = "Euronews (français)"
    domains = ("fr.euronews.com",)
    layouts = (EURONEWS,)
