"""The headline as printed: the page's heading matched against the titles it declares for search
and social (JSON-LD, og:title, <title>), with the site name, kickers and breadcrumbs left out.

Each extractor returns (value, source) with source one of article.SOURCES, or (None, None).
"""
from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from .document import Document
from .metadata import _markers, _mentions, _text, _types, site_of
from .text import clean, element_text, fold, similarity


def _site_names(doc: Document) -> list[str]:
    """The site's own names (og:site_name, its Organization or WebSite, its domain); computed once
    per page, as the headline and byline code ask often."""
    return doc.once("site_names", _find_site_names, doc)


def _find_site_names(doc: Document) -> list[str]:
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
    skip = {d for d in el.iterdescendants() if isinstance(d.tag, str)
            and (_mentions(_KICKER, _markers(d)) or _mentions(_HIDDEN, _markers(d)))}
    text = element_text(el, skip)
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


def _elsewhere(el) -> bool:
    """A heading in the navigation, the footer or a sidebar (a breadcrumb aside): another
    story's, or the site's."""
    return any(a.tag in ("nav", "footer", "aside") for a in el.iterancestors()) and not _is_crumb(el)


def _is_logo(el, text: str, doc: Document) -> bool:
    """The site's name set as a heading: a link to the home page, or the site's name itself."""
    for link in (*el.iter("a"), *(a for a in el.iterancestors() if a.tag == "a")):
        href = doc.absolute(link.get("href"))
        if href and urlsplit(href).path in ("", "/") and len(element_text(link)) >= len(text) / 2:
            return True
    key = fold(text)
    return bool(key) and any(key == fold(name) for name in _site_names(doc))


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


def _leading_part(el) -> tuple[str, str] | None:
    """(rest, lead) for a heading that opens with an element of its own before more text
    ("<span>Energiewende:</span> Klimavorreiter?"): the lead may be a kicker under any class name;
    the declared titles decide."""
    if clean(el.text):
        return None
    first = next((child for child in el if isinstance(child.tag, str)), None)
    if first is None or not clean(first.tail) and first.getnext() is None:
        return None
    lead, whole = element_text(first), element_text(el)
    if not lead or not whole.startswith(lead):
        return None
    rest = whole[len(lead):].strip(" :|-–—")
    return (rest, lead) if len(rest) >= 3 else None


def _with_kicker(text: str, kicker: str, declared: list[tuple[str, str]], doc: Document) -> str:
    """The headline with its kicker when the page's own declared title joins the two
    ("Kicker: Headline"): the site then treats the kicker as part of the headline."""
    main, kick = fold(text), fold(kicker)
    if not kick or any(fold(strip_site_name(v, doc)) == main for v, _ in declared):
        return text
    for value, _ in declared:
        value = strip_site_name(value, doc)
        whole = fold(value)
        if whole != main and whole.endswith(main):
            prefix = whole[:-len(main)].strip()
            if prefix and prefix in kick:
                return value
    return text


_JOINS = ":|–—-·"


def _spelled_as_declared(text: str, declared: list[tuple[str, str]], doc: Document) -> str:
    """The heading with the separators a declared title puts where the markup has only an element
    boundary ("<span>Bei Protesten 2022</span> Bericht: ..." declared "Bei Protesten 2022: Bericht:
    ..."): the same words, nothing but separators added."""
    words = [w for w in text.split() if w.strip(_JOINS)]
    for value, _ in declared:
        value = strip_site_name(value, doc).strip(_JOINS + " ")
        theirs = [w for w in value.split() if w.strip(_JOINS)]
        if value != text and len(theirs) == len(words) \
                and all(w == t or w == t.rstrip(_JOINS) for w, t in zip(words, theirs, strict=True)):
            return value
    return text


def declared_titles(doc: Document, ld: dict | None) -> list[tuple[str, str]]:
    """(title, source) the page declares for search engines and social networks, in order: the
    JSON-LD headline, OpenGraph, Twitter, Dublin Core, <meta name=title>, <title>."""
    declared = []
    if ld and (h := _text(ld.get("headline") or ld.get("name"))):
        declared.append((h, "json-ld"))
    for name in ("og:title", "twitter:title", "dc.title", "title"):
        declared.extend((value, "meta") for value in doc.meta.get(name, [])[:3])
    title_el = doc.tree.find(".//title")
    if title_el is not None:
        declared.append((title_el.text_content(), "html"))
    declared = [(_unescaped(value), source) for value, source in declared]
    return [(value, source) for value, source in declared if value and len(value) <= MAX_HEADLINE]


# Social: a heading equal to the og:title, which sites write as the displayed headline more
# often than the JSON-LD or <title> headline, written for search. Exact: equal to a declared
# title, whole or without the site name. Part: equal to a run of a declared title's parts between
# separators ("Blog » Headline", "Headline – for search"). Similar: most words shared.
SOCIAL, EXACT, PART, SIMILAR = 4, 3, 2, 1
MAX_TITLE_PARTS = 8
MAX_H2_CANDIDATES = 40


