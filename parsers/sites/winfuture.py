"""WinFuture (winfuture.de)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class WinFuture(SiteParser):
    name = "WinFuture"
    domains = ("winfuture.de",)
    layouts = (
        Layout(
            name="news",
            subheadline=("#news_content > .teaser_text",),
            body=("#news_content",),
            # The body is loose text between <br>s; the standfirst, share bar, lead picture,
            # picture captions (.hmedia) and ad slots are the elements to drop.
            strip=(".teaser_text", ".metadata", ".teaser_img_container", ".hmedia", "[id^=adr_]",
                   ".button_box", "figure", ".spktio_container"),
        ),
    )
