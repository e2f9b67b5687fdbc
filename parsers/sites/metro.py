"""Metro (metro.co.uk; WordPress). Fact boxes (full transcripts, "What else ..." lists), galleries
and the closing "Got a story?" promotion lines sit inside the article body; the promotion lines
are paragraphs set entirely in bold (subheadings are h2). The first paragraph is the standfirst."""
from ..registry import register
from ..site import Layout, SiteParser, first_match
from ..text import element_text, fold
from .lesothotimes import all_bold

BODY = "article.single-article .article-body"


def _key(text: str) -> str:
    return "".join(fold(text).split())


def without_blocks(body: str | None, blocks) -> str | None:
    """The body without the paragraphs that print one of `blocks`: for inserts a selector cannot
    single out (a bold promotion line, a list of links), found by the caller."""
    keys = {_key(element_text(block)) for block in blocks}
    if not body or not keys:
        return body
    return "\n\n".join(par for par in body.split("\n\n") if _key(par) not in keys) or None


def without_bold_lines(body: str | None, blocks) -> str | None:
    """The body without those of `blocks` set entirely in bold (promotion and "read more" lines on
    sites whose subheadings are headings, not bold paragraphs)."""
    return without_blocks(body, [block for block in blocks if all_bold(block)])


@register
class Metro(SiteParser):
    name = "Metro"
    domains = ("metro.co.uk",)
    layouts = (
        Layout(
            name="2024",
            # The JSON-LD headline is the story's title; the printed h1 is often a shorter display line.
            headline=("json-ld:headline", "article.single-article header h1.post-title", "h1.post-title"),
            body=(BODY,),
            strip=(".metro-factbox", ".ad-slot-container", "[class*='ad-slot']", ".metro-video-player",
                   "figure", "aside", "[class*='email-signup']", ".widget", "#article-below-content",
                   ".article-body > p:first-of-type"),
        ),
    )

    def site_body(self, doc, layout):
        return without_bold_lines(super().site_body(doc, layout), first_match(doc.tree, (f"{BODY} > p",)))
