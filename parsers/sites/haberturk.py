"""Habertürk (Tailwind markup; the story is a series of "page-break" widgets, each with its
subheading, image, caption and paragraphs)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class Haberturk(SiteParser):
    name = "Habertürk"
    domains = ("haberturk.com",)
    layouts = (
        Layout(
            name="2024",
            headline=("article.news-tracker h1", "article h1"),
            body=("article.news-tracker .cms-container", ".cms-container"),
            strip=(".adv-news", ".widget-image", ".widget-image + span", "figure", "[class*='adv-']"),
            clean=False,
        ),
    )
