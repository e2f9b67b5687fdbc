"""Site-specific parsers: declarative selectors per layout, falling back field by field to the
generic parser.

A site parser is a subclass with `name`, `domains` and one or more `Layout`s. The first layout
whose `detect` selector (default: its body selectors) matches the page is used, and `parser`
becomes "<first domain>/<layout name>"; when none matches, a warning says so and the site's rules
still apply: every layout's field selectors in turn, and the strip rules all layouts share, applied
to the generic body (SiteParser.any_layout). When the body selectors find the body, the generic
content extractor (the costliest step) is skipped. A field whose selectors find nothing falls back
to the generic value, provenance says "generic:<source>", and a warning names the selectors: a
selector that stops matching is the first sign of a redesign (datelines excepted: an undated story
has none).

Field selectors are CSS, `<meta>` selectors give their content, and "json-ld:<key>" selectors the
page's declared values. Helpers shared by site modules live here, not in one site's module.
"""
from __future__ import annotations

import copy
import html
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property

import lxml.html
from lxml.cssselect import CSSSelector

from . import dates, metadata
from .authors import MAX_BYLINE, split_names, strip_prefix
from .body import _drop, _emit, _strip_boilerplate, _strip_junk, has_paywall_marker, is_boilerplate_line
from .dateline import german_dateline
from .document import Document
from .generic import GenericParser
from .headline import seo_headline
from .text import BLOCK_TAGS, clean, element_text, fold

Selectors = tuple[str, ...]

# A field selector "json-ld:<key>" names a key of the page's main JSON-LD object, e.g.
# headline=("json-ld:headline",) where the site's declared headline is the one it prints, or
# authors=("json-ld:author",) where the only credit is there (the publisher, a desk).
JSON_LD = "json-ld:"


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
    published: Selectors = ()   # an element with datetime=, content=, data-*time= or a date as text
    strip: Selectors = ()       # removed from the body before text is taken
    max_link_share: float = 1.0  # body blocks with a larger share of link text are dropped (link lists)
    drop: tuple[Callable, ...] = ()  # body elements one of these says True for are removed (all_italic...)
    detect: Selectors = ()      # what identifies this layout; default: the body selectors
    clean: bool = True          # also apply the generic boilerplate stripping inside the body


_SELECTOR_CACHE: dict[str, CSSSelector] = {}


def select(root, selector: str) -> list:
    compiled = _SELECTOR_CACHE.get(selector)
    if compiled is None:
        compiled = _SELECTOR_CACHE[selector] = CSSSelector(selector)
    return compiled(root)


def _no_match(field: str, layout: Layout) -> str:
    return (f"{field}: the selectors of layout {layout.name!r} found nothing "
            f"({', '.join(getattr(layout, field))}); the generic value is used")


def text_of(el) -> str:
    """An element's text; for <meta> (og:title, author...), its content."""
    return clean(el.get("content")) if el.tag == "meta" else element_text(el)


def text_only_in(el, *tags: str) -> bool:
    """Whether all of a block's text sits inside the given tags: set wholly in italics
    (<p><em>...</em></p>, an editor's note or a newsletter plug on many sites), wholly bold (a
    run-in heading), wholly links (a related-links list)."""
    inside = " or ".join(f"ancestor::{tag}" for tag in tags)
    plain = el.xpath(f".//text()[not({inside})]")
    return bool(el.xpath(" | ".join(f".//{tag}" for tag in tags))) and not "".join(plain).strip()


def all_italic(el) -> bool:
    return text_only_in(el, "em", "i")


def all_links(el) -> bool:
    return text_only_in(el, "a")


def link_list(el) -> bool:
    """A list of links only: related stories set in the text."""
    return el.tag in ("ul", "ol") and all_links(el)


def all_bold(el) -> bool:
    """Set wholly in bold: a run-in heading, a promotion line, a bold standfirst or byline (a drop
    cap or a bold phrase is not enough)."""
    return text_only_in(el, "strong", "b")


def _block_key(text: str) -> str:
    return "".join(fold(text).split())


def without_blocks(body: str | None, blocks) -> str | None:
    """The body without the paragraphs that print one of `blocks`: for inserts a selector cannot
    single out (a bold promotion line, a list of links), found by the caller."""
    keys = {_block_key(element_text(block)) for block in blocks}
    if not body or not keys:
        return body
    return "\n\n".join(par for par in body.split("\n\n") if _block_key(par) not in keys) or None


def without_bold_lines(body: str | None, blocks) -> str | None:
    """The body without those of `blocks` set wholly in bold (promotion and "read more" lines on
    sites whose subheadings are headings, not bold paragraphs)."""
    return without_blocks(body, [block for block in blocks if all_bold(block)])


def without_lead(body: str | None, lead: str | None) -> str | None:
    """The body without a lead it opens with (a standfirst or byline printed as its first
    paragraph, taken as a field of its own)."""
    if body and lead and body.startswith(lead):
        return body[len(lead):].lstrip() or None
    return body


def first_match(root, selectors: Selectors) -> list:
    for selector in selectors:
        found = select(root, selector)
        if found:
            return found
    return []


