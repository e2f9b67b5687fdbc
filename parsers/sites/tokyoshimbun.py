"""Tokyo Shimbun (tokyo-np.co.jp)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class TokyoShimbun(SiteParser):
    name = "Tokyo Shimbun"
    domains = ("tokyo-np.co.jp",)
    layouts = (
        Layout(
            name="2025",
            # Stories are credited to the paper in the JSON-LD only, a name the generic
            # splitter cannot keep (one word, no capitals).
            authors=("json-ld:author",),
            # The text is a run of .block divs; pictures with captions sit in .center/.right.
            body=("#entry > .block",),
            strip=(".center", ".right", ".left", "figure", "[class*=cmp-]", ".related_links"),
        ),
    )
