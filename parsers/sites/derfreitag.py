"""der Freitag (Berlin weekly)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class DerFreitag(SiteParser):
    name = "der Freitag"
    domains = ("freitag.de",)
    layouts = (
        Layout(
            name="2025",
            # The <h1> opens with the section ("Kultur :"); the title itself is the second span.
            headline=("h1.bc-article-intro__title .bo-badge--fplus",
                      "h1.bc-article-intro__title > span:last-child"),
            authors=(".bo-article-meta--page .js-article-author-name", ".bo-article-meta--page address a"),
            body=(".bo-article-text",),
            # Image placeholders, pull quotes repeating the text, the box listing the books reviewed.
            strip=(".pts-article-image", "blockquote.bo-quote", ".placeholder-infobox", "figure"),
        ),
    )
