"""The Guardian (theguardian.com): the "DCR" rendering (2021-) and the older frontend markup."""
from .. import metadata
from ..registry import register
from ..site import Layout, SiteParser, first_match
from ..text import clean

_STRIP = ("figure", "aside", "#sign-in-gate", ".submeta", ".after-article", "[data-component*=newsletter]",
          ".element-rich-link", ".element-video", ".element-atom", "[class*=rich-link]")


@register
class TheGuardian(SiteParser):
    name = "The Guardian"
    domains = ("theguardian.com",)
    layouts = (
        Layout(
            name="dcr",
            authors=("address[data-component=meta-byline] a[rel=author]",),
            body=(".article-body-commercial-selector",),
            strip=_STRIP,
        ),
        Layout(
            name="frontend",
            authors=(".content__meta-container a[rel=author]", "[itemprop=author] [itemprop=name]"),
            body=(".content__article-body", "[itemprop=articleBody]"),
            strip=_STRIP,
        ),
    )

    def site_authors(self, doc, layout):
        """Profile links first; a staff or desk credit without a profile page is only in the
        JSON-LD."""
        names = [clean(a.text_content()) for a in first_match(doc.tree, layout.authors)]
        return list(dict.fromkeys(filter(None, names))) or ld_author_names(doc)


def ld_author_names(doc) -> list[str]:
    """Every author the JSON-LD credits, people and organisations alike, verbatim (the generic
    parser keeps people only and drops house credits its name splitter takes for roles)."""
    credited = (metadata.main_object(doc) or {}).get("author") or []
    names = [clean(one.get("name") if isinstance(one, dict) else str(one))
             for one in (credited if isinstance(credited, list) else [credited])]
    return list(dict.fromkeys(filter(None, names)))
