"""Lesotho Times (WordPress). The byline is the first paragraph of the post when it is all bold;
the JSON-LD author is the uploading account."""
from ..registry import register
from ..site import Layout, SiteParser, all_bold, first_match, without_lead
from ..text import element_text


@register
class LesothoTimes(SiteParser):
    name = "Lesotho Times"
    domains = ("lestimes.com",)
    layouts = (
        Layout(
            name="2025",
            headline=("article .entry-header h1.entry-title", "h1.entry-title"),
            byline=("article .entry-content > p",),
            body=("article .entry-content",),
            strip=(".feature-postimg", ".sfsiaftrpstwpr", ".sharedaddy", "figure", "[class*='code-block']"),
        ),
    )

    def site_byline(self, doc, layout):
        # A drop cap is bold too, so the whole paragraph must be bold, not just a part of it.
        for paragraph in first_match(doc.tree, layout.byline):
            if (text := element_text(paragraph)):
                return text if all_bold(paragraph) and len(text) <= 60 else None
        return None

    def site_body(self, doc, layout):
        return without_lead(super().site_body(doc, layout), self.site_byline(doc, layout))
