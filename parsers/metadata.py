"""Article metadata from JSON-LD, then OpenGraph / <meta> / Dublin Core, then HTML heuristics.

Each extractor returns (value, source) with source one of article.SOURCES, or (None, None).
"""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

import tldextract

from . import dates
from .authors import MAX_BYLINE, looks_like_credit, looks_like_person, split_names
from .document import Document
from .text import clean, element_text, fold, similarity

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


MAX_TITLE = 1000
MAX_HEADLINE = 400     # longer than this, a declared "title" is a paragraph or junk
# " | ", " - ", " — ", ": " between a headline and a site name; full-width forms need no spaces.
# The look-behind starts a match only at the beginning of a run of spaces: linear on any input.
_TITLE_SEPARATOR = re.compile(r"(?<!\s)\s+[|\-–—:·•»/]\s+|(?<!\s):\s+|[｜：]")


def strip_site_name(title: str, doc: Document) -> str:
    """"Headline | Site" -> "Headline"; leaves titles without a recognisable suffix alone and
    keeps the separators inside the headline as printed."""
    title = title[:MAX_TITLE]
    cuts = [(m.start(), m.end()) for m in _TITLE_SEPARATOR.finditer(title)]
    if not cuts:
        return title
    names = [n for n in (fold(x) for x in _site_names(doc)) if n]
    host_word = fold((site_of(doc.url) or "").split(".")[0])

    def is_site(part: str) -> bool:
        key = fold(part)
        if not key:
            return False
        if any(key == n or key in n or n in key for n in names):
            return True
        return bool(host_word) and host_word in key.replace(" ", "")

    begin, end = 0, len(title)
    while cuts:
        last_start, last_end = cuts[-1]
        first_start, first_end = cuts[0]
        if is_site(title[last_end:end]):
            end = last_start
            cuts.pop()
        elif is_site(title[begin:first_start]):
            begin = first_end
            cuts.pop(0)
        else:
            break
    return title[begin:end].strip() or title


# Parts of a heading that are not the headline: the kicker above it and text for screen readers.
_KICKER = ("kicker", "overline", "dachzeile", "spitzmarke", "eyebrow", "roofline", "supertitle",
           "super-title", "topic", "topline", "titleheader", "title-header", "flag", "rubric")
_HIDDEN = ("sr-only", "visually-hidden", "visuallyhidden", "offscreen", "a11y-hidden", "screen-reader",
           "hiddendash", "u-hidden", "is-hidden")
# The part of a heading that is the headline proper, when the heading also holds a kicker.
_HEADLINE_PART = ("headline", "title-text", "title_text", "title__text", "title--text", "titletext",
                  "content-title", "title__main")
# Headings that repeat the headline in a breadcrumb trail or for search engines only.
_CRUMB = ("crumb", "seotitle", "seo-title")


def _mentions(words: tuple[str, ...], marker: str | None) -> bool:
    """Whether a class/id string contains one of `words` (substring tests: fast on any input,
    unlike a regex alternation tried at every position)."""
    low = (marker or "").lower()
    return any(w in low for w in words)


def _markers(el) -> str:
    return " ".join(filter(None, (el.get("class"), el.get("id"), el.get("data-testid"), el.get("data-cy"),
                                  el.get("itemprop"))))


def heading_parts(el) -> tuple[str, str]:
    """(headline, kicker) printed in a heading element, soft hyphens removed."""
    text, kicker = _heading_parts(el)
    return text.replace("\u00ad", ""), kicker.replace("\u00ad", "")


def _heading_parts(el) -> tuple[str, str]:
    marked = [d for d in el.iterdescendants()
              if isinstance(d.tag, str) and _mentions(_HEADLINE_PART, _markers(d))]
    kicker = " ".join(element_text(d) for d in el.iterdescendants()
                      if isinstance(d.tag, str) and _mentions(_KICKER, _markers(d)))
    if marked:
        return element_text(marked[0]), kicker
    skip = [d for d in el.iterdescendants() if isinstance(d.tag, str)
            and (_mentions(_KICKER, _markers(d)) or _mentions(_HIDDEN, _markers(d)))]
    if not skip:
        return element_text(el), kicker
    parts = []
    for node in el.iter():
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "noscript", "template"):
            if node is not el and node.tail and not any(a in skip for a in node.iterancestors()):
                parts.append(node.tail)
            continue
        hidden = node in skip or any(a in skip for a in node.iterancestors())
        if node.text and not hidden:
            parts.append(node.text)
        if node is not el and node.tail and not any(a in skip for a in node.iterancestors()):
            parts.append(node.tail)
        if node.tag == "br":
            parts.append(" ")
    text = clean("".join(parts))
    if len(text) < len(kicker):
        # A "kicker" longer than what is left is the headline under a misleading class name.
        return element_text(el), ""
    return text, kicker


