"""The Globe and Mail (theglobeandmail.com, Arc XP "fusion" front end)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class TheGlobeAndMail(SiteParser):
    name = "The Globe and Mail"
    domains = ("theglobeandmail.com",)
    layouts = (
        Layout(
            name="arc",
            body=("article.l-article", "article#content-gate"),
            # h6 is the newsletter briefs' section label, not a subheading.
            strip=(".article-toolbar", "figure", "[class*=c-ad]", ".rawHtml", "h6", "[class*=article-tools]",
                   "[class*=newsletter]", "[class*=related]"),
        ),
    )
