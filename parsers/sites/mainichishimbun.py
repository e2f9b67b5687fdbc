"""Mainichi Shimbun (毎日新聞, mainichi.jp). Each author is a link in the header tags; Japanese
names are written without spaces, which the generic name splitter takes for a stray word, so
each link's text is kept as the name."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class MainichiShimbun(SiteParser):
    name = "Mainichi Shimbun"
    domains = ("mainichi.jp",)
    layouts = (
        Layout(
            name="2025",
            headline=("#articledetail-title h1.title-page",),
            authors=("#articledetail-title .articletag-author",),
            body=("#articledetail-body",),
            strip=("[class*='articledetail-image']", "aside", "figure", "[class*='ad-articledetail']"),
        ),
    )
