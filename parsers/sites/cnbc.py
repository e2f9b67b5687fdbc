"""CNBC."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class CNBC(SiteParser):
    name = "CNBC"
    domains = ("cnbc.com",)
    layouts = (
        Layout(
            name="2019",
            headline=("h1.ArticleHeader-headline",),
            authors=(".ArticleHeader-authorAndShareInline a.Author-authorName", ".Author-authorName"),
            body=(".ArticleBody-articleBody",),
            strip=(".InlineImage-imageEmbed", ".RelatedContent-relatedContent", ".PlaceHolder-wrapper",
                   "[data-test='VideoPlaceHolder']", "div[role='region']",
                   "blockquote[data-test='Pullquote']", ".QuoteInBody-inlineButton", ".HighlightShare-hidden",
                   ".lazyload-placeholder"),
        ),
    )
