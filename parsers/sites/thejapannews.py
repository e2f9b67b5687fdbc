"""The Japan News (japannews.yomiuri.co.jp, the Yomiuri Shimbun's English site)."""
from ..registry import register
from ..site import Layout
from .yomiurishimbun import YomiuriGroup


@register
class TheJapanNews(YomiuriGroup):
    name = "The Japan News"
    domains = ("japannews.yomiuri.co.jp",)
    layouts = (
        Layout(
            name="wordpress",
            # The printed byline names the reporters; the JSON-LD author is the web desk's editor.
            authors=("#p-article-block p.byline",),
            body=("#p-article-block",),
            strip=("figure", "p.byline", "p.postdate", ".wp-caption", "[class*=ad-]", "[id^=ad_]", "aside",
                   "[class*=related]"),
        ),
    )
