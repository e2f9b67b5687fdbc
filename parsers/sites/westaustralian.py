"""The West Australian (thewest.com.au, Seven West Media's "Athena" React front end)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class WestAustralian(SiteParser):
    name = "The West Australian"
    domains = ("thewest.com.au",)
    layouts = (
        Layout(
            name="athena",
            headline=("h1[itemprop=headline]",),
            body=("#ArticleContent", "article[itemprop=articleBody]"),
            strip=("aside", "[class*=AdUnit]", "figure", "[class*=Breach]"),
        ),
    )
