"""DER SPIEGEL (spiegel.de)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class SpiegelOnline(SiteParser):
    name = "DER SPIEGEL"
    domains = ("spiegel.de",)
    layouts = (
        Layout(
            name="2023",
            body=("[data-area=body]",),
            # Between the text blocks ([data-area=text]): ad slots (empty sticky divs), "Mehr zum
            # Thema" sections, pictures, galleries, embeds.
            strip=("section", "figure", "aside", "[data-area=related_articles]", "[data-area=image]",
                   "[data-area=gallery]", "[data-area=video]", "[data-area=citation]", "[data-area=embed]",
                   "[data-area=paywall]"),
            clean=False,
        ),
    )