def _title_forms(declared: list[tuple[str, str]], doc: Document) -> dict[str, int]:
    """fold(text) -> SOCIAL, EXACT or PART, for the texts a printed headline may equal."""
    forms: dict[str, int] = {}
    social = {clean(value) for value in doc.meta.get("og:title", [])}
    for value, _ in declared:
        cuts = list(_TITLE_SEPARATOR.finditer(value))[:MAX_TITLE_PARTS]
        starts = [0] + [cut.end() for cut in cuts]
        ends = [cut.start() for cut in cuts] + [len(value)]
        for i, start in enumerate(starts):
            for end in ends[i:]:
                part = fold(value[start:end])
                # One word between separators is a section or a site name, not a headline.
                if len(part.split()) >= 2 and (start, end) != (0, len(value)):
                    forms.setdefault(part, PART)
        strength = SOCIAL if value in social else EXACT
        for text in (value, strip_site_name(value, doc)):
            forms[fold(text)] = max(forms.get(fold(text), 0), strength)
    forms.pop("", None)
    return forms


def _candidates(doc: Document):
    """(element, level) for the headings that may print the headline, in document order: <h1>
    (level 0) and the first <h2>s (level 1)."""
    h2s = 0
    for el in doc.tree.iter("h1", "h2"):
        if el.tag == "h1":
            yield el, 0
        elif (h2s := h2s + 1) <= MAX_H2_CANDIDATES:
            yield el, 1


def _reading(el, text: str, kicker: str, forms: dict[str, int], declared: list[tuple[str, str]]):
    """((headline, kicker), strength, similarity) for a heading: as printed, with its kicker
    joined, or without a leading element of its own, whichever a declared title confirms; the
    heading as printed wins whenever a declared title equals it."""
    readings = [((text, kicker), forms.get(fold(text), 0))]
    if kicker:
        readings.append(((text, kicker), forms.get(fold(kicker + " " + text), 0)))
    if (split := _leading_part(el)) and fold(split[0]) != fold(text):
        readings.append((split, forms.get(fold(split[0]), 0)))
    exact = [r for r in readings if r[1] >= EXACT]
    (reading, reading_kicker), strength = exact[0] if exact else max(readings, key=lambda r: r[1])
    sim = max((similarity(reading, d) for d, _ in declared), default=0.0)
    if not strength and sim >= 0.5:
        strength = SIMILAR
    return (reading, reading_kicker), strength, sim


def headline(doc: Document, ld: dict | None):
    """The headline as printed: the heading that equals (or, failing that, most resembles) a
    title the page declares, preferring the article's own heading to a breadcrumb and an <h1> to
    an <h2>; else the only <h1> that is not the site's logo; else the declared title without the
    site name."""
    declared = declared_titles(doc, ld)
    forms = _title_forms(declared, doc)
    best, best_key, lone = None, None, []
    for position, (el, level) in enumerate(_candidates(doc)):
        text, kicker = heading_parts(el)
        if not 3 <= len(text) <= MAX_HEADLINE or _is_logo(el, text, doc):
            continue
        kicker = clean(kicker + " " + _kicker_near(el))
        elsewhere, crumb = _elsewhere(el), _is_crumb(el)
        if level == 0 and not elsewhere and not crumb:
            lone.append(text)
        (reading, reading_kicker), strength, sim = _reading(el, text, kicker, forms, declared)
        # A breadcrumb repeats a declared title: among headings that equal one (the social or the
        # search one), the article's own heading wins.
        key = (not elsewhere, min(strength, EXACT), not crumb, strength, level == 0, sim, -position)
        if strength and (best_key is None or key > best_key):
            best, best_key = (reading, reading_kicker), key
    if best:
        return _spelled_as_declared(_with_kicker(best[0], best[1], declared, doc), declared, doc), "html"
    if len(lone) == 1:
        # A printed headline that shares little with a longer title written for search engines.
        return lone[0], "html"
    for value, source in declared:
        if (value := strip_site_name(value, doc)):
            return value, source
    return None, None


def seo_headline(doc: Document, ld: dict | None, printed: str | None):
    """The headline the page declares for search and social, without the site name, where it
    differs from the printed one: the JSON-LD headline, else og:title, else <title>, the first
    of them that differs (a page whose JSON-LD repeats the printed headline may declare another
    one for social networks)."""
    title_el = doc.tree.find(".//title")
    candidates = [(ld and _text(ld.get("headline")), "json-ld"),
                  *((value, "meta") for value in doc.meta.get("og:title", [])[:1]),
                  (title_el is not None and title_el.text_content(), "html")]
    for value, source in candidates:
        value = _unescaped(value or "")
        if value and len(value) <= MAX_HEADLINE:
            if fold(value := strip_site_name(value, doc)) != fold(printed):
                return value, source
    return None, None


def _unescaped(title: str) -> str:
    """Some sites escape their titles twice ("Türkiye&#039;de"): the reader sees the character."""
    return clean(html.unescape(title))
