"""Der Standard (Vienna)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class DerStandard(SiteParser):
    name = "Der Standard"
    domains = ("derstandard.at",)
    layouts = (
        Layout(
            name="2024",
            headline=("h1.article-title",),
            # JSON-LD names authors by givenName/familyName only; the byline prints one span each.
            authors=(".article-origins span.simple", ".article-origins a"),
            body=(".article-body",),
        ),
    )
