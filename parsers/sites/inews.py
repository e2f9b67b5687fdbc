"""i (inews.co.uk; WordPress served through Next.js). Paragraphs are often mostly links, so the
generic link-density cleaning is off."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class INews(SiteParser):
    name = "i"
    domains = ("inews.co.uk",)
    layouts = (
        Layout(
            name="2023",
            headline=("article h1.headline",),
            body=("article .article-content",),
            strip=("[class*='email-signup']", ".inews__advert", ".inews__mpu", "[class*='relatedarticle']",
                   "figure", ".article-end", ".piano-lock-container",
                   # the closing credit line ("Additional reporting by ...") is set in italics alone
                   ".article-content > p:last-of-type > em:only-child"),
            clean=False,
        ),
    )
