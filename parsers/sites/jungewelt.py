"""junge Welt. The headline is printed as topic line plus title ("<topic>: <title>" in its
metadata); the issue line sits beside the topic in the same kicker."""
from ..registry import register
from ..site import Layout, SiteParser, first_match
from ..text import element_text

TOPIC = (".view-article article header .kicker > div:not(.issue)",)


@register
class JungeWelt(SiteParser):
    name = "junge Welt"
    domains = ("jungewelt.de",)
    layouts = (
        Layout(
            name="2024",
            headline=(".view-article article header h1",),
            byline=(".view-article article header address.author",),
            body=(".view-article article .content",),
            strip=(".image", "figure", ".Anzeige", "[class*='Ad-']", ".article-tool-bar", "script"),
        ),
    )

    def site_headline(self, doc, layout):
        title = super().site_headline(doc, layout)
        topic = first_match(doc.tree, TOPIC)
        topic_text = element_text(topic[0]).strip() if topic else ""
        return f"{topic_text}: {title}" if title and topic_text else title
