"""MDR (Mitteldeutscher Rundfunk). The story is a run of "modParagraph" modules between teaser
modules; the first holds the header, later ones the paragraphs and jump-labelled subheadings.
Pull quotes and the closing "MDR (abc)" credit are paragraphs with a style modifier class."""
from ..registry import register
from ..site import Layout, SiteParser

BOX = ".sectionDetailPage .modParagraph .box"


@register
class MDR(SiteParser):
    name = "MDR"
    domains = ("mdr.de",)
    layouts = (
        Layout(
            name="2023",
            body=(f"{BOX} > .paragraph:not(.cssCitationStyleProperties):not(.cssParagraphStyleProperties), "
                  f"{BOX} > h3.subtitle",),
            strip=(".mediaCon", "figure", ".quote"),
        ),
    )
