"""The Sun (thesun.co.uk, WordPress VIP)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class TheSun(SiteParser):
    name = "The Sun"
    domains = ("thesun.co.uk",)
    layouts = (
        Layout(
            name="wordpress",
            body=(".article__content",),
            strip=("[class*=advert]", "figure", "[class*=rail]", "[class*=read-more]", "[class*=newsletter]",
                   "[class*=video]", ".sun-grid-container", "[class*=related]"),
        ),
    )
