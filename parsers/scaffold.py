"""A first draft of a site parser from one saved page: selectors guessed from where the generic
parser found the headline, byline and body, and the generic parser's fields as the expected values
of a test case, for a person to correct. Pure: `scraper new-site` does the writing."""
from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from . import byline, metadata
from .article import Article
from .authors import split_names
from .body import _strip_junk, find_container
from .document import Document
from .registry import GENERIC
from .site import select
from .text import element_text, fold

# The fields a new test case starts with; each is compared exactly by tests/test_site_fixtures.py.
EXPECTED_FIELDS = ("headline", "subheadline", "byline", "authors", "dateline", "published", "body")
_HOST = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)+$")
_CSS_NAME = re.compile(r"^-?[A-Za-z_][\w-]*$")
# Generated class names change with every build of the site: "sc-1x2y3z", "css-abc123", "body__3xYz9".
_GENERATED_PREFIX = re.compile(r"^(?:sc|css|jsx|emotion|styled|svelte)-")
_HASH_LIKE = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z\d]{5,}$")


@dataclass(frozen=True)
class Scaffold:
    module: str          # the module name under parsers/sites/
    source: str          # its Python source
    expected: dict       # the test case: url, then expected fields


def normalise_domain(value: str) -> str | None:
    """"https://www.Example.com/x" -> "example.com"; None when it is no host name."""
    host = (urlsplit(value).hostname if "://" in value else value).lower().strip().rstrip(".")
    host = host.removeprefix("www.")
    return host if _HOST.match(host) else None


def module_name(domain: str) -> str:
    """The domain without its public suffix, as a Python name: "news.example.co.uk" -> "news_example"."""
    registrable = metadata.site_of(f"https://{domain}/") or domain
    stem = domain[: len(domain) - len(registrable)] + registrable.split(".")[0]
    name = re.sub(r"\W+", "_", stem).strip("_")
    return f"site_{name}" if name[:1].isdigit() else name


def _on_site(url: str, host: str) -> bool:
    page_host = (urlsplit(url).hostname or "").lower()
    return page_host == host or page_host.endswith(f".{host}")


def _is_stable(class_name: str) -> bool:
    if not _CSS_NAME.match(class_name) or _GENERATED_PREFIX.match(class_name):
        return False
    return not any(_HASH_LIKE.match(part) for part in re.split(r"[-_]+", class_name))


def _candidates(el) -> list[str]:
    tag = el.tag
    found = []
    if (itemprop := el.get("itemprop")) and _CSS_NAME.match(itemprop):
        found.append(f"{tag}[itemprop='{itemprop}']")
    if (ident := el.get("id")) and _is_stable(ident):
        found.append(f"{tag}#{ident}")
    found += [f"{tag}.{c}" for c in (el.get("class") or "").split() if _is_stable(c)]
    if (rel := el.get("rel")) and _CSS_NAME.match(rel):
        found.append(f"{tag}[rel='{rel}']")
    if (testid := el.get("data-testid")) and _CSS_NAME.match(testid):
        found.append(f"{tag}[data-testid='{testid}']")
    return [*found, tag]


def selector_for(el, root) -> str | None:
    """A selector matching `el` alone, from stable attributes (itemprop, id, a class that is no
    build hash, data-testid; the first in that order), else the same under its parent's."""
    for selector in _candidates(el):
        if select(root, selector) == [el]:
            return selector
    parent = el.getparent()
    if parent is None or parent.tag in ("body", "html"):
        return None
    for outer in _candidates(parent):
        for inner in _candidates(el):
            if select(root, f"{outer} > {inner}") == [el]:
                return f"{outer} > {inner}"
    return None


def group_selector(els: list, root) -> str | None:
    """A selector matching exactly `els`, from the first one's stable attributes."""
    for selector in _candidates(els[0]):
        if select(root, selector) == els:
            return selector
    return None


def guess_selectors(doc: Document, article: Article) -> dict[str, str]:
    """Field -> selector, for the elements the generic parser took the headline, byline and body from."""
    guessed: dict[str, str] = {}
    if article.headline:
        key = fold(article.headline)
        for el in doc.tree.iter("h1", "h2"):
            if fold(element_text(el)) == key:
                if (selector := selector_for(el, doc.tree)):
                    guessed["headline"] = selector
                break
    byline_el, printed = byline.byline_element(doc)
    if byline_el is not None:
        # One element per author when the printed byline does not split into the right names.
        names = {fold(name) for name in article.authors}
        per_name = [el for el in byline_el.iter() if isinstance(el.tag, str) and el is not byline_el
                    and fold(element_text(el)) in names]
        if names and split_names(printed) != article.authors and len(per_name) == len(names):
            if (selector := group_selector(per_name, doc.tree)):
                guessed["authors"] = selector
        elif (selector := selector_for(byline_el, doc.tree)):
            guessed["byline"] = selector
    # The content extractor works on a copy without scripts; the copy keeps every attribute, so a
    # selector built there matches the page.
    root = copy.deepcopy(doc.tree)
    _strip_junk(root)
    ld = metadata.main_object(doc)
    article_body = ld.get("articleBody") if ld and isinstance(ld.get("articleBody"), str) else None
    container = find_container(root.find("body") if root.find("body") is not None else root, article_body)
    if container is not None and (selector := selector_for(container, root)):
        guessed["body"] = selector
    return guessed


def module_source(name: str, class_name: str, domain: str, layout: str, selectors: dict[str, str]) -> str:
    fields = "".join(f"            {field}=({json.dumps(selector)},),\n"
                     for field, selector in selectors.items())
    return f'''"""{name}."""
from ..registry import register
from ..site import Layout, SiteParser


@register
class {class_name}(SiteParser):
    name = {json.dumps(name, ensure_ascii=False)}
    domains = ({json.dumps(domain)},)
    layouts = (
        Layout(
            name={json.dumps(layout)},
{fields}            strip=(),
        ),
    )
'''


def expected_fields(article: Article, parser_name: str) -> dict:
    """The test case: the URL, then the generic parser's values for a person to correct. The body
    is a list of paragraphs, easier to edit than one long string."""
    record = article.to_dict()
    expected = {"url": article.url, "parser": parser_name}
    for field in EXPECTED_FIELDS:
        expected[field] = record[field]
    expected["body"] = article.body.split("\n\n") if article.body else None
    expected["warnings"] = []
    return expected


def scaffold(html: str | bytes, domain: str, *, url: str | None = None, name: str | None = None,
             layout: str = "1") -> Scaffold:
    """The draft for `domain` (already normalised) from one of its pages. `url` defaults to the
    page's canonical URL when it is on the site, `name` to the page's og:site_name."""
    if url is None:
        canonical, _ = metadata.canonical_url(Document(html, url=f"https://{domain}/"))
        url = canonical if canonical and _on_site(canonical, domain) else f"https://{domain}/"
    doc = Document(html, url=url)
    article = GENERIC.parse(doc)
    name = name or doc.meta_first("og:site_name")[0] or domain.split(".")[0].title()
    module = module_name(domain)
    class_name = "".join(part.title() for part in module.split("_"))
    source = module_source(name, class_name, domain, layout, guess_selectors(doc, article))
    return Scaffold(module, source, expected_fields(article, f"{domain}/{layout}"))

