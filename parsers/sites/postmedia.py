"""The Postmedia Network papers (Canada): one WordPress platform, one layout for all of them. The
"story-v2" template and the older one share the body sections and the header."""
from ..registry import register
from ..site import Layout, SiteParser, all_italic

POSTMEDIA = Layout(
    name="2024",
    headline=("h1#articleTitle", "h1.article-title"),
    body=("section.article-content__content-group--story",),
    strip=(
        ".visually-hidden", "[hidden]", ".ad__section-border", ".featured-video",
        ".featured-video__jw-strategy-title", ".embedded-video", ".more-topic",
        ".article-content__widget-group", "figure",
    ),
    # The desk's notes set in italics ("bookmark our website and sign up for our newsletters",
    # the reporter's e-mail).
    drop=(all_italic,),
)


class Postmedia(SiteParser):
    layouts = (POSTMEDIA,)


@register
class CanadaCom(Postmedia):
    name = "Canada.com"
    domains = ("o.canada.com",)


@register
class FinancialPost(Postmedia):
    name = "Financial Post"
    domains = ("financialpost.com",)


@register
class NationalPost(Postmedia):
    name = "National Post"
    domains = ("nationalpost.com",)


@register
class OttawaCitizen(Postmedia):
    name = "Ottawa Citizen"
    domains = ("ottawacitizen.com",)


@register
class TheProvince(Postmedia):
    name = "The Province"
    domains = ("theprovince.com",)
