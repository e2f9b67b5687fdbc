"""Business Insider Deutschland."""
from ..registry import register
from ..site import Layout, SiteParser, all_italic


@register
class BusinessInsiderDE(SiteParser):
    name = "Business Insider Deutschland"
    domains = ("businessinsider.de",)
    layouts = (
        Layout(
            name="2024",
            # The <h1> is the last breadcrumb (a short title); the headline is the entry title.
            headline=(".article-header .entry-title", "[itemprop='headline']"),
            authors=(".article-header .list-authors__link",),
            body=(".entry-content.article-body", ".article-body"),
            strip=(".bi-bulletpoints", ".bi-image", ".bi-injected-ad", ".wp-block-inline-teaser", "figure"),
            drop=(all_italic,),     # the machine-translation note and the link to the original
        ),
    )
