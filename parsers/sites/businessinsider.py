"""Business Insider (US edition)."""
from ..registry import register
from ..site import Layout, SiteParser, link_list


@register
class BusinessInsider(SiteParser):
    name = "Business Insider"
    domains = ("businessinsider.com",)
    layouts = (
        Layout(
            name="2024",
            headline=("h1.post-headline",),
            authors=(".byline .byline-author-name",),
            published=(".byline .byline-timestamp[data-timestamp]",),
            # A slideshow (intro, then one titled slide each) or a plain story.
            body=("section.slideshow-container", "#piano-inline-content-wrapper",
                  "section.post-body-content"),
            detect=("h1.post-headline",),
            # The key-points list is the summary; the story sits in a paywall ("piano") wrapper
            # that the generic cleaning would drop, so the boilerplate is listed here instead.
            strip=(".summary-list", ".inline-newsletter-signup", "figure", ".slide-options", ".ad",
                   ".ad-wrapper", "[data-component-type='inline-newsletter-module']"),
            clean=False,
        ),
        Layout(
            name="2019",
            headline=("h1[itemprop='name']", "h1"),
            body=(".KonaBody.post-content", ".post-content"),
            drop=(link_list,),      # related stories, unmarked in this layout
            clean=False,            # the key-points list opens the story in this layout
        ),
    )
