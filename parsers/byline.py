"""The byline as printed and the article's authors: where the page credits whom (JSON-LD persons,
the printed byline, <meta>), and which credits are people, agencies or the publication itself.

Splitting a byline into names is parsers/authors.py's job; this module finds the byline.
"""
from __future__ import annotations

import re

from .authors import (
    MAX_BYLINE,
    is_agency,
    is_label_word,
    is_labelled,
    looks_like_credit,
    looks_like_person,
    split_names,
    strip_prefix,
)
from .dates import dates_in, squash
from .document import Document, Names
from .headline import _site_names
from .metadata import _mentions, _text, _types, site_of
from .text import clean, element_text, fold

_BYLINE_CLASS = ("byline", "author", "writer", "autor", "auteur", "journalist", "reporter", "signature",
                 "firma", "credit")
_BYLINE_BAD_CLASS = ("bio", "avatar", "image", "img", "photo", "pic", "more", "other", "related", "social",
                     "follow", "comment", "caption", "footer", "box", "about", "description", "title-of")
# Containers whose credits belong to a picture or to another story, not to this article.
_FOREIGN_CONTAINER = ("image", "photo", "picture", "caption", "gallery", "teaser", "related", "recommend",
                      "menu")
# A credit that belongs to a picture: "Foto: Jane Doe / AP".
_PHOTO_CREDIT = re.compile(r"^\W{0,3}(?:foto|fotos|photo|photos|bild|bilder|image|picture|fotó|zdjęcie|kuva|"
                           r"billede|credit|quelle|source)\s*:", re.IGNORECASE)
# A copyright line ("© 2020 Ente Parco ... Autore di Parks.it"): the site's, not the article's.
_COPYRIGHT = re.compile(r"^\W{0,3}(?:©|\(c\)|copyright\b)", re.IGNORECASE)
# A label printed before the author's name: "Autorin/Autor", "Author:", "Texte :".
_AUTHOR_LABEL = re.compile(r"^(?:author|authors|autor|autorin|autoren|autorin/autor|autor/autorin|auteur|"
                           r"auteurs|autore|autori|text|texte|tekst|written by|reporter|journalist|"
                           r"by|von|par|por|door|av|af)\s*:?$",
                           re.IGNORECASE)
# An author's page: /author/jane-doe, /autoren/name/max-mustermann, /journalist/...
_AUTHOR_HREF = re.compile(r"/(?:authors?|autor(?:en|in)?|auteurs?|journalists?|redakteur(?:e|in)?|"
                          r"reporters?|giornalisti|periodistas?)/[^/?#]", re.IGNORECASE)
_ORG_TYPES = {"organization", "newsmediaorganization", "corporation", "website", "brand",
              "governmentorganization", "educationalorganization", "localbusiness"}
_AUTHOR_META = ("author", "article:author", "dc.creator", "dcterms.creator", "sailthru.author",
                "parsely-author", "byl", "cxenseparse:author", "dcsext.author", "twitter:creator")
MAX_PRINTED_NAMES = 6
# Classes of an <aside> or <footer> that is the article's own meta box (its byline, its date).
_META_BOX = ("meta", "byline", "author")
_PHRASE_TAGS = {"p", "span", "div", "li", "small", "address", "em", "i", "footer"}
MAX_BYLINE_PHRASE = 150
MAX_ELEMENTS_SCANNED = 3000
_NO_BYLINE_TAGS = {"meta", "link", "script", "style", "img", "html", "body"}
_SUBHEADINGS = ("h2", "h3", "h4", "h5", "h6")
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
    separate links or spans stay separate ("Jane Doe" "Twitter" is not "Jane DoeTwitter"). A
    node's tail comes after its whole subtree ("<b><a>Jane Doe</a></b> und" keeps its order)."""
    parts: list[str] = []
    stack = [(el, False)]
    while stack:
        node, leaving = stack.pop()
        shown = isinstance(node.tag, str) and node.tag not in ("script", "style", "noscript", "template")
        inline = not shown or node.tag in _INLINE_TAGS
        if leaving:
            if node is not el and node.tail:
                parts.append(node.tail if inline else "\n" + node.tail)
            continue
        stack.append((node, True))
        if not shown:
            continue
        if not inline:
            parts.append("\n")
        parts.append(node.text or "")
        stack.extend((child, False) for child in reversed(node))
    return "".join(parts)


def _in_foreign_container(el) -> bool:
    for depth, anc in enumerate(el.iterancestors()):
        if anc.tag == "article":
            return _teaser_article(anc)
        if depth > 6 or anc.tag in ("main", "body"):
            return False
        if anc.tag in ("figure", "figcaption", "nav"):
            return True
        if anc.tag in ("aside", "footer") and not _mentions(_META_BOX, anc.get("class") or ""):
            return True     # a sidebar or the page's footer, not the article's own meta box
        if _is_page_footer(anc):
            return True
        if _mentions(_FOREIGN_CONTAINER, anc.get("class") or ""):
            return True
    return False


