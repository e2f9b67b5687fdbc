"""Article metadata from JSON-LD, then OpenGraph / <meta> / Dublin Core, then HTML heuristics.

Each extractor returns (value, source) with source one of article.SOURCES, or (None, None).
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import tldextract

from . import dates
from .authors import MAX_BYLINE, is_person_list, split_names
from .document import Document
from .text import clean, element_text, fold, similarity

ARTICLE_TYPES = {
    "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "askpublicnewsarticle", "blogposting",
    "liveblogposting", "socialmediaposting", "scholarlyarticle", "techarticle", "report",
    "satiricalarticle", "advertisercontentarticle", "posting",
}
# Offline public-suffix snapshot: parsing never touches the network.
_DOMAINS = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def _types(obj: dict) -> set[str]:
    t = obj.get("@type") or []
    if isinstance(t, str):
        t = [t]
    return {str(x).lower().rsplit("/", 1)[-1] for x in t if isinstance(x, str)}


def _text(value) -> str | None:
    """A JSON-LD value as text: strings, {"@value"}, {"name"}, or the first of a list."""
    if isinstance(value, list):
        for v in value:
            if (t := _text(v)):
                return t
        return None
    if isinstance(value, dict):
        return _text(value.get("@value") or value.get("name") or value.get("url") or value.get("@id"))
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return clean(str(value)) or None
    return None


def main_object(doc: Document) -> dict | None:
    """The JSON-LD object describing this article (not the site, a breadcrumb or a related story)."""
    candidates = [o for o in doc.json_ld if _types(o) & ARTICLE_TYPES]
    if not candidates:
        # Some sites describe the article as a WebPage whose mainEntity is the article.
        for o in doc.json_ld:
            main = o.get("mainEntity")
            if isinstance(main, dict) and _types(main) & ARTICLE_TYPES:
                candidates.append(main)
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]

    def score(o: dict) -> tuple:
        url = _text(o.get("url")) or _text(o.get("mainEntityOfPage")) or ""
        same = bool(doc.url and url and _path(url) == _path(doc.url))
        return (same, bool(o.get("headline")), len(str(o.get("articleBody") or "")))
    return max(candidates, key=score)


def _path(url: str) -> str:
    return urlsplit(url).path.rstrip("/")


# ---------------------------------------------------------------- URL and site


def canonical_url(doc: Document):
    for link in doc.tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            if (href := doc.absolute(link.get("href"))):
                return href, "html"
    value, _ = doc.meta_first("og:url")
    if (href := doc.absolute(value)):
        return href, "meta"
    return None, None


def site_of(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    ext = _DOMAINS(host)
    if ext.domain and ext.suffix:
        return f"{ext.domain}.{ext.suffix}"
    return host or None


# ---------------------------------------------------------------- headline


def _site_names(doc: Document) -> list[str]:
    names = []
    value, _ = doc.meta_first("og:site_name", "application-name", "twitter:site")
    if value:
        names.append(value.lstrip("@"))
    for o in doc.json_ld:
        if _types(o) & {"organization", "newsmediaorganization", "website"} and (n := _text(o.get("name"))):
            names.append(n)
    if doc.url:
        names.append(site_of(doc.url) or "")
    return [n for n in names if n]


def strip_site_name(title: str, doc: Document) -> str:
    """"Headline | Site" -> "Headline"; leaves titles without a recognisable suffix alone."""
    parts = re.split(r"\s+[|\-–—:·•»]\s+", title)
    if len(parts) < 2:
        return title
    names = [fold(n) for n in _site_names(doc)]
    host_word = fold((site_of(doc.url) or "").split(".")[0])
    while len(parts) > 1:
        tail, head = fold(parts[-1]), fold(parts[0])
        if any(tail and (tail == n or tail in n or n in tail) for n in names) or (host_word and host_word in tail.replace(" ", "")):
            parts.pop()
        elif any(head and (head == n or n in head) for n in names):
            parts.pop(0)
        else:
            break
    return " - ".join(parts) if len(parts) > 1 else parts[0]


def headline(doc: Document, ld: dict | None):
    """The headline as printed: the <h1> that matches the page's declared titles, else the
    declared title without the site-name suffix."""
    declared = []
    if ld and (h := _text(ld.get("headline") or ld.get("name"))):
        declared.append((h, "json-ld"))
    for name in ("og:title", "twitter:title", "dc.title", "title"):
        value, _ = doc.meta_first(name)
        if value:
            declared.append((value, "meta"))
    title_el = doc.tree.find(".//title")
    if title_el is not None and (t := clean(title_el.text_content())):
        declared.append((t, "html"))

    h1s = [(element_text(h), h) for h in doc.tree.iter("h1")]
    h1s = [(t, h) for t, h in h1s if 3 <= len(t) <= 400]
    best, best_score = None, 0.0
    for text, el in h1s:
        score = max((similarity(text, d) for d, _ in declared), default=0.0)
        if score > best_score:
            best, best_score = text, score
    if best and best_score >= 0.5:
        return best, "html"
    if len(h1s) == 1 and not declared:
        return h1s[0][0], "html"
    for value, source in declared:
        value = strip_site_name(clean(value), doc)
        if value:
            return value, source
    return None, None


# ---------------------------------------------------------------- authors

_BYLINE_CLASS = re.compile(r"byline|author|writer|autor|auteur|journalist|reporter|signature|firma|credit",
                           re.IGNORECASE)
_BYLINE_BAD_CLASS = re.compile(r"bio|avatar|image|img|photo|pic|more|other|related|social|follow|"
                               r"comment|caption|footer|box|about|description|title-of", re.IGNORECASE)


def _ld_people(value) -> tuple[list[str], list[str]]:
    """(people, organisations) named in a JSON-LD author value."""
    people, orgs = [], []
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, dict):
            name = _text(item.get("name"))
            if not name:
                continue
            (orgs if "organization" in _types(item) or "newsmediaorganization" in _types(item) else people).append(name)
        elif isinstance(item, str) and item.strip():
            people.append(item)
    return people, orgs


def byline_element(doc: Document, scope=None):
    """The element printing the byline, found by rel/itemprop/class."""
    root = scope if scope is not None else doc.tree
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("meta", "link", "script", "style", "img", "html", "body"):
            continue
        marker = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("rel"), el.get("itemprop"),
                                        el.get("data-testid"))))
        if not marker or not _BYLINE_CLASS.search(marker) or _BYLINE_BAD_CLASS.search(marker):
            continue
        text = element_text(el)
        if 3 <= len(text) <= MAX_BYLINE:
            return el, text
    return None, None


def authors(doc: Document, ld: dict | None):
    """(byline as printed, [names], source)."""
    el, printed = byline_element(doc)
    names_html = split_names(printed) if printed else []
    if ld and ld.get("author"):
        people, orgs = _ld_people(ld.get("author"))
        names = [n for p in people for n in split_names(p)] or [n for o in orgs for n in split_names(o)]
        if names:
            return printed, names, "json-ld"
    value, _ = doc.meta_first("author", "article:author", "dc.creator", "sailthru.author", "parsely-author",
                              "byl", "twitter:creator")
    if value and not value.startswith(("http", "@")):
        names = split_names(value)
        if names and is_person_list(names) or (names and not names_html):
            return printed, names, "meta"
    if names_html:
        return printed, names_html, "html"
    return printed, [], None


# ---------------------------------------------------------------- dates

_PUBLISHED_META = ("article:published_time", "og:article:published_time", "og:published_time",
                   "datepublished", "publishdate", "publish-date", "pubdate", "dc.date.issued",
                   "dcterms.issued", "dc.date", "dcterms.date", "date", "sailthru.date",
                   "parsely-pub-date", "article.published", "cxenseparse:recs:publishtime",
                   "citation_publication_date", "release_date", "dc.date.created", "created")
_MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "dc.date.modified",
                  "dcterms.modified", "last-modified", "lastmod", "article.updated")


def published(doc: Document, ld: dict | None):
    if ld:
        for key in ("datePublished", "dateCreated", "uploadDate"):
            if (value := dates.normalise(_text(ld.get(key)))):
                return value, "json-ld"
    for name in _PUBLISHED_META:
        for raw in doc.meta.get(name, []):
            if (value := dates.normalise(raw)):
                return value, "meta"
    for el in doc.tree.iter("time"):
        if el.get("itemprop", "").lower() == "datepublished" or el.get("pubdate") is not None:
            if (value := dates.normalise(el.get("datetime"))):
                return value, "html"
    for el in doc.tree.xpath('//*[@itemprop="datePublished"]'):
        if (value := dates.normalise(el.get("content") or el.get("datetime") or el.text_content())):
            return value, "html"
    if (value := dates.from_url(doc.url)):
        return value, "url"
    for el in doc.tree.iter("time"):
        if (value := dates.normalise(el.get("datetime"))):
            return value, "html"
    return None, None


def modified(doc: Document, ld: dict | None):
    if ld and (value := dates.normalise(_text(ld.get("dateModified")))):
        return value, "json-ld"
    for name in _MODIFIED_META:
        for raw in doc.meta.get(name, []):
            if (value := dates.normalise(raw)):
                return value, "meta"
    for el in doc.tree.xpath('//*[@itemprop="dateModified"]'):
        if (value := dates.normalise(el.get("content") or el.get("datetime"))):
            return value, "html"
    return None, None


# ---------------------------------------------------------------- the rest

_LANG = re.compile(r"^[a-zA-Z]{2,3}(?:[-_][a-zA-Z0-9]{2,8})*$")


def bcp47(tag: str | None) -> str | None:
    if not tag:
        return None
    tag = tag.strip().replace("_", "-")
    if not _LANG.match(tag):
        return None
    parts = tag.split("-")
    out = [parts[0].lower()]
    for p in parts[1:]:
        out.append(p.upper() if len(p) == 2 else p.title() if len(p) == 4 else p.lower())
    return "-".join(out)


def language(doc: Document, ld: dict | None):
    if ld and (value := bcp47(_text(ld.get("inLanguage")))):
        return value, "json-ld"
    if (value := bcp47(doc.tree.get("lang") or doc.tree.get("xml:lang"))):
        return value, "html"
    raw, _ = doc.meta_first("og:locale", "content-language", "language", "dc.language")
    if (value := bcp47(raw)):
        return value, "meta"
    return None, None


def section(doc: Document, ld: dict | None):
    if ld and (value := _text(ld.get("articleSection"))):
        return value, "json-ld"
    value, _ = doc.meta_first("article:section", "section", "parsely-section", "cxenseparse:articlesection")
    if value:
        return clean(value), "meta"
    return None, None


def tags(doc: Document, ld: dict | None):
    found: list[str] = []
    source = None
    if ld and ld.get("keywords"):
        kw = ld["keywords"]
        items = kw if isinstance(kw, list) else str(kw).split(",")
        found = [clean(_text(k) or "") for k in items]
        source = "json-ld"
    if not any(found):
        found = [clean(v) for v in doc.meta.get("article:tag", [])]
        source = "meta"
    if not any(found):
        raw, _ = doc.meta_first("news_keywords", "keywords")
        found = [clean(k) for k in (raw or "").split(",")]
        source = "meta"
    out = []
    for t in found:
        if t and len(t) <= 100 and t not in out:
            out.append(t)
    return (out, source) if out else ([], None)


def top_image(doc: Document, ld: dict | None):
    value, _ = doc.meta_first("og:image", "og:image:url", "twitter:image", "twitter:image:src")
    if (url := doc.absolute(value)):
        return url, "meta"
    if ld and (url := doc.absolute(_text(ld.get("image")))):
        return url, "json-ld"
    return None, None


def description(doc: Document, ld: dict | None):
    value, _ = doc.meta_first("og:description", "description", "twitter:description")
    if value:
        return clean(value), "meta"
    if ld and (value := _text(ld.get("description"))):
        return value, "json-ld"
    return None, None


def paywalled(doc: Document, ld: dict | None) -> bool:
    for obj in ([ld] if ld else []) + doc.json_ld:
        flag = obj.get("isAccessibleForFree")
        if flag is False or str(flag).lower() == "false":
            return True
    value, _ = doc.meta_first("article:content_tier", "content_tier")
    return bool(value and value.lower() in ("locked", "metered", "premium"))
