"""Site-specific parsers: declarative selectors per layout, falling back field by field to the
generic parser.

A site parser is a subclass with `name`, `domains` and one or more `Layout`s. The first layout
whose `detect` selector (default: its body selectors) matches the page is used, and `parser`
becomes "<first domain>/<layout name>". A field whose selectors match nothing falls back to the
generic value, provenance says "generic:<source>", and a warning names the selector: a selector
that stops matching is the first sign of a redesign.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

from lxml.cssselect import CSSSelector

from . import dates
from .authors import MAX_BYLINE, split_names
from .body import _drop, _emit, _strip_boilerplate, _strip_junk, is_boilerplate_line
from .dateline import dateline as find_dateline
from .document import Document
from .generic import GenericParser
from .text import clean, element_text, fold

Selectors = tuple[str, ...]


@dataclass(frozen=True)
class Layout:
    """CSS selectors for one version of a site's article pages; each field's selectors are tried
    in order, the first that matches wins."""

    name: str
    body: Selectors = ()
    headline: Selectors = ()
    subheadline: Selectors = ()
    byline: Selectors = ()      # the printed byline; authors are split from it
    authors: Selectors = ()     # elements that each hold one author name (wins over byline)
    dateline: Selectors = ()
    published: Selectors = ()   # an element with datetime= / content= / a date as text
    strip: Selectors = ()       # removed from the body before text is taken
    detect: Selectors = ()      # what identifies this layout; default: the body selectors
    clean: bool = True          # also apply the generic boilerplate stripping inside the body


_SELECTOR_CACHE: dict[str, CSSSelector] = {}


def select(root, selector: str) -> list:
    compiled = _SELECTOR_CACHE.get(selector)
    if compiled is None:
        compiled = _SELECTOR_CACHE[selector] = CSSSelector(selector)
    return compiled(root)


def first_match(root, selectors: Selectors) -> list:
    for selector in selectors:
        found = select(root, selector)
        if found:
            return found
    return []


class SiteParser(GenericParser):
    name: str = ""
    domains: tuple[str, ...] = ()
    layouts: tuple[Layout, ...] = ()

    def layout_for(self, doc: Document) -> Layout:
        for layout in self.layouts:
            if first_match(doc.tree, layout.detect or layout.body):
                return layout
        return self.layouts[0]

    def parser_name(self, doc: Document) -> str:
        return f"{self.domains[0]}/{self.layout_for(doc).name}"

    def extract(self, doc: Document):
        values, provenance, warnings = super().extract(doc)
        layout = self.layout_for(doc)
        for field in ("headline", "subheadline", "byline", "authors", "published", "body", "dateline"):
            selectors = getattr(layout, field)
            found = getattr(self, f"site_{field}")(doc, layout) if selectors else None
            if found not in (None, "", []):
                values[field] = found
                provenance[field] = "selector"
            elif selectors:
                warnings.append(f"{field}: {layout.name} selectors matched nothing: {', '.join(selectors)}")
                if field in provenance:
                    provenance[field] = f"generic:{provenance[field]}"
        if provenance.get("byline") == "selector" and provenance.get("authors") != "selector":
            if (names := split_names(values["byline"])):
                values["authors"] = names
                provenance["authors"] = "selector"
        if provenance.get("body") == "selector" and not layout.dateline:
            values.pop("dateline", None)
            provenance.pop("dateline", None)
            if (place := find_dateline(values["body"])):
                values["dateline"], provenance["dateline"] = place, "text"
        return values, provenance, warnings

    # One method per field; override one where a selector cannot say it.

    def site_headline(self, doc: Document, layout: Layout):
        found = first_match(doc.tree, layout.headline)
        return element_text(found[0]) if found else None

    def site_subheadline(self, doc: Document, layout: Layout):
        found = first_match(doc.tree, layout.subheadline)
        return element_text(found[0]) if found else None

    def site_byline(self, doc: Document, layout: Layout):
        found = first_match(doc.tree, layout.byline)
        return clean(" ".join(element_text(el) for el in found))[:MAX_BYLINE] if found else None

    def site_authors(self, doc: Document, layout: Layout):
        names: list[str] = []
        for el in first_match(doc.tree, layout.authors):
            for name in split_names(element_text(el)):
                if name not in names:
                    names.append(name)
        return names

    def site_dateline(self, doc: Document, layout: Layout):
        found = first_match(doc.tree, layout.dateline)
        return clean(element_text(found[0])).strip(" -–—:,") if found else None

    def site_published(self, doc: Document, layout: Layout):
        for el in first_match(doc.tree, layout.published):
            for raw in (el.get("datetime"), el.get("content"), el.get("data-timestamp"), element_text(el)):
                if (value := dates.normalise(raw)):
                    return value
        return None

    def site_body(self, doc: Document, layout: Layout):
        containers = first_match(doc.tree, layout.body)
        # Nested matches (a selector matching a block and its child) would print text twice.
        containers = [c for c in containers if not any(a in containers for a in c.iterancestors())]
        headline_key = fold(self.site_headline(doc, layout) or "")
        paragraphs: list[str] = []
        for original in containers:
            container = copy.deepcopy(original)
            container.tail = None
            _strip_junk(container)
            for selector in layout.strip:
                for el in select(container, selector):
                    _drop(el)
            if layout.clean:
                _strip_boilerplate(container)
            for _, text, _links in _emit(container):
                if is_boilerplate_line(text) or (headline_key and fold(text) == headline_key):
                    continue
                paragraphs.append(text)
        return "\n\n".join(paragraphs) or None
