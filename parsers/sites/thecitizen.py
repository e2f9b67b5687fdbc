"""The Citizen (citizen.co.za, WordPress)."""
import re

from ..registry import register
from ..site import Layout, SiteParser

# In-text links to other stories are paragraphs opened by a capitalised label: "SEE ALSO: ...".
_LINK_TEASER = re.compile(r"^[A-Z][A-Z ]{2,20}:\s")


@register
class TheCitizen(SiteParser):
    name = "The Citizen"
    domains = ("citizen.co.za",)
    layouts = (
        Layout(
            name="wordpress",
            subheadline=(".single-excerpt",),
            body=(".single-content",),
            strip=("[id^=google-ad]", "[class*=read-more-posts]", "[class*=related-posts]", "figure",
                   ".wp-caption", "[class*=newsletter]", "[class*=single-tags]"),
            # Subheading ids are slugs of their text, which trip the generic class filter when
            # they hold a word like "alert": the strip list above does the work instead.
            clean=False,
        ),
    )

    def site_body(self, doc, layout):
        body = super().site_body(doc, layout)
        if body:
            body = "\n\n".join(p for p in body.split("\n\n") if not _LINK_TEASER.match(p)) or None
        return body
