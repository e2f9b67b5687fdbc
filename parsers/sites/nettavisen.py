"""Nettavisen (Amedia platform: custom elements for ads, embeds and fact boxes). Cross-links
("Les også: ...") are paragraphs set entirely in bold."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class Nettavisen(SiteParser):
    name = "Nettavisen"
    domains = ("nettavisen.no",)
    layouts = (
        Layout(
            name="amedia",
            headline=("article h1[itemprop='headline']", "article h1"),
            body=("article [itemprop='articleBody'] .article-body",),
            strip=("p > b:only-child", "bazaar-ad", "amedia-smartembed", "amedia-factbox", ".fact-box",
                   "amedia-include", "amedia-image", "figure", "aside"),
        ),
    )
