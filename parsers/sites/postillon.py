"""Der Postillon (Blogger). The authors sign with lower-case initials in the small credit line
closing the post ("ssi, dan; Foto: ...; Erstveröffentlichung: ..."), which the generic name
splitter would discard as non-names; the JSON-LD names only the site. Stories open with a
German-style dateline, "Kiel (dpo) - ..."."""
from ..registry import register
from ..site import GermanDatelineParser, Layout, first_match
from ..text import element_text

CREDIT = ".post-body > span:last-child"


@register
class Postillon(GermanDatelineParser):
    name = "Der Postillon"
    domains = ("der-postillon.com",)
    layouts = (
        Layout(
            name="blogger",
            headline=("article h1.entry-title", "h1.post-title"),
            authors=(CREDIT,),
            body=("article .post-body",),
            strip=(CREDIT, ".separator", ".post-share", "figure", "[class*='adsense']", "ins.adsbygoogle"),
        ),
    )

    def site_authors(self, doc, layout):
        found = first_match(doc.tree, layout.authors)
        signature = element_text(found[0]).split(";")[0] if found else ""
        if ":" in signature or len(signature) > 60:    # a photo credit or prose: nobody signed
            return []
        return [initials.strip() for initials in signature.split(",") if initials.strip()]
