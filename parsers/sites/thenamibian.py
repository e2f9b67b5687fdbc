"""The Namibian (namibian.com.na, WordPress with the Newspaper/tagDiv theme)."""
from ..registry import register
from ..site import Layout, SiteParser, first_match
from ..text import clean, element_text


class BoldLeadStandfirst:
    """For sites whose standfirst is the body's first paragraph set wholly in bold: the layout's
    `subheadline` selectors name the body paragraphs; the first is the standfirst if all of it is
    bold, and it is then left out of the body."""

    def site_subheadline(self, doc, layout):
        for paragraph in first_match(doc.tree, layout.subheadline)[:1]:
            text = element_text(paragraph)
            bold = clean(" ".join(element_text(el) for el in paragraph if el.tag in ("strong", "b")))
            if text and bold == text and not clean(paragraph.text):
                return text
        return None

    def site_body(self, doc, layout):
        body = super().site_body(doc, layout)
        lead = self.site_subheadline(doc, layout)
        if body and lead and body.startswith(lead):
            body = body[len(lead):].lstrip() or None
        return body


@register
class TheNamibian(BoldLeadStandfirst, SiteParser):
    name = "The Namibian"
    domains = ("namibian.com.na",)
    layouts = (
        Layout(
            name="tagdiv",
            subheadline=(".tdb_single_content .tdb-block-inner > p",),
            body=(".tdb_single_content .tdb-block-inner", ".td-post-content"),
            strip=("figure", ".wp-caption", "[class*=td-a-ad]", "[class*=related]", "[class*=share]"),
        ),
    )
