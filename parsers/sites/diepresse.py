"""Die Presse (Vienna)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class DiePresse(SiteParser):
    name = "Die Presse"
    domains = ("diepresse.com",)
    layouts = (
        Layout(
            name="2025",
            headline=("article h1",),
            body=("#article-body", ".article__body"),
            # The byline/date aside and the "flexmodule" fact boxes (guest-comment notice, author bio).
            strip=(".article__aside", ".flexmodule", ".fm-box", ".article__extra"),
        ),
    )