def _is_crumb(el) -> bool:
    if _mentions(_CRUMB, _markers(el)) or any("crumb" in k.lower() for k in el.attrib):
        return True
    for depth, anc in enumerate(el.iterancestors()):
        if depth >= 4:
            break
        if anc.tag == "nav" or _mentions(_CRUMB, anc.get("class") or ""):
            return True
    return False


def _kicker_near(el) -> str:
    """Kicker text printed just before a heading, outside it."""
    texts = []
    sibling = el.getprevious()
    for _ in range(2):
        if sibling is None:
            break
        if isinstance(sibling.tag, str) and _mentions(_KICKER, _markers(sibling)):
            texts.append(element_text(sibling))
        sibling = sibling.getprevious()
    return " ".join(texts)


def _with_kicker(text: str, kicker: str, declared: list[tuple[str, str]], doc: Document) -> str:
    """The headline with its kicker when the page's own declared title joins the two
    ("Kicker: Headline"): the site then treats the kicker as part of the headline."""
    main, kick = fold(text), fold(kicker)
    if not kick or any(fold(strip_site_name(clean(v), doc)) == main for v, _ in declared):
        return text
    for value, _ in declared:
        value = strip_site_name(clean(value), doc)
        whole = fold(value)
        if whole != main and whole.endswith(main):
            prefix = whole[:-len(main)].strip()
            if prefix and prefix in kick:
                return value
    return text


def headline(doc: Document, ld: dict | None):
    """The headline as printed: the <h1> that matches the page's declared titles (or the heading
    after an <h1> that is only a breadcrumb), else the declared title without the site name."""
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
    declared = [(value, source) for value, source in declared if len(value) <= MAX_HEADLINE]

    def score(text: str) -> float:
        return max((similarity(text, d) for d, _ in declared), default=0.0)

    h1s = []
    for el in doc.tree.iter("h1"):
        text, kicker = heading_parts(el)
        if 3 <= len(text) <= MAX_HEADLINE:
            h1s.append((text, clean(kicker + " " + _kicker_near(el)), el))
    printed = [h for h in h1s if not _is_crumb(h[2])]
    best = max(printed, key=lambda h: score(h[0]), default=None)
    if best and score(best[0]) >= 0.5:
        return _with_kicker(best[0], best[1], declared, doc), "html"
    if len(printed) < len(h1s):
        if (found := _after_breadcrumb(h1s, declared, doc)):
            return found, "html"
    best = max(h1s, key=lambda h: score(h[0]), default=None)
    if best and score(best[0]) >= 0.5:
        return _with_kicker(best[0], best[1], declared, doc), "html"
    if len(h1s) == 1 and not declared:
        return h1s[0][0], "html"
    for value, source in declared:
        value = strip_site_name(clean(value), doc)
        if value:
            return value, source
    return None, None


def _after_breadcrumb(h1s, declared, doc: Document) -> str | None:
    """When the <h1> is a breadcrumb or an SEO title, the printed headline is often the next
    heading. Sites write the displayed headline as their social (og:) title, so the heading that
    equals a declared title, og:title first, wins."""
    crumb = next(el for _, _, el in h1s if _is_crumb(el))
    options = [(text, kicker) for text, kicker, _ in h1s]
    for count, el in enumerate(_following(crumb, ("h2",))):
        if count >= 5:
            break
        text, kicker = heading_parts(el)
        if 3 <= len(text) <= MAX_HEADLINE:
            options.append((text, clean(kicker + " " + _kicker_near(el))))
    ordered = sorted(declared, key=lambda d: d[1] != "meta")      # og:title before JSON-LD
    for value, _ in ordered:
        want = fold(strip_site_name(clean(value), doc))
        for text, kicker in options:
            if fold(text) == want:
                return text
            if kicker and fold(kicker + " " + text) == want:
                return strip_site_name(clean(value), doc)
    return None


def _following(el, tags: tuple[str, ...]):
    """Elements with one of `tags` after `el` in document order."""
    found = False
    for node in el.getroottree().iter(*tags, el.tag):
        if node is el:
            found = True
        elif found and node.tag in tags:
            yield node


