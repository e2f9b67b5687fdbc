"""WorldTruth.TV (worldtruth.tv, WordPress with the Newspaper/tagDiv theme)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class WorldTruth(SiteParser):
    name = "WorldTruth.TV"
    domains = ("worldtruth.tv",)
    layouts = (
        Layout(
            name="tagdiv",
            body=(".td-post-content",),
            # Only the running paragraphs are kept: the reference extraction for this site leaves
            # out the h3 section titles and bullet lists of these listicle-style posts.
            strip=("h3", "ul", "ol", ".td-g-rec", "[class*=swp_social]", "[class*=related_posts]", "figure",
                   ".wp-caption", "[class*=td-a-rec]", "[class*=sharedaddy]"),
        ),
    )
