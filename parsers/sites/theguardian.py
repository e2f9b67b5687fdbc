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
        """Profile links first; a house credit without a profile ("Guardian staff reporter") is
        only in the JSON-LD, which names it verbatim."""
        names = [clean(a.text_content()) for a in first_match(doc.tree, layout.authors)]
        if not names:
            credited = (metadata.main_object(doc) or {}).get("author") or []
            for person in credited if isinstance(credited, list) else [credited]:
                names.append(clean(person.get("name") if isinstance(person, dict) else str(person)))
        return list(dict.fromkeys(filter(None, names)))
