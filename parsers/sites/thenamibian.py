"""The Namibian (namibian.com.na, WordPress with the Newspaper/tagDiv theme)."""
from ..registry import register
from ..site import BoldLeadStandfirst, Layout


@register
class TheNamibian(BoldLeadStandfirst):
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