# ---------------------------------------------------------------- authors

_BYLINE_CLASS = ("byline", "author", "writer", "autor", "auteur", "journalist", "reporter", "signature",
                 "firma", "credit")
_BYLINE_BAD_CLASS = ("bio", "avatar", "image", "img", "photo", "pic", "more", "other", "related", "social",
                     "follow", "comment", "caption", "footer", "box", "about", "description", "title-of")
# Containers whose credits belong to a picture or to another story, not to this article.
_FOREIGN_CONTAINER = ("image", "photo", "picture", "caption", "gallery", "teaser", "related", "recommend")
# A credit that belongs to a picture: "Foto: Jane Doe / AP".
_PHOTO_CREDIT = re.compile(r"^\W{0,3}(?:foto|fotos|photo|photos|bild|bilder|image|picture|fotó|zdjęcie|kuva|"
                           r"billede|credit|quelle|source)\s*:", re.IGNORECASE)
# A label printed before the author's name: "Autorin/Autor", "Author:", "Texte :".
_AUTHOR_LABEL = re.compile(r"^(?:author|authors|autor|autorin|autoren|autorin/autor|autor/autorin|auteur|"
                           r"auteurs|autore|autori|text|texte|tekst|written by|reporter|journalist)\s*:?$",
                           re.IGNORECASE)
# An author's page: /author/jane-doe, /autoren/name/max-mustermann, /journalist/...
_AUTHOR_HREF = re.compile(r"/(?:authors?|autor(?:en|in)?|auteurs?|journalists?|redakteur(?:e|in)?|"
                          r"reporters?|giornalisti|periodistas?)/[^/?#]", re.IGNORECASE)
_ORG_TYPES = {"organization", "newsmediaorganization", "corporation", "website", "brand",
              "governmentorganization", "educationalorganization", "localbusiness"}
_AUTHOR_META = ("author", "article:author", "dc.creator", "dcterms.creator", "sailthru.author",
                "parsely-author", "byl", "cxenseparse:author", "dcsext.author", "twitter:creator")
MAX_PRINTED_NAMES = 6
_NO_BYLINE_TAGS = {"meta", "link", "script", "style", "img", "html", "body"}
_INLINE_TAGS = {"b", "strong", "em", "i", "u", "small", "abbr", "sup", "sub", "mark", "font"}


def _by_id(doc: Document) -> dict[str, dict]:
    """JSON-LD objects by @id, so that {"@id": ...} references can be resolved."""
    return {o["@id"]: o for o in doc.json_ld if isinstance(o.get("@id"), str) and len(o) > 1}


def _person_name(obj: dict) -> str | None:
    name = _text(obj.get("name"))
    if not name:
        given, family = _text(obj.get("givenName")), _text(obj.get("familyName"))
        name = clean(f"{given or ''} {family or ''}") or None
    return name


def _ld_people(value, doc: Document) -> tuple[list[str], list[str]]:
    """(people, organisations) named in a JSON-LD author value: Person/Organization objects,
    strings, lists, comma-joined names, or {"@id"} references to objects elsewhere on the page."""
    people: list[str] = []
    orgs: list[str] = []
    refs = _by_id(doc)
    items = value if isinstance(value, list) else [value]
    for item in items[:50]:
        if isinstance(item, dict):
            if not (item.get("name") or item.get("givenName")) and isinstance(item.get("@id"), str):
                item = refs.get(item["@id"], item)
            name = _person_name(item)
            if not name:
                continue
            target = orgs if _types(item) & _ORG_TYPES else people
            target.extend(n for n in split_names(name, structured=True) if n not in target)
        elif isinstance(item, str) and item.strip() and not item.strip().startswith(("http", "@")):
            people.extend(n for n in split_names(item, structured=True) if n not in people)
    return people, orgs


def _own_names(doc: Document, ld: dict | None) -> list[str]:
    """The publication's own names: a credit to one of these is no person's byline."""
    names = _site_names(doc)
    if ld and isinstance(ld.get("publisher"), dict) and (n := _text(ld["publisher"].get("name"))):
        names.append(n)
    if doc.url and (host := site_of(doc.url)):
        names.append(host.split(".")[0])
    return names


