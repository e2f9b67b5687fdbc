"""Frankfurter Allgemeine Zeitung (FAZ.NET): the Nuxt site since 2024 and the older one."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class FAZ(SiteParser):
    name = "Frankfurter Allgemeine Zeitung"
    domains = ("faz.net",)
    layouts = (
        Layout(
            name="2024",
            # In both layouts the <h1> is the last breadcrumb and holds the full headline; the display
            # title over the story is a shortened one.
            headline=("h1.breadcrumbs__item--no-wrap", "h1"),
            authors=(".header-detail a[href*='/redaktion/']",),
            # The opening paragraph and the rest of the story (behind the paywall) are two blocks.
            body=("article .body-elements",),
            strip=(".related-articles",),
        ),
        Layout(
            name="2019",
            headline=(".nvg-Breadcrumb h1", "h1"),
            authors=(".atc-Meta .atc-MetaAuthorLink", ".atc-Meta .atc-MetaAuthor"),
            body=(".atc-Text",),
            strip=(".atc-ContainerMore", ".ctn-PlaceholderContent"),
        ),
    )
