"""TimesLIVE (timeslive.co.za, Arena Holdings' widget-based article pages)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class TimesLive(SiteParser):
    name = "TimesLIVE"
    domains = ("timeslive.co.za",)
    layouts = (
        Layout(
            name="widgets",
            # The article is a list of widgets: text, images, related-article boxes, rules.
            body=(".article-widgets .article-widget-text",),
            strip=("figure", "[class*=related]", "[class*=advert]", "[class*=ad-]"),
        ),
    )
