"""VnExpress (vnexpress.net)."""
from ..registry import register
from ..site import Layout, SiteParser

# The author's name closes the text, right-aligned and bold.
_SIGNATURE = 'article.fck_detail > p[style*="text-align:right"]'


@register
class VnExpress(SiteParser):
    name = "VnExpress"
    domains = ("vnexpress.net",)
    layouts = (
        Layout(
            name="fck",
            headline=("h1.title-detail",),
            subheadline=("p.description",),
            authors=(f"{_SIGNATURE} strong", ".author_mail strong"),
            body=("article.fck_detail",),
            strip=(_SIGNATURE, "figure", ".box-tinlienquanv2", "[class*=banner]", "[data-component]",
                   ".box_embed_video", "table.tplCaption"),
        ),
    )
