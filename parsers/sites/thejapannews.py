"""The Japan News (japannews.yomiuri.co.jp, the Yomiuri Shimbun's English site)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class TheJapanNews(SiteParser):
    name = "The Japan News"
    domains = ("japannews.yomiuri.co.jp",)
    layouts = (
        Layout(
            name="wordpress",
            # The credit is the JSON-LD author (the web desk's editor), not the printed byline.
            authors=("json-ld:author",),
            body=("#p-article-block",),
            strip=("figure", "p.byline", "p.postdate", ".wp-caption", "[class*=ad-]", "[id^=ad_]", "aside",
                   "[class*=related]"),
        ),
    )
