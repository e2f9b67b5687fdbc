"""taz, die tageszeitung (taz.de)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class Taz(SiteParser):
    name = "taz"
    domains = ("taz.de",)
    layouts = (
        Layout(
            name="sectbody",
            subheadline=("article.sectbody p.intro", "[itemprop=articleBody] [itemprop=description]"),
            body=("article.sectbody", "[itemprop=articleBody]"),
            # The headline, standfirst and lead picture sit inside the article body element.
            strip=("h1", "[itemprop=headline]", "p.intro", "[itemprop=description]", "p.caption",
                   "a.picture", ".ad_bin", "[class*=contentad]", "figure", ".rack"),
        ),
    )
