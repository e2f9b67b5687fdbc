"""Taipei Times (taipeitimes.com). The credit line under the standfirst reads "AGENCY, CITY"
for wire copy, kept as printed as the credit (the place in capitals is also the dateline), or
"By Jane Doe / Staff reporter"."""
import re

from ..authors import split_names
from ..registry import register
from ..site import Layout, SiteParser, first_match
from ..text import element_text

_WIRE_CREDIT = re.compile(r"^(?P<agency>[A-Za-z][\w .'-]{1,40}),\s*(?P<place>[A-Z][A-Z .'-]{1,40})$")


@register
class TaipeiTimes(SiteParser):
    name = "Taipei Times"
    domains = ("taipeitimes.com",)
    layouts = (
        Layout(
            name="archives",
            headline=(".archives h1",),
            subheadline=(".archives h2",),
            byline=(".archives ul.boxTitle",),
            authors=(".archives ul.boxTitle",),
            dateline=(".archives ul.boxTitle",),
            body=(".archives",),
            strip=("h1", "h2", "ul.boxTitle", ".imgboxa", "[id^=ad-]", ".ad", "figure"),
        ),
    )

    def site_authors(self, doc, layout):
        credit = self._credit(doc, layout)
        wire = _WIRE_CREDIT.match(credit)
        return [credit] if wire else split_names(credit.split("/")[0])

    def site_dateline(self, doc, layout):
        wire = _WIRE_CREDIT.match(self._credit(doc, layout))
        return wire["place"].strip() if wire else None

    @staticmethod
    def _credit(doc, layout) -> str:
        found = first_match(doc.tree, layout.authors)
        return element_text(found[0]) if found else ""
