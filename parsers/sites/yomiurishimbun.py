"""The Yomiuri Shimbun (yomiuri.co.jp, WordPress); the group's English site is thejapannews.py."""
import re

from ..registry import register
from ..site import Layout, SiteParser, first_match
from ..text import element_text

# A datelined story opens with 【place＝reporter】, e.g. "【ロンドン＝山田太郎】".
_JA_DATELINE = re.compile(r"^【(?P<place>[^＝】]{1,20})＝[^】]{0,40}】")


@register
class YomiuriShimbun(SiteParser):
    name = "The Yomiuri Shimbun"
    domains = ("yomiuri.co.jp",)
    layouts = (
        Layout(
            name="wordpress",
            # No byline on the page (reporters are named in the dateline): the JSON-LD credit,
            # the paper's online edition.
            authors=("json-ld:author",),
            dateline=(".p-main-contents > p",),
            body=(".p-main-contents",),
            strip=("figure", ".wp-caption", "[class*=p-ad]", "[id^=ad_]", "aside", "a.c-square-arrow-btn",
                   "[class*=related]"),
        ),
    )

    def site_dateline(self, doc, layout):
        for paragraph in first_match(doc.tree, layout.dateline)[:1]:
            if (found := _JA_DATELINE.match(element_text(paragraph))):
                return found["place"]
        return None