def _is_own(name: str, own: list[str]) -> bool:
    """The publication itself, or one of its desks: "MDR Thüringen" on mdr.de."""
    words = fold(name).split()
    if not words:
        return False
    key = "".join(words)
    own_keys = {fold(o).replace(" ", "") for o in own} - {""}
    return key in own_keys or (len(words) > 1 and words[0] in own_keys)


def byline_text(el) -> str:
    """The element's text with a line break at each element boundary, so that names printed in
    separate links or spans stay separate ("Jane Doe" "Twitter" is not "Jane DoeTwitter")."""
    parts: list[str] = []
    for node in el.iter():
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "noscript", "template"):
            if node is not el and node.tail:
                parts.append(node.tail)
            continue
        inline = node.tag in _INLINE_TAGS
        if not inline:
            parts.append("\n")
        parts.append(node.text or "")
        if node is not el and node.tail:
            parts.append(node.tail if inline else "\n" + node.tail)
    return "".join(parts)


def _in_foreign_container(el) -> bool:
    for depth, anc in enumerate(el.iterancestors()):
        if depth > 6 or anc.tag in ("article", "main", "body"):
            return False
        if anc.tag in ("figure", "figcaption", "aside", "nav", "footer"):
            return True
        if _mentions(_FOREIGN_CONTAINER, anc.get("class") or ""):
            return True
    return False


def _byline_by_class(root):
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in _NO_BYLINE_TAGS:
            continue
        marker = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("rel"), el.get("itemprop"),
                                        el.get("data-testid"))))
        if not marker or not _mentions(_BYLINE_CLASS, marker) or _mentions(_BYLINE_BAD_CLASS, marker):
            continue
        text = element_text(el)
        if 3 <= len(text) <= MAX_BYLINE and not _PHOTO_CREDIT.match(text) and not _in_foreign_container(el):
            return el
    return None


def _byline_by_label(root):
    """"<strong>Autorin/Autor</strong> Jane Doe": the label's parent holds the name."""
    for el in root.iter("strong", "b", "dt", "th", "span", "label"):
        if el.text and len(el.text) < 40 and _AUTHOR_LABEL.match(clean(element_text(el))):
            parent = el.getparent()
            if el.tag in ("dt", "th"):
                sibling = el.getnext()
                return sibling if sibling is not None else None
            if parent is not None and len(element_text(parent)) <= MAX_BYLINE:
                return parent
    return None


def _byline_by_link(root):
    """The first link to an author page after the headline, with its parent (the byline line)."""
    start = next(root.iter("h1"), None)
    seen_start = start is None
    for el in root.iter():
        if el is start:
            seen_start = True
        if not seen_start or el.tag != "a":
            continue
        rel = (el.get("rel") or "").lower().split()
        if ("author" in rel or _AUTHOR_HREF.search(el.get("href") or "")) and not _in_foreign_container(el):
            parent = el.getparent()
            if parent is not None and len(element_text(parent)) <= MAX_BYLINE:
                return parent
            return el
    return None


def byline_element(doc: Document, scope=None):
    """The element printing the byline, found by rel/itemprop/class, by a printed label, or by
    a link to an author page."""
    root = scope if scope is not None else doc.tree
    for finder in (_byline_by_class, _byline_by_label, _byline_by_link):
        el = finder(root)
        if el is not None and 3 <= len(text := element_text(el)) <= MAX_BYLINE:
            return el, text
    return None, None


def _meta_names(doc: Document) -> list[str]:
    for name in _AUTHOR_META:
        for value in doc.meta.get(name, []):
            if value.startswith(("http", "@", "www.")):
                continue
            if (names := split_names(value)):
                return names
    return []


def authors(doc: Document, ld: dict | None):
    """(byline as printed, [names], source).

    People come first: JSON-LD persons, then the printed byline, then <meta>; a credit to an
    agency, a desk or the publication itself is kept only when no person is named.
    """
    own = _own_names(doc, ld)
    el, printed = byline_element(doc)
    ld_people, ld_orgs = _ld_people(ld.get("author"), doc) if ld else ([], [])
    orgs = [n for n in ld_people if _is_own(n, own)] + ld_orgs
    people = [n for n in ld_people if not _is_own(n, own)]
    if people:
        # An agency listed beside the reporters is a co-author; the publication itself is not.
        return printed, people + [o for o in ld_orgs if not _is_own(o, own) and o not in people], "json-ld"
    printed_names = split_names(byline_text(el)) if el is not None else []
    if len(printed_names) > MAX_PRINTED_NAMES:     # a profile box or a list of links, not a byline
        printed_names = []
    printed_people = [n for n in printed_names if looks_like_person(n) and not _is_own(n, own)]
    meta_names = _meta_names(doc)
    meta_people = [n for n in meta_names if looks_like_person(n) and not _is_own(n, own)]
    if meta_people and printed and all(fold(n) in fold(printed) for n in meta_people):
        return printed, meta_people, "meta"     # the printed byline confirms the cleaner field
    if printed_people:
        return printed, printed_people, "html"
    if meta_people:
        return printed, meta_people, "meta"
    if orgs:
        # An agency credited beside the publication's own name is the real source.
        return printed, [o for o in orgs if not _is_own(o, own)] or orgs, "json-ld"
    if (credits := [n for n in printed_names if looks_like_credit(n)]):
        return printed, credits, "html"
    if meta_names:
        return printed, meta_names, "meta"
    return printed, [], None


