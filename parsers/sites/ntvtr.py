"""NTV (ntv.com.tr). The source line under the date reads "<section link> - <source>", e.g. an
agency; the JSON-LD author is the channel."""
import copy

from ..registry import register
from ..site import Layout, SiteParser, first_match
from ..text import clean, element_text


@register
class NTVTR(SiteParser):
    name = "NTV"
    domains = ("ntv.com.tr",)
    layouts = (
        Layout(
            name="2024",
            headline=(".category-detail-left h1.category-detail-title", "h1.category-detail-title"),
            authors=(".category-detail-news-info .news-info-text > p:not([class])",),
            body=("#contentBodyArea .category-detail-content-inner",),
            strip=(".img-wrapper", ".category-detail-content-inner > div:not(.content-news-tag-selector)",
                   "figure", "script", ".social", ".label-items"),
        ),
    )

    def site_authors(self, doc, layout):
        names = []
        for line in first_match(doc.tree, layout.authors):
            source = copy.deepcopy(line)
            for link in list(source.iter("a")):    # the section link, not a source
                link.drop_tree()
            if (name := clean(element_text(source)).strip(" -–")):
                names.append(name)
        return names
