"""Lesotho Times (WordPress). The byline is the first paragraph of the post when it is all bold;
the JSON-LD author is the uploading account."""
from ..registry import register
from ..site import Layout, SiteParser, first_match
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
            text = element_text(paragraph)
            if text:
                bold = "".join(element_text(b) for b in paragraph.iter("strong", "b") if b is not paragraph)
                return text if bold.strip() == text and len(text) <= 60 else None
        return None

    def site_body(self, doc, layout):
        body = super().site_body(doc, layout)
        byline = self.site_byline(doc, layout)
        if body and byline and body.startswith(byline):
            body = body[len(byline):].lstrip()
        return body
