"""Börsen-Zeitung (Frankfurt), on the Purple storefront platform."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class BoersenZeitung(SiteParser):
    name = "Börsen-Zeitung"
    domains = ("boersen-zeitung.de",)
    layouts = (
        Layout(
            name="2024",
            headline=("h1.entry-title", "h1.wp-block-ppi-printheading"),
            subheadline=("h2.wp-block-ppi-subheading",),
            # The printed byline is initials or "Von Name, City"; the author block has full names.
            authors=("#authors span",),
            # Some pages spell the Open Graph property with a colon: article:published:time.
            published=("meta[property='article:published_time']", "meta[property='article:published:time']"),
            body=(".purple-content-body-inner",),
            strip=("h1", ".wp-block-ppi-aboveheading", ".wp-block-ppi-subheading",
                   ".wp-block-ppi-authorshort", ".wp-block-ppi-authorline",
                   # Online-only additions to the print text; the reference extraction leaves them out.
                   ".wp-block-ppi-onlinetext"),
        ),
    )
