"""Rheinische Post (rp-online.de, the "park" front end of RP Digital)."""
from ..registry import register
from ..site import Layout, SiteParser, first_match
from ..text import element_text


@register
class RheinischePost(SiteParser):
    name = "Rheinische Post"
    domains = ("rp-online.de",)
    layouts = (
        Layout(
            name="park",
            # Kicker and headline, printed as "Kicker: Headline" (the page's og:title does the same).
            headline=("header [data-cy=kicker]", "header [data-cy=article_headline]"),
            body=("[data-cy=article_content]",),
            # Between the text blocks: pictures, teaser lists, ad portals, sliders; info boxes are
            # kept without their section label.
            strip=("figure", "[data-cy*=teaser]", "[data-cy=portal]", "[data-cy*=slider]",
                   "[data-cy=park-figure]", ".park-section-mark", "#opinary-automation-placeholder",
                   "[data-park-portal-wrapper]"),
            # Tailwind utility classes ("print:max-w-...", "print:hidden") trip the generic class
            # filter on every text block.
            clean=False,
        ),
    )

    def site_headline(self, doc, layout):
        kicker, headline = (first_match(doc.tree, (selector,)) for selector in layout.headline)
        if not headline:
            return None
        parts = [element_text(kicker[0]) if kicker else "", element_text(headline[0])]
        return ": ".join(part for part in parts if part)
