"""Dizindaba (isiXhosa news), on WordPress with the ColorMag theme."""
from ..registry import register
from ..site import Layout, SiteParser, all_bold


@register
class Dizindaba(SiteParser):
    name = "Dizindaba"
    domains = ("dizindaba.co.za",)
    layouts = (
        Layout(
            name="2023",
            headline=("h1.cm-entry-title",),
            body=(".cm-entry-summary[itemprop='articleBody']", ".cm-entry-summary"),
            strip=(".ai-viewports", ".addtoany_share_save_container"),
        ),
    )

    def site_drop(self, el) -> bool:
        """Run-in headings set as bold paragraphs, which the reference extraction leaves out."""
        return el.tag == "p" and all_bold(el)