# ---------------------------------------------------------------- dates

# <meta> names, compared with punctuation removed: "article:published_time" also finds
# "article:published:time" and "article_published_time".
_PUBLISHED_META = ("articlepublishedtime", "ogarticlepublishedtime", "ogpublishedtime", "datepublished",
                   "publishdate", "publisheddate", "publicationdate", "pubdate", "dcdateissued",
                   "dctermsissued", "dcdate", "dctermsdate", "date", "sailthrudate", "parselypubdate",
                   "articlepublished", "cxenseparserecspublishtime", "citationpublicationdate",
                   "releasedate", "originalpublishdate", "dcdatecreated", "datecreated", "created")
_MODIFIED_META = ("articlemodifiedtime", "ogupdatedtime", "datemodified", "dcdatemodified",
                  "dctermsmodified", "lastmodified", "lastmod", "articleupdated", "articlemodified",
                  "updateddate", "modifieddate")
# Classes and ids of elements that print a date.
_DATE_CLASS = ("date", "time", "datum", "fecha", "data-pub", "publish", "posted", "stamp", "zeit")
# Words before a printed date that say which date it is.
_UPDATED_LABEL = ("update", "modified", "aktualisiert", "geändert", "mis à jour", "modifié", "actualizado",
                  "actualización", "aggiornato", "atualizado", "bijgewerkt", "gewijzigd", "zaktualizowano",
                  "aktualizováno", "oppdatert", "uppdaterad", "opdateret", "päivitetty", "güncelleme",
                  "обновлено", "оновлено", "更新")
_DATE_LABEL = re.compile(r"^(?:date|datum|data|fecha|published|publié le|publié|veröffentlicht|publiziert|"
                         r"erschienen|publicado|pubblicato|gepubliceerd|opublikowano|publicerad|"
                         r"publisert|julkaistu|yayınlanma|опубликовано|опубліковано|posted)\b",
                         re.IGNORECASE)
# Containers whose dates are not this article's: other stories, the site's header and footer.
_NOT_ARTICLE = ("related", "teaser", "sidebar", "comment", "recommend", "mostread", "most-read", "popular",
                "site-header", "masthead", "topbar", "top-bar", "navbar", "footer", "newsletter", "ticker",
                "breaking")
_EPOCH_ATTRS = ("data-timestamp", "data-utc-time", "data-time", "data-date", "data-published",
                "data-publish-date", "data-epoch")
MAX_DATE_ELEMENT_TEXT = 120
_NO_DATE_TAGS = {"script", "style", "meta", "link", "html", "body", "head"}


def _meta_by_key(doc: Document) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, values in doc.meta.items():
        out.setdefault(re.sub(r"[^a-z0-9]", "", name), []).extend(values)
    return out


def _meta_date(doc: Document, keys: tuple[str, ...]) -> str | None:
    meta = _meta_by_key(doc)
    for key in keys:
        for raw in meta.get(key, []):
            if (value := dates.normalise(raw)):
                return value
    return None


def _outside_article(el) -> bool:
    inside_article = False
    for anc in el.iterancestors():
        if anc.tag in ("article", "main"):
            inside_article = True
        if anc.tag in ("nav", "footer", "aside"):
            return True
        if anc.tag == "header" and not any(a.tag in ("article", "main") for a in anc.iterancestors()) \
                and not inside_article:
            return True
        if _mentions(_NOT_ARTICLE, anc.get("class") or "") or _mentions(_NOT_ARTICLE, anc.get("id") or ""):
            return True
    return False


