"""The Telegraph (telegraph.co.uk, Adobe Experience Manager)."""
import re

from ..registry import register
from ..site import Layout, SiteParser

_AUTHORS = (".tpl-article__byline-date .e-byline__author", ".e-byline__author",
            ".article-author .byline__author-name")
# The text components; between them sit pictures, affiliate disclaimers, product cards, embeds.
_BODY = ("[itemprop=articleBody] .articleBodyText", "[itemprop=articleBody] [data-test=article-body-text]")
# Podcast pages end with "<label>: <url>" lines (where to listen or download): links, not text,
# and the short title that introduces them goes too.
_LABELLED_URL = re.compile(r"^[\w ]{1,30}:\s*https?://\S+$")
_STRIP = ("figure", "[class*=product-card]", "[class*=Disclaimer]", ".html-embed", ".htmlEmbed",
          "[class*=teaser]")


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

    def site_body(self, doc, layout):
        kept: list[str] = []
        previous_was_link = False
        for paragraph in (super().site_body(doc, layout) or "").split("\n\n"):
            is_link = bool(_LABELLED_URL.match(paragraph))
            if not is_link:
                kept.append(paragraph)
            elif not previous_was_link and kept and len(kept[-1]) < 80 \
                    and not kept[-1].endswith((".", ":", "?", "!", "”", '"')):
                kept.pop()
            previous_was_link = is_link
        return "\n\n".join(filter(None, kept)) or None
