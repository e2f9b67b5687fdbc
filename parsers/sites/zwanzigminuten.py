"""20 Minuten (20min.ch, Tamedia)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class ZwanzigMinuten(SiteParser):
    name = "20 Minuten"
    domains = ("20min.ch",)
    layouts = (
        Layout(
            name="2024",
            subheadline=("[class*=Article_elementLead]",),
            body=("section[class*=Article_body]",),
            # Text blocks and crossheads are the story; the generic "Article_element" boxes hold
            # the key-points summary box and channel promotions.
            strip=("[class*=Article_element__]", "[class*=Article_elementAd]",
                   "[class*=Article_elementImage]", "[class*=Article_elementPoll]",
                   "[class*=Article_elementSlideshow]",
                   "[class*=Article_elementVideo]", "[class*=Article_elementEmbed]", "figure"),
        ),
    )