def _label_before(el) -> str:
    """The text printed just before a date element: its own label, or a label beside it."""
    text = element_text(el)[:60]
    prev = el.getprevious()
    if prev is not None and isinstance(prev.tag, str):
        label = element_text(prev)
        if len(label) <= 30 and not any(c.isdigit() for c in label):   # a label, not another date
            text = label + " " + text
    parent = el.getparent()
    if parent is not None and parent.text:
        text = clean(parent.text)[-40:] + " " + text
    return text


def printed_dates(doc: Document, lang: str | None = None) -> list[tuple[str, str, str]]:
    """(date, kind, source) for the dates the page prints about this article, in document order:
    kind is "modified" when a label says so ("Updated", "Aktualisiert am"), else "published";
    source is "html" for a machine attribute and "text" for a date read from visible text.
    Computed once per page and language (published and modified both ask)."""
    key = ("printed_dates", lang)
    if key not in doc.cache:
        doc.cache[key] = _printed_dates(doc, lang)
    return doc.cache[key]


def _printed_dates(doc: Document, lang: str | None) -> list[tuple[str, str, str]]:
    found = []
    h1 = next(doc.tree.iter("h1"), None)
    before_headline = h1 is not None
    for el in doc.tree.iter():
        if el is h1:
            before_headline = False
        if not isinstance(el.tag, str) or el.tag in _NO_DATE_TAGS:
            continue
        labelled = bool(el.text and _DATE_LABEL.match(clean(el.text)[:40]))
        if not (el.tag == "time" or labelled or _mentions(_DATE_CLASS, _markers(el))):
            continue
        if before_headline and not labelled \
                and not any(a.tag in ("article", "main") for a in el.iterancestors()):
            continue    # an unlabelled date above the headline, outside the article: a "today" line
        target, text = el, element_text(el)
        if labelled and not any(c.isdigit() for c in text) and (parent := el.getparent()) is not None:
            # "<strong>Datum</strong> 28.04.2023": the date is beside the label.
            target, text = parent, element_text(parent)
        if len(text) > MAX_DATE_ELEMENT_TEXT or _outside_article(target):
            continue
        value, source = None, "html"
        for attr in ("datetime", "content", *_EPOCH_ATTRS):
            if (value := dates.normalise(el.get(attr))):
                break
        if not value:
            value, source = dates.parse_text(text, lang), "text"
        if value:
            label = _label_before(target)
            # "Stand: 3. Mai" is German for "as of", an update; as a word only ("Standort" is not).
            updated = _mentions(_UPDATED_LABEL, label) or "stand" in fold(label).split()
            kind = "modified" if updated else "published"
            if not found or found[-1][0] != value:
                found.append((value, kind, source))
    return found


def published(doc: Document, ld: dict | None):
    """The first publication time: structured data first, then what the page prints, checked
    against a date in the URL. Never the modified time."""
    if ld:
        for key in ("datePublished", "dateCreated", "uploadDate"):
            if (value := dates.normalise(_text(ld.get(key)))):
                return value, "json-ld"
    if (value := _meta_date(doc, _PUBLISHED_META)):
        return value, "meta"
    for el in doc.tree.xpath('//*[@itemprop="datePublished"] | //time[@pubdate]'):
        raw = el.get("content") or el.get("datetime")
        if (value := dates.normalise(raw) if raw else dates.parse_text(element_text(el))):
            return value, "html"
    lang, _ = language(doc, ld)
    printed = [(v, source) for v, kind, source in printed_dates(doc, lang) if kind == "published"]
    from_url = dates.from_url(doc.url)
    if from_url:
        # The URL is the date the site filed the story under: a printed date on another day is
        # more likely an update or another story's than the first publication.
        for value, source in printed:
            if value[:10] == from_url:
                return value, source
        return from_url, "url"
    if printed:
        return printed[0]
    return None, None


def modified(doc: Document, ld: dict | None):
    if ld and (value := dates.normalise(_text(ld.get("dateModified")))):
        return value, "json-ld"
    if (value := _meta_date(doc, _MODIFIED_META)):
        return value, "meta"
    for el in doc.tree.xpath('//*[@itemprop="dateModified"]'):
        if (value := dates.normalise(el.get("content") or el.get("datetime"))):
            return value, "html"
    lang, _ = language(doc, ld)
    for value, kind, source in printed_dates(doc, lang):
        if kind == "modified":
            return value, source
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
            if 20 <= len(text) <= MAX_STANDFIRST:
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
