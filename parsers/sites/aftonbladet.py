"""Aftonbladet (Stockholm)."""
from ..registry import register
from ..site import Layout, SiteParser, all_italic


@register
class Aftonbladet(SiteParser):
    name = "Aftonbladet"
    domains = ("aftonbladet.se",)
    layouts = (
        Layout(
            name="2026",
            headline=("h1[data-test-tag='headline']",),
            subheadline=("h2[data-test-tag='subtitle']",),
            # Class names are build hashes; the components carry test tags. The story is the
            # article's untagged paragraphs and its paragraph headers (lead texts are the summary).
            body=("article > p:not([data-test-tag]), article > h2[data-test-tag='paragraph-header']",),
            detect=("h1[data-test-tag='headline']",),
            drop=(all_italic,),     # the note closing a story (consent to publication, corrections)
        ),
    )
