"""The Asahi Shimbun (朝日新聞デジタル)."""
from .. import metadata
from ..registry import register
from ..site import Layout, SiteParser
from ..text import clean


@register
class AsahiShimbun(SiteParser):
    name = "The Asahi Shimbun"
    domains = ("asahi.com",)
    layouts = (
        Layout(
            name="2025",
            headline=("main h1:not(:empty)",),
            # Class names are build hashes: the story is main's block of paragraphs.
            body=("main > div:has(> p)",),
            strip=("figure", ".AdMod", ".notPrint", "[id='_gtm_LastLine']"),
        ),
    )

    def site_authors(self, doc, layout):
        """The credit the page declares (usually the paper itself): the byline splitter drops
        Japanese names, which have no spaces or capitals."""
        ld = metadata.main_object(doc) or {}
        credits = ld.get("author") if isinstance(ld.get("author"), list) else [ld.get("author")]
        return [clean(c["name"]) for c in credits if isinstance(c, dict) and isinstance(c.get("name"), str)]
