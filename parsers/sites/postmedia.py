"""The Postmedia Network papers (Canada): one WordPress platform, one layout for all of them. The
"story-v2" template and the older one share the body sections and the header."""
from ..registry import register
from ..site import Layout, SiteParser, first_match
from ..text import element_text, fold

POSTMEDIA = Layout(
    name="2024",
    headline=("h1#articleTitle", "h1.article-title"),
    body=("section.article-content__content-group--story",),
    strip=(
        ".visually-hidden", "[hidden]", ".ad__section-border", ".story-v2-right-rail-item-container",
        ".featured-video", ".featured-video__jw-strategy-title", ".embedded-video", ".more-topic",
        ".newsletter-widget", ".article-content__widget-group", ".list-widget", "figure",
    ),
)


def _all_italic(el) -> bool:
    children = list(el)
    return bool(children) and not (el.text or "").strip() and all(
        child.tag in ("em", "i") and not (child.tail or "").strip() for child in children)


class Postmedia(SiteParser):
    def site_body(self, doc, layout):
        """Without the desk's closing note, set in italics after the story ("bookmark our website
        and sign up for our newsletters", the reporter's e-mail)."""
        body = super().site_body(doc, layout)
        if not body:
            return body
        notes = {fold(element_text(el)) for container in first_match(doc.tree, layout.body)
                 for el in container.iter("p", "div") if _all_italic(el)}
        paragraphs = body.split("\n\n")
        while len(paragraphs) > 1 and fold(paragraphs[-1]) in notes:
            paragraphs.pop()
        return "\n\n".join(paragraphs)


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
