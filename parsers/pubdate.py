"""Which dates are this article's: the first publication and the last update, from JSON-LD,
<meta>, microdata, the dates the page prints, and the URL.

Each function returns (value, source) with source one of article.SOURCES, or (None, None).
"""
from __future__ import annotations

import re

from . import dates
from .document import Document
from .metadata import _NOT_ARTICLE, _markers, _mentions, _text, language
from .text import clean, element_text, fold

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
