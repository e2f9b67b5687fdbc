"""The (Evening) Standard, London."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class EveningStandard(SiteParser):
    name = "The Standard"
    domains = ("standard.co.uk",)
    layouts = (
        Layout(
            name="2024",
            headline=("article h1",),
            authors=("[data-island-hydration-component='Byline'] a[href^='/author/']",),
            # Class names are build hashes. The story follows the (empty) sponsored-article slot
            # as a run of blocks, each an unclassed paragraph, between adverts, photos and related
            # links (whose texts carry classes).
            body=("#polarArticleWrapper ~ div p:not([class]), #polarArticleWrapper ~ div h2:not([class])",),
            detect=("#polarArticleWrapper",),
        ),
    )
