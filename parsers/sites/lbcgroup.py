"""LBCI (lbcgroup.tv; ASP.NET). The text is in the article body's "LongDesc" block, with banner
and related-story injections between its paragraphs."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class LBCGroup(SiteParser):
    name = "LBCI"
    domains = ("lbcgroup.tv",)
    layouts = (
        Layout(
            name="2026",
            body=("[itemprop='articleBody'] .LongDesc",),
            strip=("bannerinjection", "controlinjection", ".DimgContainer", ".my-gallery", "figure"),
        ),
    )
