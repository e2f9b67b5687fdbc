"""The South Asia Times, the project's seed site (a Blogger theme: AdSense blocks inside the post,
a repeated title in the post body, a "Comment / Reply From" form). Blogger's class names
(post-title, post-body, post-author, published) are shared by its themes, old and new: the
selectors use them, so that a change of theme still finds every field
(tests/test_seed_variants.py)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class SouthAsiaTimes(SiteParser):
    name = "The South Asia Times"
    domains = ("southasiatimes.org",)
    layouts = (
        Layout(
            name="blogger",
            headline=(".post-title", ".postTitle", ".entry-title"),
            byline=(".post-author", ".postAuthor"),
            published=(".published", ".postTimestamp", ".post-date"),
            body=(".post-body", "#postBody"),
            strip=(".adsense-inarticle", ".adsense-block", "ins.adsbygoogle", ".postRepeatTitle",
                   ".separator"),
        ),
    )