def ld_values(doc: Document, key: str) -> list[str]:
    """A key of the page's main JSON-LD object as text, one entry per value; a person or an
    organisation gives its name, verbatim (the generic parser drops house credits such as
    "kicker" or "mbl.is", which its name splitter takes for roles)."""
    value = (metadata.main_object(doc) or {}).get(key)
    texts = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            item = item.get("name")
        if isinstance(item, str) and (text := clean(html.unescape(item))):
            texts.append(text)
    return list(dict.fromkeys(texts))


def find(doc: Document, selectors: Selectors) -> list:
    """first_match for a field: CSS selectors, and "json-ld:<key>" selectors, whose values come
    back as <meta content=...> elements marked as JSON-LD (text_of gives their content)."""
    for selector in selectors:
        if selector.startswith(JSON_LD):
            found = [lxml.html.Element("meta", content=value, itemprop=JSON_LD)
                     for value in ld_values(doc, selector[len(JSON_LD):])]
        else:
            found = select(doc.tree, selector)
        if found:
            return found
    return []


class SiteParser(GenericParser):
    name: str = ""
    domains: tuple[str, ...] = ()
    layouts: tuple[Layout, ...] = ()

    def detect_layout(self, doc: Document) -> tuple[Layout, bool]:
        """(layout, detected): the first layout whose `detect` selectors match, else what the
        site's layouts say together (any_layout), with detected False."""
        for layout in self.layouts:
            if first_match(doc.tree, layout.detect or layout.body):
                return layout, True
        return self.any_layout, False

    @cached_property
    def any_layout(self) -> Layout:
        """For a page no layout recognises (a redesign, an old page): each field's selectors of
        every layout in turn, and the strip rules and drop tests all of them share; named after
        the first layout."""
        first = self.layouts[0]
        if len(self.layouts) == 1:
            return first
        fields = ("body", "headline", "subheadline", "byline", "authors", "dateline", "published")
        selectors = {field: tuple(dict.fromkeys(s for layout in self.layouts for s in getattr(layout, field)))
                     for field in fields}
        shared_strip = tuple(s for s in first.strip if all(s in layout.strip for layout in self.layouts))
        shared_drop = tuple(t for t in first.drop if all(t in layout.drop for layout in self.layouts))
        return replace(first, **selectors, detect=(), strip=shared_strip, drop=shared_drop)

    def layout_for(self, doc: Document) -> Layout:
        return self.detect_layout(doc)[0]

    def parser_name(self, doc: Document) -> str:
        return f"{self.domains[0]}/{self.layout_for(doc).name}"

    def handles(self, field: str, layout: Layout) -> bool:
        """Whether the site gives this field: the layout has selectors for it, or the parser
        overrides its site_<field> method."""
        method = f"site_{field}"
        return bool(getattr(layout, field)) or getattr(type(self), method) is not getattr(SiteParser, method)

    def body(self, doc: Document, ld, headline: str | None):
        layout = self.layout_for(doc)
        text = self.site_body(doc, layout) if self.handles("body", layout) else None
        if text:
            return text, "selector", has_paywall_marker(doc.names), None
        # The content extractor's body, without what the site's strip rules describe (its ads,
        # related links and boxes look the same on pages its body selectors do not know).
        text, source, paywall, standfirst = super().body(doc, ld, headline)
        return without_blocks(text, _stripped_blocks(doc, layout, text)), source, paywall, standfirst

    def extract(self, doc: Document):
        values, provenance, warnings = super().extract(doc)
        # Everything the selectors do not set below is the generic parser's value.
        provenance = {field: source if source == "selector" else f"generic:{source}"
                      for field, source in provenance.items()}
        layout, detected = self.detect_layout(doc)
        if not detected:
            warnings.append(f"layout: no layout of {self.name} detected on the page; "
                            f"fell back to {layout.name!r}")
        # Only selectors warn: an overridden site_<field> may have nothing to say on some layouts.
        if layout.body and provenance.get("body") != "selector":
            warnings.append(_no_match("body", layout))
        for field in ("headline", "subheadline", "byline", "authors", "published", "dateline"):
            if not self.handles(field, layout):
                continue
            found = getattr(self, f"site_{field}")(doc, layout)
            if found in (None, "", []):
                # Datelines are optional by nature: an undated story is no sign of a redesign. On a
                # page no layout recognised, the layout warning says it; every layout's selectors
                # were tried field by field.
                if getattr(layout, field) and field != "dateline" and detected:
                    warnings.append(_no_match(field, layout))
            else:
                values[field] = found
                provenance[field] = "selector"
        if provenance.get("headline") == "selector":
            # The declared headline is kept where it differs from the one the selectors found.
            values.pop("seo_headline", None)
            provenance.pop("seo_headline", None)
            seo, source = seo_headline(doc, metadata.main_object(doc), values["headline"])
            if seo:
                values["seo_headline"], provenance["seo_headline"] = seo, f"generic:{source}"
        if provenance.get("byline") == "selector" and provenance.get("authors") != "selector":
            if (names := split_names(values["byline"])):
                values["authors"] = names
                provenance["authors"] = "selector"
        return values, provenance, warnings

    # One method per field; override one where a selector cannot say it.

    def site_headline(self, doc: Document, layout: Layout):
        found = find(doc, layout.headline)
        return text_of(found[0]) if found else None

    def site_subheadline(self, doc: Document, layout: Layout):
        found = find(doc, layout.subheadline)
        return text_of(found[0]) if found else None

    def site_byline(self, doc: Document, layout: Layout):
        found = find(doc, layout.byline)
        return clean(" ".join(text_of(el) for el in found))[:MAX_BYLINE] if found else None

    def site_authors(self, doc: Document, layout: Layout):
        # The first selector that yields names wins: a credit block may be present but empty.
        for selector in layout.authors:
            names: list[str] = []
            for el in find(doc, (selector,)):
                text = text_of(el)
                # The element is declared to hold a name: a desk the byline splitter rejects as a
                # role ("BR24 Redaktion") is still the credit, kept as printed; so is a JSON-LD credit.
                if el.get("itemprop") == JSON_LD:
                    found = [text]
                else:
                    found = split_names(text) or [strip_prefix(text).strip(" ,;|·")][:1]
                for name in found:
                    if name and len(name) <= 60 and name not in names:
                        names.append(name)
            if names:
                return names
        return []

    def site_dateline(self, doc: Document, layout: Layout):
        found = find(doc, layout.dateline)
        return clean(text_of(found[0])).strip(" -–—:,") if found else None

    def site_published(self, doc: Document, layout: Layout):
        for el in find(doc, layout.published):
            # Machine-readable first: datetime=, content=, title= (microformats' <abbr
            # class="published" title="2026-02-02T18:40:00+05:00">6:40 PM</abbr>), then data-*
            # attributes such as data-timestamp or data-utc-time (ISO or epoch seconds), then the
            # printed text.
            data = [v for k, v in el.attrib.items() if k.startswith("data-") and ("time" in k or "date" in k)]
            for raw in (el.get("datetime"), el.get("content"), el.get("title"), *data, element_text(el)):
                if (value := dates.normalise(raw)):
                    return value
        return None

    def site_drop(self, el) -> bool:
        """True for a body element to remove that neither a strip selector nor one of the
        layout's `drop` tests describes."""
        return False

    def _drops(self, el, layout: Layout) -> bool:
        return any(test(el) for test in layout.drop) or self.site_drop(el)

    def site_body(self, doc: Document, layout: Layout):
        containers = first_match(doc.tree, layout.body)
        # Nested matches (a selector matching a block and its child) would print text twice.
        containers = [c for c in containers if not any(a in containers for a in c.iterancestors())]
        headline_key = fold(self.site_headline(doc, layout) or "")
        paragraphs: list[str] = []
        for original in containers:
            if self._drops(original, layout):
                continue
            container = copy.deepcopy(original)
            container.tail = None
            # The layout's selectors first: they may describe a block by its picture or button.
            for selector in layout.strip:
                for el in select(container, selector):
                    _drop(el)
            _strip_junk(container)
            for el in [el for el in container.iter() if isinstance(el.tag, str) and el is not container
                       and self._drops(el, layout)]:
                _drop(el)
            if layout.clean:
                _strip_boilerplate(container)
            for _, text, links in _emit(container):
                if is_boilerplate_line(text) or (headline_key and fold(text) == headline_key) \
                        or links > layout.max_link_share * len(text):
                    continue
                paragraphs.append(text)
        return "\n\n".join(paragraphs) or None


