"""EL PAÍS (Madrid)."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class ElPais(SiteParser):
    name = "EL PAÍS"
    domains = ("elpais.com",)
    layouts = (
        Layout(
            name="2024",
            headline=("article h1.a_t", "h1.a_t"),
            authors=(".a_md_a a.a_md_a_n", ".a_md_a a"),
            body=("article .a_c",),
            strip=("figure", ".gallery-summary-container"),
        ),
    )
