"""Het Nieuwsblad (Mediahuis platform: hashed class names, stable data-testid hooks). Paragraphs
and subheadings are direct children of the body; images and embeds sit in wrapper divs. Unsigned
stories credit the paper, as their JSON-LD does."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class Nieuwsblad(SiteParser):
    name = "Het Nieuwsblad"
    domains = ("nieuwsblad.be",)
    layouts = (
        Layout(
            name="mediahuis",
            headline=("[data-testid='article-header'] [data-testid='article-title']",
                      "[data-testid='article-title']"),
            authors=("[data-testid='article-header'] [data-testid*='author']", "json-ld:author"),
            body=("article [data-testid='article-body']",),
            strip=("[data-testid='article-body'] > div", "figure", "aside", "[data-testid*='teaser']"),
        ),
    )
