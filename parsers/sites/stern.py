"""Stern (stern.de)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class Stern(SiteParser):
    name = "Stern"
    domains = ("stern.de",)
    layouts = (
        Layout(
            name="2023",
            headline=(".article__title .title__headline", "h2.title__heading .title__headline"),
            subheadline=(".article__top .intro", ".article__top [class*=intro]"),
            authors=(".article__authors .authors__text a", ".article__authors .authors__text"),
            published=(".article__authors time[datetime]",),
            body=(".article__body",),
            # .article__top holds the byline and the standfirst; a closing note set wholly in
            # italics says where the piece first ran.
            strip=(".article__top", "[class*=ad-element]", ".group--aside", ".group--context",
                   "[class*=credits]", ".article__tags", "figure",
                   "p.text-element:last-of-type > em:only-child"),
        ),
    )
