"""The Yomiuri Shimbun (yomiuri.co.jp, WordPress); the group's English site is thejapannews.py."""
import re

from ..authors import split_names
from ..registry import register
from ..site import Layout, SiteParser, first_match
from ..text import element_text
from .theguardian import ld_author_names

# A datelined story opens with 【place＝reporter】, e.g. "【ロンドン＝山田太郎】".
_JA_DATELINE = re.compile(r"^【(?P<place>[^＝】]{1,20})＝[^】]{0,40}】")


class YomiuriGroup(SiteParser):
    """A printed byline reads "By <names> / <desk>": the names are before the slash. Without
    one, the JSON-LD credit is used verbatim (the Japanese site credits the paper's online
    edition, a name the generic splitter cannot keep: one word, no capitals)."""

    def site_authors(self, doc, layout):
        printed = [el for el in first_match(doc.tree, layout.authors) if el.tag != "script"]
        names = [name for el in printed for name in split_names(element_text(el).split(" / ")[0])]
        return list(dict.fromkeys(names)) or ld_author_names(doc)

    def site_dateline(self, doc, layout):
        for paragraph in first_match(doc.tree, layout.dateline)[:1]:
            if (found := _JA_DATELINE.match(element_text(paragraph))):
                return found["place"]
        return None


@register
class YomiuriShimbun(YomiuriGroup):
    name = "The Yomiuri Shimbun"
    domains = ("yomiuri.co.jp",)
    layouts = (
        Layout(
            name="wordpress",
            # No byline on the page (reporters are named in the dateline): the JSON-LD credit.
            authors=('script[type="application/ld+json"]',),
            dateline=(".p-main-contents > p",),
            body=(".p-main-contents",),
            strip=("figure", ".wp-caption", "[class*=p-ad]", "[id^=ad_]", "aside", "a.c-square-arrow-btn",
                   "[class*=related]"),
        ),
    )
