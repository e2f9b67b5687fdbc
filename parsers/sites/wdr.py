"""WDR (wdr.de, Westdeutscher Rundfunk)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class WDR(SiteParser):
    name = "WDR"
    domains = ("wdr.de",)
    layouts = (
        Layout(
            name="mod",
            headline=("h1.articleHeader",),
            subheadline=("p.einleitung",),
            byline=("p.autor",),
            # The article is a run of "mod" boxes; the paragraph boxes hold its text, the first
            # one also the headline, date line, standfirst and byline.
            body=("article[role=article] .modParagraph", "article .modParagraph"),
            strip=("h1", "p.stand", "p.einleitung", "p.autor", "p.infotext", ".checklist", ".media",
                   ".mediaCon", "figure", ".mediaInfo", ".teaser", ".modHeadline", ".fotoLink"),
        ),
    )
