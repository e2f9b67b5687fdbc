"""Metro (metro.co.uk; WordPress). Fact boxes (full transcripts, "What else ..." lists), galleries
and the closing "Got a story?" promotion lines sit inside the article body; the promotion lines
are paragraphs set entirely in bold (subheadings are h2). The first paragraph is the standfirst."""
from ..registry import register
from ..site import Layout, SiteParser, first_match, without_bold_lines

BODY = "article.single-article .article-body"


@register
class Metro(SiteParser):
    name = "Metro"
    domains = ("metro.co.uk",)
    layouts = (
        Layout(
            name="2024",
            headline=("article.single-article header h1.post-title", "h1.post-title"),
            body=(BODY,),
            strip=(".metro-factbox", ".ad-slot-container", "[class*='ad-slot']", ".metro-video-player",
                   "figure", "aside", "[class*='email-signup']", ".widget", "#article-below-content",
                   ".article-body > p:first-of-type"),
        ),
    )

    def site_body(self, doc, layout):
        return without_bold_lines(super().site_body(doc, layout), first_match(doc.tree, (f"{BODY} > p",)))
