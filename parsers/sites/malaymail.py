"""Malay Mail."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class MalayMail(SiteParser):
    name = "Malay Mail"
    domains = ("malaymail.com",)
    layouts = (
        Layout(
            name="2024",
            headline=("h1.article-title",),
            body=(".main-container-article-body .article-body", ".article-body"),
            strip=("[id^='mm-']", "[class*='-ad']", "script", "figure"),
        ),
    )
