"""The Guardian (theguardian.com): the "DCR" rendering (2021-) and the older frontend markup."""
from ..registry import register
from ..site import Layout, SiteParser

_STRIP = ("figure", "aside", "#sign-in-gate", ".submeta", ".after-article", "[data-component*=newsletter]",
          ".element-rich-link", ".element-video", ".element-atom", "[class*=rich-link]")


@register
class TheGuardian(SiteParser):
    name = "The Guardian"
    domains = ("theguardian.com",)
    layouts = (
        Layout(
            name="dcr",
            # Profile links first; a staff or desk credit without a profile page is only in the JSON-LD.
            authors=("address[data-component=meta-byline] a[rel=author]", "json-ld:author"),
            body=(".article-body-commercial-selector",),
            strip=_STRIP,
        ),
        Layout(
            name="frontend",
            authors=(".content__meta-container a[rel=author]", "[itemprop=author] [itemprop=name]",
                     "json-ld:author"),
            body=(".content__article-body", "[itemprop=articleBody]"),
            strip=_STRIP,
        ),
    )
