"""t-online (t-online.de, Next.js front end). The article is a stream of items
([data-testid="StageLayout.StreamItem"]): the text items hold one paragraph or subheading each,
the others pictures, videos, ads, embeds and lists of links to other stories."""
from ..registry import register
from ..site import Layout, SiteParser

_ITEM = '[data-testid="ArticleBody.StreamLayout"] [data-testid="StageLayout.StreamItem"]'


@register
class TOnline(SiteParser):
    name = "t-online"
    domains = ("t-online.de",)
    layouts = (
        Layout(
            name="stream",
            # The standfirst is the first text item, set in bold.
            subheadline=(f"{_ITEM} > p.font-bold",),
            body=(f"{_ITEM} > p:not(.font-bold), {_ITEM} > h3",),
        ),
    )
