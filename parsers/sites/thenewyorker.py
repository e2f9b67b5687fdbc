"""The New Yorker (newyorker.com); its Condé Nast "verso" layout is shared with wired.py."""
from ..registry import register
from ..site import Layout, SiteParser

_AUTHORS = ("[class*=ContentHeader] [data-testid=BylineName]", "[class*=content-header] .byline__name")
_BODY = (".body__inner-container", ".article__body")
_STRIP = ("inline-embed", "figure", "aside", "[class*=inline-recirc]", "[class*=consumer-marketing]",
          "[class*=ad-stickyhero]", "[class*=AdWrapper]", "[data-testid*=Ad]", "[class*=newsletter]",
          "[class*=callout--]", "[data-testid*=callout]", "[class*=ProductEmbed]", "[class*=product-embed]",
          "[data-testid*=Product]", "[class*=cne-]", "[class*=Caption]", ".heading-h3 + ul", ".heading-h3")


class CondeNastVerso(SiteParser):
    """The text is split into chunks, each a .body__inner-container (older pages: one
    .article__body); paragraphs past the metered fold carry class="paywall", which the generic
    class filter would drop: clean=False, and embeds, recirculation links, ads and product cards
    are stripped by name. Older pages end with a list of links under a .heading-h3. Buying guides
    print a shorter display title than the one they declare (kept as seo_headline)."""

    layouts = (
        # Buying guides (product callouts between the text): their pseudo-headings (table of
        # contents, spec titles), spec lists and affiliate note are not running text.
        Layout(name="guide", detect=("[data-testid=feature-large-callout]",), authors=_AUTHORS, body=_BODY,
               strip=(*_STRIP, "[role=heading]", "ul", "ol", ".blockquote-embed"), clean=False),
        Layout(name="verso", authors=_AUTHORS, body=_BODY, strip=_STRIP, clean=False),
    )


@register
class TheNewYorker(CondeNastVerso):
    name = "The New Yorker"
    domains = ("newyorker.com",)
