"""A page ready for extraction: decoded text, an lxml tree, and its machine-readable metadata.

Parsing is pure: a Document is built from bytes or text and an optional URL, nothing else.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_right
from functools import cached_property
from html.parser import HTMLParser as _StdlibHTMLParser
from itertools import accumulate
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from .decode import decode_html

# Deeper than this, nesting is flattened rather than dropped (libxml2 silently stops at 2048 levels
# even with huge_tree, and drops everything below 256 without it).
MAX_DEPTH = 64
# A news page has a few thousand elements (the largest in our corpora, about 30,000). Past this, the
# page body is not read: metadata still is, and the parse says why (the crawl records parse:incomplete).
MAX_ELEMENTS = 250_000
_COUNT_ELEMENTS = etree.XPath("count(//*)")

_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_SKIP_CONTENT = frozenset(("script", "style"))


# libxml2 checks each attribute against the others of its tag: quadratic, over a minute for a tag
# with 100,000 attributes. A start tag whose attributes run longer than this loses them (real
# pages stay far below; the largest data attributes seen are JSON props of a few ten thousand).
MAX_TAG_ATTRIBUTES_CHARS = 200_000
_HUGE_START_TAG = re.compile(rf"(<[a-zA-Z][\w:.-]{{0,40}})\s[^<>]{{{MAX_TAG_ATTRIBUTES_CHARS},}}>")


def _may_hold_huge_start_tag(text: str) -> bool:
    """Whether `text` has a run of MAX_TAG_ATTRIBUTES_CHARS characters without '<' or '>', which such
    a tag needs. A run that long covers a whole block of half its length, so it is enough to look
    for a block holding neither character: on a real page each block holds one near its start, and
    two str.find calls a block cost far less than the regex pass over the page (a few % of parsing)."""
    block = MAX_TAG_ATTRIBUTES_CHARS // 2
    return any(text.find("<", start, start + block) < 0 and text.find(">", start, start + block) < 0
               for start in range(0, len(text) - block + 1, block))

# lxml.html picks each element's Python class (FormElement, InputElement...) in a Python callback,
# run every time an element is touched: a tenth of the parsers' time. The parsers use no form API, so every
# element is a plain HtmlElement, chosen in C.
_PLAIN_HTML_CLASSES = etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity)


def parse_tree(text: str) -> lxml.html.HtmlElement:
    """An lxml tree of any HTML, however broken or deep. Never raises on content."""
    if not text.strip():
        return lxml.html.document_fromstring("<html><body></body></html>")
    if _may_hold_huge_start_tag(text):
        text = _HUGE_START_TAG.sub(r"\1>", text)
    # collect_ids=False: libxml2 otherwise files every id attribute in a hash table, for id() lookups
    # that nothing here makes (an eighth of the parse).
    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True,
                                  default_doctype=False, collect_ids=False)
    parser.set_element_class_lookup(_PLAIN_HTML_CLASSES)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        root = None
    if root is None or any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        root = _flattening_parse(text)
    return root


class _FlatBuilder(_StdlibHTMLParser):
    """Builds an lxml tree with nesting capped at MAX_DEPTH: deeper elements become siblings,
    so no text is lost. Used only for pathological pages; lxml is much faster for the rest."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _make("html", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        parent = self.stack[min(len(self.stack), MAX_DEPTH) - 1]
        try:
            el = _make(tag, {k: v or "" for k, v in attrs if _ok_attr(k)})
        except ValueError:  # a tag name lxml refuses
            return
        parent.append(el)
        if tag not in _VOID:
            self.stack.append(el)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        parent = self.stack[min(len(self.stack), MAX_DEPTH) - 1]
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + data
        else:
            parent.text = (parent.text or "") + data


def _make(tag: str, attrib: dict) -> lxml.html.HtmlElement:
    return lxml.html.html_parser.makeelement(tag, attrib)


def _ok_attr(name: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z_][\w.\-:]*", name or ""))


def _flattening_parse(text: str) -> lxml.html.HtmlElement:
    builder = _FlatBuilder()
    builder.feed(text)
    builder.close()
    html = lxml.html.document_fromstring("<html><head></head><body></body></html>")
    head, body = html[0], html[1]
    for child in list(builder.root):
        if child.tag == "head":
            head.extend(list(child))
        elif child.tag == "body":
            body.extend(list(child))
            body.text = child.text
        else:
            body.append(child)
    return html