def _stripped_blocks(doc: Document, layout: Layout, body: str | None) -> list:
    """The blocks of the elements the layout's strip selectors find anywhere on the page; an
    element holding half the body or more is a container, not an insert (a "table" rule on a page
    laid out in tables)."""
    if not body or not layout.strip:
        return []
    blocks = []
    for selector in layout.strip:
        for el in select(doc.tree, selector):
            if len(element_text(el)) < len(body) / 2:
                blocks.append(el)
                blocks.extend(d for d in el.iterdescendants() if d.tag in BLOCK_TAGS)
    return blocks


class GermanDatelineParser(SiteParser):
    """For German papers and dpa copy: datelines printed "München/London – ...", which the
    capitals-only wire pattern does not take, are read from the start of the body."""

    def extract(self, doc):
        values, provenance, warnings = super().extract(doc)
        if not values.get("dateline") and (place := german_dateline(values.get("body"))):
            values["dateline"], provenance["dateline"] = place, "text"
        return values, provenance, warnings


class BoldLeadStandfirst(SiteParser):
    """For sites whose standfirst is the body's first paragraph set wholly in bold: the layout's
    `subheadline` selectors name the body paragraphs; the first is the standfirst if all of it is
    bold, and it is then left out of the body."""

    def site_subheadline(self, doc, layout):
        for paragraph in first_match(doc.tree, layout.subheadline)[:1]:
            if all_bold(paragraph):
                return element_text(paragraph)
        return None

    def site_body(self, doc, layout):
        return without_lead(super().site_body(doc, layout), self.site_subheadline(doc, layout))
