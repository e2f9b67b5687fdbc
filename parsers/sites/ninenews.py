"""9News (Nine; styled-components markup, each paragraph in its own "block-content"). "READ
MORE:" cross-links are blocks set entirely in bold; subheadings are h3 elements."""
from ..registry import register
from ..site import Layout, SiteParser, first_match, without_bold_lines

BODY = "article.article .article__body-croppable"


@register
class NineNews(SiteParser):
    name = "9News"
    domains = ("9news.com.au",)
    layouts = (
        Layout(
            name="2024",
            headline=("article.article h1.article__headline",),
            byline=("article.article .article__header .author__details",),
            body=(BODY,),
            strip=("figure", ".article__social", "[class*='player']", "aside"),
        ),
    )

    def site_body(self, doc, layout):
        blocks = [block for block in first_match(doc.tree, (f"{BODY} > .block-content",))
                  if not block.xpath(".//h2|.//h3|.//h4")]
        return without_bold_lines(super().site_body(doc, layout), blocks)