def _teaser_article(article) -> bool:
    """An <article> in the page's footer, a sidebar or a menu: another story's teaser ("recent
    posts" in the footer), not the page's article."""
    return any(anc.tag in _PAGE_REGIONS or _is_page_footer(anc) for anc in article.iterancestors())


_PAGE_REGIONS = ("footer", "aside", "nav")


_ARTICLE_TAGS = ("article", "main")
MAX_PAGE_REGION_DEPTH = 4     # html > body > wrapper > inner wrapper > the page's regions


def _is_page_footer(el) -> bool:
    """A container marked as a footer ("<div id="footer">") that is one of the page's regions
    (not <body>, whose classes say what the page has), near the top of the tree and in no
    article: the page's credits ("Powered by", "Valid HTML"), not a byline. A post's own footer,
    deep inside the post, may hold the byline at its end."""
    marker = f"{el.get('id') or ''} {el.get('class') or ''}"
    if el.tag in ("body", "html") or not _mentions(("footer",), marker) or _mentions(_META_BOX, marker):
        return False
    ancestors = list(el.iterancestors())
    return len(ancestors) <= MAX_PAGE_REGION_DEPTH and all(a.tag not in _ARTICLE_TAGS for a in ancestors)


_MARKER_ATTRIBUTES = ("class", "id", "rel", "itemprop", "data-testid")
_BYLINE_WORD = re.compile("|".join(_BYLINE_CLASS))


def _byline_by_class(names: Names):
    for el in names.marked(_MARKER_ATTRIBUTES, _BYLINE_WORD):
        if el.tag in _NO_BYLINE_TAGS:
            continue
        marker = " ".join(filter(None, (el.get(attribute) for attribute in _MARKER_ATTRIBUTES)))
        if _mentions(_BYLINE_BAD_CLASS, marker):
            continue
        text = element_text(el)
        if 3 <= len(text) <= MAX_BYLINE and not _PHOTO_CREDIT.match(text) and not _COPYRIGHT.match(text) \
                and not _in_foreign_container(el):
            return el
    return None


def _byline_by_label(root):
    """"<strong>Autorin/Autor</strong> Jane Doe", "<span>By</span> Jane Doe": the label's parent
    holds the name; a label that is a term, a table heading or a heading of its own
    ("<h4>Autor</h4><p>Jane Doe</p>") is followed by the element that holds it."""
    for el in root.iter("strong", "b", "dt", "th", "span", "label", *_SUBHEADINGS):
        if el.text and len(el.text) < 40 and _AUTHOR_LABEL.match(clean(element_text(el)).strip(" |:-–—")):
            parent = el.getparent()
            if el.tag in ("dt", "th", *_SUBHEADINGS):
                sibling = el.getnext()
                return sibling if sibling is not None else None
            if parent is not None and len(element_text(parent)) <= MAX_BYLINE:
                return parent
    return None


def _byline_by_phrase(root):
    """An element after the headline whose own text opens with "By", "Posted by", "Von",
    "Gespeichert von" and names someone: a byline without a class saying so."""
    start = next(root.iter("h1"), None)
    seen_start = start is None
    for count, el in enumerate(root.iter("h1", *_PHRASE_TAGS)):
        if el is start:
            seen_start = True
        if count > MAX_ELEMENTS_SCANNED:
            break
        if not seen_start or el.tag == "h1" or not el.text or not _opens_with_label(el):
            continue
        if _in_foreign_container(el) or any(a.tag == "a" for a in el.iterancestors()) \
                or len(text := element_text(el)) > MAX_BYLINE_PHRASE:      # a link: another story's teaser
            continue
        names = split_names(text)
        # "von Kaminwurzen, Hartbrot und Kartoffeln" is a list of things, not of people.
        if names and is_labelled(text) and (len(names) == 1 or any(map(looks_like_person, names))):
            return el
    return None


def _opens_with_label(el) -> bool:
    """Whether an element's own text opens with a byline label. A lone label word ("Von" before
    "<a>Jane Doe</a>") is read with the names in its children: a capitalised "Von" labels a name
    only when one follows (it also begins surnames)."""
    head = clean(el.text)[:40]
    if is_labelled(head + " …"):
        return True
    words = head.split()
    return len(words) == 1 and is_label_word(words[0]) and is_labelled(clean(element_text(el))[:60])


def _byline_by_link(root):
    """The first link to an author page after the headline, with its parent (the byline line)."""
    start = next(root.iter("h1"), None)
    seen_start = start is None
    for el in root.iter("h1", "a"):
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
    names = doc.names if scope is None else Names(scope)
    for finder, where in ((_byline_by_class, names), (_byline_by_label, root), (_byline_by_phrase, root),
                          (_byline_by_link, root)):
        el = finder(where)
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
    for value in _labelled_meta(doc):
        # The account that posted ("Redaktion", the blog's name) is no credit unless it is a person's.
        if (names := [n for n in split_names(value) if looks_like_person(n)]):
            return names
    return []


MAX_META_LABELS = 4


