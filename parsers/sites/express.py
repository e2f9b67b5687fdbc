"""Daily Express (express.co.uk)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class Express(SiteParser):
    name = "Daily Express"
    domains = ("express.co.uk",)
    layouts = (
        Layout(
            name="2024",
            headline=("article header h1",),
            authors=(".publish-info .author a",),
            # The story, then on live blogs each entry's heading and text.
            body=("article .text-description:not(.dont-miss), article .live-events__entry-head, "
                  "article .live-events__entry-text",),
            detect=("article .text-description",),
            strip=("[id^='ad-']", "[id^='div-gpt-ad']", "#ovp-primis", "#taboola-ad"),
        ),
    )
