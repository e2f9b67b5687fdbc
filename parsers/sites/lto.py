"""Legal Tribune Online (TYPO3). The header's first meta line is the byline ("von <name>"), the
second the date; the meta author tag names only the site."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class LTO(SiteParser):
    name = "Legal Tribune Online"
    domains = ("lto.de",)
    layouts = (
        Layout(
            name="2025",
            byline=("article.reader header .reader__wrapper p.reader__meta-info:first-of-type",),
            body=("article.reader .article-text-wrapper",),
            strip=(".reader__intro", ".ad__container", "[class*='advert']", ".toolbar", ".citewrapper", "nav",
                   "figure", "aside"),
        ),
    )