def _labelled_meta(doc: Document):
    """Values of the label/value <meta> pairs that link previews show ("twitter:label1" "Written
    by", "twitter:data1" "Jane Doe"; SEO plugins write them on very many blogs) whose label is a
    byline label ("Written by", "Verfasst von", "Écrit par")."""
    for i in range(1, MAX_META_LABELS + 1):
        labels, values = doc.meta.get(f"twitter:label{i}", []), doc.meta.get(f"twitter:data{i}", [])
        if labels and values and is_labelled(f"{labels[0]} {values[0]}"):
            yield values[0]


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
    lines = byline_text(el) if el is not None else ""
    printed_names = split_names(lines)
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
    # A name after a label ("von gizzmo", "Autor: revamp-it Webteam", "4. November 2021 von
    # auto-motor.at Redaktion") is a credit as printed.
    labelled = bool(printed) and is_labelled(clean(printed).lstrip(" |:-–—"))
    if (credits := [n for n in printed_names if labelled or _label_before(lines, n) or looks_like_credit(n)]):
        return printed, credits, "html"
    if (dated := _dated_byline(doc)) and looks_like_person(dated[1]) and not _is_own(dated[1], own):
        return dated[0], [dated[1]], "html"
    # A <meta> author naming neither a person nor an agency is the account or the owner the CMS
    # filled in (the site, a ministry, "Kirche und Leben, Münster, Germany": an organisation with
    # its place), as with the link-preview pair: no credit of this article.
    if (meta_credits := [n for n in meta_names if is_agency(n)]):
        return printed, meta_credits, "meta"
    return printed, [], None


MAX_DATED_LINE = 80
MAX_DATED_NAME_WORDS = 4
# The name on one side of the date, a separator between them: "11.12.2019 - Amelie Loevenich",
# "Jane Doe | 3 May 2024". Not a date glued to a word, nor words on both sides of it (a label, a
# weekday, a section: "Neuheit 5. November 2021 Solveig Grewe").
_DATE_THEN_NAME = re.compile(r"^[ ]?[-–—|·•][ ]?([^|·•,;:/]+)$")
_NAME_THEN_DATE = re.compile(r"^([^|·•,;:/]+?)[ ]?[-–—|·•][ ]?$")


def _dated_byline(doc: Document) -> tuple[str, str] | None:
    """(line, name) for a line just after the headline that holds nothing but a date and a name,
    with a separator between them: a byline without a label or a class saying so."""
    heading = next(doc.tree.iter("h1"), None)
    line = heading.getnext() if heading is not None else None
    for _ in range(2):
        if line is None:
            break
        text = squash(element_text(line))
        if 0 < len(text) <= MAX_DATED_LINE and len(found := dates_in(text, limit=2)) == 1:
            start, end, _ = found[0]
            before, after = text[:start], text[end:]
            side = (_DATE_THEN_NAME.match(after) if not before
                    else _NAME_THEN_DATE.match(before) if not after else None)
            if side and len((name := strip_prefix(clean(side.group(1)))).split()) <= MAX_DATED_NAME_WORDS:
                return text, name
        line = line.getnext()
    return None


def _label_before(text: str, name: str) -> bool:
    """Whether a byline label ("von", "By", "Autor:") comes just before `name` in `text`."""
    before = text[:max(text.find(name), 0)].split()
    return bool(before) and is_labelled(f"{before[-1]} {name}")


MAX_SIGNATURE_WORDS = 4


def names_a_person(names: list[str], doc: Document, ld: dict | None) -> bool:
    """Whether a credit names someone other than an agency, a desk or the publication itself."""
    own = _own_names(doc, ld)
    return any(looks_like_person(n) and not _is_own(n, own) for n in names)


MIN_TEXT_PARAGRAPH = 80


def signature(doc: Document) -> str | None:
    """A person's name set alone, in bold or italics, as the last paragraph of a run of text
    paragraphs, or as the first before any of the page's text: sites that sign their articles in
    the text ("<p><strong>Jane Doe</strong></p>") and credit only themselves in their markup."""
    for p in doc.tree.iter("p"):
        # Cheap tests first: a paragraph of one emphasised element, without text of its own.
        if len(p) == 0 or clean(p.text) or p[0].tag not in _EMPHASIS or not _emphasised(p):
            continue
        name = element_text(p).strip(" .")
        if not 2 <= len(name.split()) <= MAX_SIGNATURE_WORDS or not looks_like_person(name) \
                or (parent := p.getparent()) is None:
            continue
        paragraphs = [q for q in parent.iterchildren("p") if element_text(q)]
        if (p is paragraphs[-1] or p is paragraphs[0] and not _text_before(p)) \
                and sum(len(element_text(q)) >= MIN_TEXT_PARAGRAPH for q in paragraphs) >= 2:
            return name
    return None


_EMPHASIS = {"strong", "b", "em", "i"}


def _text_before(el) -> bool:
    """Whether a paragraph of text comes before `el` on the page."""
    return any(len(element_text(q)) >= MIN_TEXT_PARAGRAPH for q in el.xpath("preceding::p"))


def _emphasised(el) -> bool:
    """All of the element's text is inside <strong>, <b>, <em> or <i>."""
    plain = el.xpath(".//text()[not(ancestor::strong or ancestor::b or ancestor::em or ancestor::i)]")
    return not "".join(plain).strip()
