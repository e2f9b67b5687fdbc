"""CORRECTIV (non-profit investigative newsroom)."""
from ..registry import register
from ..site import Layout, SiteParser, all_italic


@register
class Correctiv(SiteParser):
    name = "CORRECTIV"
    domains = ("correctiv.org",)
    layouts = (
        Layout(
            name="2026",
            headline=("article.detail h1", "h1.secondary-title"),
            authors=(".detail__authors a",),
            body=(".detail__content",),
            # Blockquotes hold the boxed calls for tips, not quotations.
            strip=(".corre-entity-placement", ".ad-container", "figure", "blockquote"),
            drop=(all_italic,),     # the editing and fact-checking credits under the story
        ),
    )
