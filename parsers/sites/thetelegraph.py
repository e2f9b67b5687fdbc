"""The Telegraph (telegraph.co.uk, Adobe Experience Manager)."""
from ..registry import register
from ..site import Layout, SiteParser

_AUTHORS = (".tpl-article__byline-date .e-byline__author", ".e-byline__author",
            ".article-author .byline__author-name")
# The text components; between them sit pictures, affiliate disclaimers, product cards, embeds.
_BODY = ("[itemprop=articleBody] .articleBodyText", "[itemprop=articleBody] [data-test=article-body-text]")
_STRIP = ("figure", "[class*=product-card]", "[class*=Disclaimer]", ".html-embed", ".htmlEmbed", "[class*=teaser]")


@register
class TheTelegraph(SiteParser):
    name = "The Telegraph"
    domains = ("telegraph.co.uk",)
    layouts = (
        # Shopping guides ("Telegraph Recommended"): their bullet lists are product specs and
        # jump links to the products, not running text.
        Layout(name="recommended", detect=("body.segment--recommended",), authors=_AUTHORS, body=_BODY,
               strip=(*_STRIP, "ul", "ol")),
        Layout(name="aem", authors=_AUTHORS, body=_BODY, strip=_STRIP),
    )
