"""ABC (Madrid), on Vocento's platform."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class ABC(SiteParser):
    name = "ABC"
    domains = ("abc.es",)
    layouts = (
        Layout(
            name="2024",
            headline=("h1.voc-title",),
            authors=(".voc-author a[href*='/autor/']",),
            body=("article .voc-d",),
            # The second half of the story sits in a "paywall" span, which the generic cleaning
            # would drop: the boilerplate is listed here instead.
            # A "related news" box keeps only its summary paragraph, as the reference extraction does.
            strip=(".voc-author", ".voc-topics", ".voc-btn__container", "figure", "aside", ".voc-advertising",
                   "nav", ".voc-d-c__header", ".voc-d-c-related-news .voc-title", ".voc-onplus"),
            clean=False,
        ),
    )
