"""The Intercept (theintercept.com, React front end)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class TheIntercept(SiteParser):
    name = "The Intercept"
    domains = ("theintercept.com",)
    layouts = (
        Layout(
            name="react",
            body=(".PostContent", ".entry-content"),
            strip=(".Pullquote", "blockquote.stylized", "[class*=Newsletter]", "[class*=PromoteRelatedPost]",
                   "figure", "[class*=Caption]", "[class*=InlineImage]", "[id^=third-party]"),
        ),
    )
