"""The South Asia Times, the project's seed site (a Blogger theme: AdSense blocks inside the post,
a repeated title in the post body, a "Comment / Reply From" form)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class SouthAsiaTimes(SiteParser):
    name = "The South Asia Times"
    domains = ("southasiatimes.org",)
    layouts = (
        Layout(
            name="blogger",
            headline=("h1.post-title", "h1.postTitle", "h1.entry-title"),
            byline=(".post-author", ".postAuthor"),
            published=("time.published", "abbr.published"),
            body=(".post-body", "#postBody"),
            strip=(".adsense-inarticle", ".adsense-block", "ins.adsbygoogle", ".postRepeatTitle",
                   ".separator"),
        ),
    )
