"""Expressen (Stockholm)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class Expressen(SiteParser):
    name = "Expressen"
    domains = ("expressen.se",)
    layouts = (
        Layout(
            name="2025",
            headline=(".article__header h1",),
            authors=(".byline a[href^='/av/']",),
            body=(".article__body-text",),
            strip=("figure", ".rich-image"),
        ),
    )
