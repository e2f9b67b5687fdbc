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
)


class Postmedia(SiteParser):
    def site_drop(self, el) -> bool:
        """The desk's notes set in italics ("bookmark our website and sign up for our
        newsletters", the reporter's e-mail)."""
        return all_italic(el)


@register
class CanadaCom(Postmedia):
    name = "Canada.com"
    domains = ("o.canada.com",)
    layouts = (POSTMEDIA,)


@register
class FinancialPost(Postmedia):
    name = "Financial Post"
    domains = ("financialpost.com",)
    layouts = (POSTMEDIA,)


@register
class NationalPost(Postmedia):
    name = "National Post"
    domains = ("nationalpost.com",)
    layouts = (POSTMEDIA,)


@register
class OttawaCitizen(Postmedia):
    name = "Ottawa Citizen"
    domains = ("ottawacitizen.com",)
    layouts = (POSTMEDIA,)


@register
class TheProvince(Postmedia):
    name = "The Province"
    domains = ("theprovince.com",)
    layouts = (POSTMEDIA,)
