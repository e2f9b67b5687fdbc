"""VG, Verdens Gang (vg.no, Astro front end)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class VerdensGang(SiteParser):
    name = "VG"
    domains = ("vg.no",)
    layouts = (
        Layout(
            name="astro",
            # Paragraphs and subheadings are plain elements; the AI-written summary box,
            # pictures, videos and other widgets are <astro-island> components or integrations.
            body=("section.article-body", "[itemprop=articleBody]"),
            strip=("astro-island", "[class*=_integration]", "figure", "aside", "[class*=tooltip]"),
        ),
    )
