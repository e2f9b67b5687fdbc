"""DIE ZEIT / ZEIT ONLINE, including its agency news pages (zeit.de/news)."""
from ..registry import register
from ..site import Layout, SiteParser
from ..text import element_text


@register
class DieZeit(SiteParser):
    name = "DIE ZEIT"
    domains = ("zeit.de",)
    layouts = (
        Layout(
            name="2023",
            headline=("h1.article-heading",),
            body=(".article-body .article-page", ".article-body"),
            strip=("figure", ".ad-container", "aside"),
        ),
    )

    def site_drop(self, el) -> bool:
        """The agency's copyright line closing a wire story ("© dpa-infocom, dpa:...")."""
        return el.tag == "p" and element_text(el).startswith("©")
