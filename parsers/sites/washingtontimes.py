"""The Washington Times."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class WashingtonTimes(SiteParser):
    name = "The Washington Times"
    domains = ("washingtontimes.com",)
    layouts = (
        Layout(
            name="2023",
            headline=("h1.page-headline", "article h1"),
            byline=(".article-text .meta .byline",),
            body=(".article-text .bigtext", ".storyareawrapper"),
            strip=("[class*=piano]", ".connatixcontainer", "aside", ".permission", "#comment-policy",
                   "[id^=comment]", "figure"),
        ),
    )
