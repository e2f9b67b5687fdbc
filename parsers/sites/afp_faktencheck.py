"""AFP Faktencheck, the German fact-checking desk of Agence France-Presse."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class AFPFaktencheck(SiteParser):
    name = "AFP Faktencheck"
    domains = ("faktencheck.afp.com",)
    layouts = (
        Layout(
            name="2026",
            headline=("article h1",),
            # Authors, and the desk that translated and adapted the piece, each a person link.
            authors=(".list-informations .person-link a", ".list-informations .person-link"),
            published=(".information-item[data-type='created']",),
            body=(".wrapper-body .field--name-body",),
            strip=(".wrapper-image", ".legend"),
        ),
    )