class Document:
    """Decoded page + tree + JSON-LD + <meta>, each computed once and shared by all parsers."""

    def __init__(self, html: str | bytes, url: str | None = None, content_type: str | None = None):
        self.url = url
        self.text = decode_html(html, content_type)
        self.warnings: list[str] = []
        self._shared: dict = {}   # per-page results that several extractors share (see `once`)

    def once(self, key, compute, *args):
        """`compute(*args)`, computed once per page under `key`: for results that several
        extractors ask for (the site's names, the headline's element, the printed dates)."""
        if key not in self._shared:
            self._shared[key] = compute(*args)
        return self._shared[key]

    @cached_property
    def tree(self) -> lxml.html.HtmlElement:
        root = parse_tree(self.text)
        count = int(_COUNT_ELEMENTS(root))
        if count > MAX_ELEMENTS:
            for body in root.findall("body"):
                body.clear()
            self.warnings.append(f"page body not read: {count:,} elements (limit {MAX_ELEMENTS:,})")
        return root

    @cached_property
    def names(self) -> Names:
        """The page's class, id and other naming attribute values, for the class scans."""
        return Names(self.tree)

    @cached_property
    def json_ld(self) -> list[dict]:
        """Every JSON-LD object on the page, @graph and lists flattened, in document order."""
        found: list[dict] = []
        for script in self.tree.iter("script"):
            if "ld+json" not in (script.get("type") or "").lower():
                continue
            data = _load_json(script.text or "")
            stack = [data]
            while stack:
                item = stack.pop(0)
                if isinstance(item, list):
                    stack[:0] = item
                elif isinstance(item, dict):
                    found.append(item)
                    graph = item.get("@graph")
                    if isinstance(graph, (list, dict)):
                        stack[:0] = graph if isinstance(graph, list) else [graph]
        return found

    @cached_property
    def meta(self) -> dict[str, list[str]]:
        """<meta> contents keyed by lower-cased name / property / itemprop / http-equiv."""
        out: dict[str, list[str]] = {}
        for m in self.tree.iter("meta"):
            content = m.get("content")
            if content is None or not content.strip():
                continue
            for attr in ("property", "name", "itemprop", "http-equiv"):
                key = m.get(attr)
                if key:
                    out.setdefault(key.strip().lower(), []).append(content.strip())
        return out

    def meta_first(self, *names: str) -> tuple[str, str] | tuple[None, None]:
        """(value, name) of the first of `names` the page has."""
        for name in names:
            values = self.meta.get(name)
            if values:
                return values[0], name
        return None, None

    def absolute(self, link: str | None) -> str | None:
        if not link:
            return None
        link = link.strip()
        if self.url:
            link = urljoin(self.url, link)
        return link if urlsplit(link).scheme in ("http", "https") else None


# The attributes whose values name an element: what the parsers' class scans read.
NAMING_ATTRIBUTES = ("class", "id", "role", "rel", "itemprop", "data-component", "data-testid", "data-cy")
_NAMING = frozenset(NAMING_ATTRIBUTES)


class Names:
    """The naming attribute values of a subtree (its root's included), in document order, read in
    one pass and lower-cased one a line: each scan is then one regex over them all, instead of a
    test in Python on each element or an XPath pass of its own. A page repeats the same names on
    many elements (each teaser of a list): each distinct name is scanned once."""

    def __init__(self, root):
        # One walk reading each element's attribute names costs a quarter less than an XPath union
        # (libxml2 walks the tree once for each of the eight attributes).
        self.values: list[tuple] = []   # (element, attribute, value)
        for el in root.iter(etree.Element):
            for attribute in el.keys():
                if attribute in _NAMING:
                    self.values.append((el, attribute, el.get(attribute)))
        self.where: dict[str, list[int]] = {}   # each distinct lower-cased name: its values' positions
        for position, (_, _, value) in enumerate(self.values):
            self.where.setdefault(value.lower(), []).append(position)
        self.distinct = list(self.where)
        self.starts = list(accumulate((len(name) + 1 for name in self.distinct), initial=0))
        self.joined = "\n".join(self.distinct)

    def marked(self, attributes: tuple[str, ...], pattern: re.Pattern) -> list:
        """The elements, in document order, one of whose `attributes` (of NAMING_ATTRIBUTES)
        matches `pattern` once lower-cased; the pattern must not match across a line break."""
        positions: set[int] = set()
        for match in pattern.finditer(self.joined):
            positions.update(self.where[self.distinct[bisect_right(self.starts, match.start()) - 1]])
        found: list = []
        for position in sorted(positions):
            el, attribute, _ = self.values[position]
            # An element's attributes come together: each element is listed once.
            if attribute in attributes and (not found or found[-1] is not el):
                found.append(el)
        return found


_JSON_CLEAN = re.compile(r"^\s*(<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(-->|//\s*\]\]>|\]\]>)\s*$")


# What _JSON_CLEAN needs to find anything: most scripts hold none of it, and a big one is not scanned.
_JSON_WRAPPERS = ("<!--", "-->", "<![CDATA[", "]]>")


def _load_json(raw: str):
    raw = raw.strip()
    if any(wrapper in raw for wrapper in _JSON_WRAPPERS):
        raw = _JSON_CLEAN.sub("", raw)
    try:
        return json.loads(raw, strict=False)
    except (ValueError, RecursionError):
        pass
    try:   # trailing commas are common
        return json.loads(re.sub(r",\s*([}\]])", r"\1", raw), strict=False)
    except (ValueError, RecursionError):
        return None
