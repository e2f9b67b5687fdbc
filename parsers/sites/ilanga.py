"""Ilanga (WordPress, Divi theme builder). The byline is a paragraph in bold alone at the top of
the post content, and a paragraph in bold alone right after an image is its caption; the JSON-LD
author is the uploading account."""
from ..registry import register
from ..site import Layout, SiteParser

BYLINE = ".et_pb_post_content > p:first-child > strong:only-child"


@register
class Ilanga(SiteParser):
    name = "Ilanga"
    domains = ("ilanganews.co.za",)
    layouts = (
        Layout(
            name="divi",
            headline=(".et_pb_post_title h1.entry-title", "h1.entry-title"),
            byline=(BYLINE,),
            body=(".et_pb_post_content",),
            strip=(BYLINE, "figure + p > strong:only-child", "[class*='ai-viewport']", "figure",
                   ".sharedaddy"),
        ),
    )
