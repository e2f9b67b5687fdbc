"""The headline as printed: the page's heading matched against the titles it declares for search
and social (JSON-LD, og:title, <title>), with the site name, kickers and breadcrumbs left out.

Each extractor returns (value, source) with source one of article.SOURCES, or (None, None).
"""
from __future__ import annotations

import re

from .document import Document
from .metadata import _following, _markers, _mentions, _text, _types, site_of
from .text import clean, element_text, fold, similarity


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

