"""Daily Mail / MailOnline."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class DailyMail(SiteParser):
    name = "Daily Mail"
    domains = ("dailymail.co.uk",)
    layouts = (
        Layout(
            name="2024",
            headline=("#js-article-text h1",),
            body=("#js-article-text [itemprop='articleBody']",),
            # Photo groups with captions, embeds, and the bullet lists (the reference extraction
            # leaves them out).
            strip=(".artSplitter", ".mol-img-group", ".mol-embed", "ul.mol-bullets-with-font"),
        ),
    )
