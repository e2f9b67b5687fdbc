"""SRF, Schweizer Radio und Fernsehen (srf.ch)."""
from ..registry import register
from ..site import Layout, SiteParser, first_match
from ..text import element_text


@register
class SRF(SiteParser):
    name = "SRF"
    domains = ("srf.ch",)
    layouts = (
        Layout(
            name="2024",
            headline=(".article-title .article-title__text", "h1[itemprop=headline]"),
            authors=(".article-reference [itemprop=author]", ".article-author__name"),
            body=("section.article-content", "[itemprop=articleBody]"),
            # Expandable boxes are asides (a person's profile, background, links to a dossier).
            strip=(".expandable-box", "figure", ".related-items-list", ".sharing-bar", "[class*=media-still]",
                   "[class*=teaser]", ".article-reference"),
        ),
    )

    def site_authors(self, doc, layout):
        """The credit line lists editors' short codes separated by semicolons ("srf/abc;xyz"),
        which the generic splitter would also cut at the slash."""
        names: list[str] = []
        for el in first_match(doc.tree, layout.authors):
            names += [name.strip() for name in element_text(el).split(";") if name.strip()]
        return list(dict.fromkeys(names))
