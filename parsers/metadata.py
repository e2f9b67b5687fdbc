"""Article metadata from JSON-LD, then OpenGraph / <meta> / Dublin Core, then HTML heuristics.

Each extractor returns (value, source) with source one of article.SOURCES, or (None, None).
"""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

import tldextract

from .body import is_boilerplate_line
from .document import Document
from .text import clean, element_text

ARTICLE_TYPES = {
    "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "askpublicnewsarticle", "blogposting",
    "liveblogposting", "socialmediaposting", "scholarlyarticle", "techarticle", "report",
    "satiricalarticle", "advertisercontentarticle", "posting", "claimreview",
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


@lru_cache(maxsize=1024)
def site_of(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    ext = _DOMAINS(host)
    if ext.domain and ext.suffix:
        return f"{ext.domain}.{ext.suffix}"
    return host or None


# ---------------------------------------------------------------- shared helpers


def _mentions(words: tuple[str, ...], marker: str | None) -> bool:
    """Whether a class/id string contains one of `words` (substring tests: fast on any input,
    unlike a regex alternation tried at every position)."""
    low = (marker or "").lower()
    return any(w in low for w in words)


MARKER_ATTRIBUTES = ("class", "id", "data-testid", "data-cy", "itemprop")


def _markers(el) -> str:
    return " ".join(filter(None, (el.get(name) for name in MARKER_ATTRIBUTES)))


def _following(el, tags: tuple[str, ...]):
    """Elements with one of `tags` after `el` in document order."""
    found = False
    for node in el.getroottree().iter(*tags, el.tag):
        if node is el:
            found = True
        elif found and node.tag in tags:
            yield node


# Containers that are not this article: other stories, the site's header and footer.
_NOT_ARTICLE = ("related", "similar", "teaser", "sidebar", "comment", "recommend", "mostread", "most-read",
                "popular", "site-header", "masthead", "topbar", "top-bar", "navbar", "footer", "newsletter",
                "ticker", "breaking")


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


# Classes of the standfirst printed under a headline.
_STANDFIRST = ("standfirst", "dek", "subtitle", "subheadline", "sub-headline", "subhead", "lede", "lead",
               "teaser", "intro", "summary", "excerpt", "deck", "description", "abstract", "vorspann")
MAX_STANDFIRST = 600


def standfirst(doc: Document):
    """The standfirst printed just after the headline, found by its class."""
    h1 = next(doc.tree.iter("h1"), None)
    if h1 is None:
        return None, None
    for count, el in enumerate(_following(h1, ("p", "div", "h2", "span"))):
        if count >= 12:
            break
        if _mentions(_STANDFIRST, _markers(el)) and not _mentions(_NOT_ARTICLE, _markers(el)):
            text = element_text(el)
            # A byline, a date or a captioned picture credit in a box named "subhead" or "description".
            if 20 <= len(text) <= MAX_STANDFIRST and not is_boilerplate_line(text):
                return text, "html"
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
