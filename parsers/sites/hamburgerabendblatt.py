"""Hamburger Abendblatt (Funke's Tailwind platform). The headline is the hgroup's (live pages keep
their first title in the JSON-LD, kept as seo_headline, while the h2 follows the latest entry).
Link lists of related stories, with the heading that
introduces them, sit between the paragraphs; live pages open the body with a teaser paragraph."""
from ..registry import register
from ..site import Layout, SiteParser, first_match, without_blocks

BODY = "article .article-body"


def is_link_list(element) -> bool:
    items = element.findall("li")
    return bool(items) and all(item.find(".//a") is not None for item in items)


@register
class HamburgerAbendblatt(SiteParser):
    name = "Hamburger Abendblatt"
    domains = ("abendblatt.de",)
    layouts = (
        Layout(
            name="funke",
            headline=("article hgroup h2", "article hgroup h1"),
            body=(BODY,),
            strip=(f"{BODY} > p.font-medium:first-child", "aside", "figure", "[id^='piano-']",
                   ".not-prose", "h4", "style", "[class*='player']"),
        ),
    )

    def site_body(self, doc, layout):
        inserts = []
        for link_list in (ul for ul in first_match(doc.tree, (f"{BODY} > ul",)) if is_link_list(ul)):
            inserts.append(link_list)
            heading = link_list.getprevious()
            if heading is not None and heading.tag in ("h2", "h3", "h4"):
                inserts.append(heading)
        return without_blocks(super().site_body(doc, layout), inserts)
