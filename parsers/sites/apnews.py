"""The Associated Press (apnews.com): the React site of 2020-2023 and the current one."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class APNews(SiteParser):
    name = "Associated Press"
    domains = ("apnews.com",)
    layouts = (
        Layout(
            name="2024",
            headline=("h1.Page-headline",),
            authors=(".Page-authors a.Link", ".Page-authors .Link"),
            body=(".RichTextStoryBody",),
            strip=(".Enhancement",),   # inline promos, photos and ads
        ),
        Layout(
            name="2020",
            headline=(".CardHeadline h1",),
            byline=(".CardHeadline [class*='Component-bylines']",),
            body=(".WireStory .Article", ".Content .Article"),
        ),
    )
