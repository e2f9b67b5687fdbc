"""ZDFheute (zdf.de/nachrichten). Class names are generated; the article text is the
[data-testid=text-module] block, a run of items: a text item wraps one rich-text div (paragraph or
list) or a subheading; pictures and video players end in an <hr>; consent-gated infographics nest
further divs."""
from ..registry import register
from ..site import Layout, SiteParser

_ITEM = "[data-testid=text-module] > div"


@register
class ZDF(SiteParser):
    name = "ZDFheute"
    domains = ("zdf.de",)
    layouts = (
        Layout(
            name="2024",
            body=("[data-testid=text-module]",),
            strip=(f"{_ITEM}:has(hr)", f"{_ITEM} > div:has(div)", "[data-testid=content-module]", "figure"),
        ),
    )
