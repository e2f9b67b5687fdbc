"""Wochenblatt (wochenblatt.cc, German-language news from Paraguay, WordPress). Stories translated
from Paraguayan papers end with a source line, "Wochenblatt / <source paper>": that paper is the
credit, and the line is not body text."""
import re

from ..registry import register
from ..site import Layout, SiteParser, first_match
from ..text import element_text

_CREDIT = re.compile(r"^Wochenblatt\s*/\s*(?P<sources>.{2,60})$")


@register
class Wochenblatt(SiteParser):
    name = "Wochenblatt"
    domains = ("wochenblatt.cc",)
    layouts = (
        Layout(
            name="wordpress",
            headline=("h1.entry-title",),
            authors=(".entry-content > p:last-of-type",),
            published=("time.entry-date.published",),
            body=(".entry-content",),
            strip=(".sharedaddy", ".yarpp", "[id*=-ad]", "[class*=banner]", ".featured-media", "figure",
                   ".wp-caption", "[class*=related]"),
        ),
    )

    def _credit(self, doc, layout):
        for paragraph in first_match(doc.tree, layout.authors):
            if (found := _CREDIT.match(element_text(paragraph))):
                return found
        return None

    def site_authors(self, doc, layout):
        credit = self._credit(doc, layout)
        return [name.strip() for name in credit["sources"].split("/")] if credit else []

    def site_body(self, doc, layout):
        body = super().site_body(doc, layout)
        credit = self._credit(doc, layout)
        if body and credit and body.endswith(credit[0]):
            body = body[: -len(credit[0])].rstrip() or None
        return body
