"""Israel Nachrichten (WordPress). The post opens with a bold lead, is signed in an italic
paragraph and closes with a bold appeal for donations; the post meta names the uploading account.
The signature is often the desk ("IN-Redaktion"), which the generic name splitter would drop as
a role word, so it is kept as printed."""
from ..registry import register
from ..site import Layout, SiteParser, first_match
from ..text import element_text

SIGNATURE = "#main > .entry > p > em:only-child"


@register
class IsraelNachrichten(SiteParser):
    name = "Israel Nachrichten"
    domains = ("israel-nachrichten.org",)
    layouts = (
        Layout(
            name="2021",
            headline=("#main > .entry > h1.entry_title", "h1.entry_title"),
            authors=(SIGNATURE,),
            body=("#main > .entry",),
            strip=("h1", SIGNATURE, "p > strong:only-child", "p > b:only-child", "[id*='twitter']",
                   ".simplesocialbuttons", ".yarpp-related", ".singlepostmeta", "figure", ".wp-caption"),
        ),
    )

    def site_authors(self, doc, layout):
        signatures = [element_text(el).strip() for el in first_match(doc.tree, layout.authors)]
        return [s for s in signatures if s and len(s.split()) <= 4]
