"""Corriere della Sera (Milan)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class CorriereDellaSera(SiteParser):
    name = "Corriere della Sera"
    domains = ("corriere.it",)
    layouts = (
        Layout(
            name="2025",
            headline=("h1.title-art-hp", "h1.title-art"),
            authors=(".author-art .writer",),
            # The story is a run of "chapter" paragraphs and subheadings between photos and embeds.
            body=("#content-to-read p.chapter-paragraph, #content-to-read h2.title-art",),
            detect=("#content-to-read",),
        ),
    )
