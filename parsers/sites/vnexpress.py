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
            # Picture captions (p.Image, in a figcaption or an older caption table) are part of the
            # story text on this site: the generic cleaning, which drops figures, is off.
            strip=(_SIGNATURE, ".fig-picture", ".box-tinlienquanv2", "[class*=banner]", "[data-component]",
                   ".box_embed_video"),
            clean=False,
        ),
    )
