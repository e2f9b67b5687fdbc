"""The Asahi Shimbun (朝日新聞デジタル)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class AsahiShimbun(SiteParser):
    name = "The Asahi Shimbun"
    domains = ("asahi.com",)
    layouts = (
        Layout(
            name="2025",
            headline=("main h1:not(:empty)",),
            # The credit the page declares (usually the paper itself): the byline splitter drops
            # Japanese names, which have no spaces or capitals.
            authors=("json-ld:author",),
            # Class names are build hashes: the story is main's block of paragraphs.
            body=("main > div:has(> p)",),
            strip=("figure", ".AdMod", ".notPrint", "[id='_gtm_LastLine']"),
        ),
    )
