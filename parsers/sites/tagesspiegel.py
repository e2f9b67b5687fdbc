"""Der Tagesspiegel (tagesspiegel.de). Class names are generated; the stable hook is
#story-elements, whose direct paragraphs and headings are the text while ad slots, pull quotes
and consent-gated embeds are wrapped in divs."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class Tagesspiegel(SiteParser):
    name = "Der Tagesspiegel"
    domains = ("tagesspiegel.de",)
    layouts = (
        Layout(
            name="2024",
            body=("#story-elements",),
            strip=("#story-elements > div", "aside", "figure"),
        ),
    )
