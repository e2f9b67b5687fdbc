"""tagesschau.de (ARD)."""
from ..registry import register
from ..site import BoldLeadStandfirst, Layout


@register
class Tagesschau(BoldLeadStandfirst):
    name = "tagesschau.de"
    domains = ("tagesschau.de",)
    layouts = (
        Layout(
            name="2023",
            subheadline=("article p.textabsatz",),
            body=("article.content-wrapper__group", "main article"),
            # copytext-element-wrapper boxes hold the byline, teasers to other stories, media.
            strip=(".seitenkopf", ".copytext-element-wrapper", ".meldungsfooter", "figure",
                   "[class*=teaser]", ".infobox", ".metatextline"),
        ),
    )
