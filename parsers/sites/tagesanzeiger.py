"""Tages-Anzeiger (tagesanzeiger.ch, Tamedia's Next.js front end shared by its regional papers)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class TagesAnzeiger(SiteParser):
    name = "Tages-Anzeiger"
    domains = ("tagesanzeiger.ch",)
    layouts = (
        Layout(
            name="tamedia",
            headline=("[class*=ContentHead_title] [data-testid=content-title]", "[class*=ContentHead_text]"),
            subheadline=("[class*=ContentHead_lead]",),
            # The JSON-LD credits the writers and the news agency; the page prints only the
            # agency line.
            authors=("json-ld:author",),
            body=("article[class*=ArticleContainer_root]",),
            strip=("nav", "[class*=ContentHead_root]", "figure", "[class*=Bottalk]", "[class*=NewsletterBox]",
                   "[class*=ArticleContainer_agencies]", "[class*=Feedback_root]", "[class*=commentbutton]",
                   "[class*=ArticleElement_ad]", "[class*=Teaser]", "[class*=Infobox]", "[class*=Related]"),
        ),
    )
