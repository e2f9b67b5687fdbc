"""The article body: find the content block, strip boilerplate inside it, emit clean paragraphs.

1. Junk that is never text (script, style, forms' controls, embeds) is dropped.
2. The content block is the JSON-LD articleBody's best match when the page has one, else an
   element with itemprop=articleBody, else the best-scoring container: paragraph text, damped by
   link density, weighted by class/id hints, credited to parent and grandparent.
3. Inside it, boilerplate subtrees (ads, share bars, related links, newsletter boxes, captions,
   bylines...) are dropped by tag and class/id words, unless a subtree holds most of the text.
4. Blocks are emitted in order: paragraphs and subheadings one per paragraph, list items one
   per line; lines that are boilerplate by their text ("Advertisement", "Read more: ...") or
   mostly links are dropped.
"""
from __future__ import annotations

import copy
import re

from lxml import etree

from .text import clean, fold

_JUNK_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "canvas", "object", "embed",
              "video", "audio", "picture", "img", "button", "input", "select", "textarea", "option",
              "dialog", "map", "math", "link", "meta", "head")
_DROP_IN_BODY_TAGS = ("nav", "footer", "aside", "figure", "figcaption", "form", "header", "menu", "label",
                      "address", "time")

_BLOCK = frozenset("p h1 h2 h3 h4 h5 h6 blockquote pre li dd dt div section article table tr td th ul ol dl "
                   "main center address figure caption details summary".split())
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_LISTS = frozenset(("ul", "ol", "dl"))

_BOILER_CLASS = re.compile(
    r"(?:^|[^a-z])("
    r"ads?|adv|advert\w*|adsense|adslot|ad[-_]?(?:unit|slot|container|wrapper|box|block|banner)|dfp|gpt|"
    r"banner|sponsor\w*|promo\w*|outbrain|taboola|teads|"
    r"share\w*|sharing|social\w*|sociable|addthis|follow|"
    r"related\w*|recommend\w*|popular|trending|most[-_]?(?:read|viewed|popular)|more[-_]?(?:stories|news|articles)|"
    r"read[-_]?(?:more|also|next)|see[-_]?also|also[-_]?read|teaser\w*|"
    r"newsletter\w*|subscri\w*|signup|sign[-_]up|register|regwall|paywall\w*|piano|"
    r"comment|comments|commentlist|disqus|respond|reply|"
    r"cookie\w*|consent|gdpr|"
    r"nav|navbar|navigation|menu|breadcrumbs?|pagination|pager|toolbar|"
    r"sidebar|widget\w*|footer|masthead|"
    r"caption|credit|credits|copyright|"
    r"byline|author\w*|bio|meta|post[-_]?meta|entry[-_]?meta|dateline[-_]?box|timestamp|date|time|"
    r"tags?|tag[-_]?list|keywords|categories|topics|"
    r"print|hidden|hide|d[-_]none|sr[-_]only|visually[-_]hidden|screen[-_]reader[-_]text|offscreen|"
    r"modal|popup|overlay|lightbox|skip|jump|tooltip|"
    r"video[-_]?player|player|gallery|slideshow|carousel|embed|instagram|twitter[-_]?tweet|"
    r"rating|poll|survey|donate|donation|"
    r"ticker|alert|notification|"
    r"inline[-_]?(?:ad|promo|related)|in[-_]?article[-_]?(?:ad|promo)"
    r")(?:$|[^a-z])", re.IGNORECASE)
_GOOD_CLASS = re.compile(r"article|body|content|entry|story|text|post|main|prose|rich|detail|news|single",
                         re.IGNORECASE)
_BAD_CLASS = re.compile(r"comment|sidebar|footer|related|promo|widget|teaser|nav|menu|share|social|ad-|"
                        r"recommend|newsletter|cookie|modal", re.IGNORECASE)

_BOILER_LINE = re.compile(
    r"^(?:advertisement|advertising|adsense advertisement|anzeige|publicité|publicidad|pubblicità|reklama|"
    r"reklame|annons|mainos|sponsored|werbung|story continues below(?: advertisement)?|"
    r"continue reading(?: below)?|read more|read also|also read|see also|related|more on this|"
    r"show more|load more|click here|share this( article| story)?|share|tweet|email|print|"
    r"skip (?:to|ad)|scroll to continue.*|dark mode|light mode|logo|menu|search|close|"
    r"comment / reply from|leave a (?:comment|reply)|post a comment|comments?|"
    r"sign up|subscribe|subscribe now|log ?in|register)\W*$", re.IGNORECASE)
_BOILER_PREFIX = re.compile(
    r"^(?:read more|read also|also read|see also|related|recommended|more|lesen sie auch|lees ook|"
    r"mehr zum thema|à lire aussi|lire aussi|leia também|leggi anche|lea también|czytaj też|"
    r"sign up|subscribe|follow us|follow [\w ]{1,30} on|join our|get our|download our|"
    r"(?:photo|image|picture|foto|bild|video|graphic)s?(?: credit)?|source|copyright|©)\s*[:|>»–—-]",
    re.IGNORECASE)

PAYWALL_CLASS = re.compile(r"paywall|regwall|premium[-_]?(?:content|box|teaser|wall)|subscriber[-_]?only|"
                           r"piano|tp-container|meteredcontent|article[-_]?locked", re.IGNORECASE)


# Real class/id lists are far shorter; a hostile megabyte-long class attribute would otherwise cost
# seconds in the long boilerplate alternation, once per element.
MAX_MARKER = 512


def _marker(el) -> str:
    return " ".join(filter(None, (el.get("class"), el.get("id"), el.get("role"), el.get("data-component"),
                                  el.get("data-testid"))))[:MAX_MARKER]


def _text_len(el) -> int:
    return int(el.xpath("string-length(normalize-space(.))"))


def _link_len(el) -> int:
    return int(sum(_text_len(a) for a in el.iter("a")))


def _drop(el):
    """Remove an element but keep its tail text (it belongs to the parent)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _is_hidden(el) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return (el.get("hidden") is not None or el.get("aria-hidden") == "true"
            or "display:none" in style or "visibility:hidden" in style)


def _strip_junk(root):
    for el in list(root.iter(*_JUNK_TAGS)):
        _drop(el)


def _paragraph_candidates(root):
    for el in root.iter("p", "pre", "blockquote", "td", "div", "section", "article", "h2", "h3", "li"):
        if el.tag in ("div", "section", "article", "td", "li"):
            direct = clean((el.text or "") + " ".join(c.tail or "" for c in el))
            if len(direct) < 40:
                continue
        yield el


def _score_containers(root):
    scores: dict = {}
    for el in _paragraph_candidates(root):
        length = _text_len(el)
        if length < 25:
            continue
        density = _link_len(el) / length if length else 1
        if density > 0.5:
            continue
        points = (1 + min(length, 1200) / 100 + el.xpath("count(.//text()[contains(., ',')])") * 0.3)
        points *= 1 - density
        parent = el.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0) + points
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0) + points / 2
    best, best_score = None, 0.0
    for el, score in scores.items():
        marker = _marker(el)
        if marker:
            if _GOOD_CLASS.search(marker):
                score *= 1.25
            if _BAD_CLASS.search(marker):
                score *= 0.5
        if el.get("itemprop") == "articleBody":
            score *= 2
        if score > best_score:
            best, best_score = el, score
    return best


def _tokens(text: str) -> list[str]:
    return fold(text).split()


def _match_article_body(root, article_body: str):
    """The element whose text covers the JSON-LD articleBody best (F1 over word tokens)."""
    want = set(_tokens(article_body))
    if len(want) < 30:
        return None
    best, best_f1 = None, 0.0
    for el in root.iter("div", "section", "article", "main", "td", "span"):
        length = _text_len(el)
        if length < len(article_body) * 0.5:
            continue
        have = set(_tokens(el.xpath("string(.)")))
        common = len(want & have)
        if not common:
            continue
        p, r = common / len(have), common / len(want)
        f1 = 2 * p * r / (p + r)
        if f1 > best_f1 or (f1 == best_f1 and best is not None and best in el.iterancestors()):
            best, best_f1 = el, f1
    return best if best_f1 >= 0.6 else None


def find_container(root, article_body: str | None = None):
    itemprop = [el for el in root.iter() if isinstance(el.tag, str) and el.get("itemprop") == "articleBody"
                and _text_len(el) >= 150]
    if itemprop:
        return itemprop[0] if len(itemprop) == 1 else _common_ancestor(itemprop)
    if article_body:
        found = _match_article_body(root, article_body)
        if found is not None:
            return found
    return _score_containers(root)


def _common_ancestor(els):
    chains = [[el, *el.iterancestors()][::-1] for el in els]
    common = None
    for nodes in zip(*chains):
        if all(n is nodes[0] for n in nodes):
            common = nodes[0]
        else:
            break
    return common


def _strip_boilerplate(container, extra_selectors=()):
    total = max(_text_len(container), 1)
    for el in list(container.iter()):
        if el is container or not isinstance(el.tag, str) or el.getparent() is None:
            continue
        reason = None
        if el.tag in _DROP_IN_BODY_TAGS or _is_hidden(el):
            reason = el.tag
        else:
            marker = _marker(el)
            if marker and _BOILER_CLASS.search(marker):
                reason = marker
        if reason is None:
            continue
        # Never strip a subtree that holds most of the article (e.g. <div class="post has-ads">).
        if _text_len(el) > 0.4 * total and el.tag not in ("figure", "figcaption", "aside", "nav"):
            continue
        _drop(el)


def _emit(container) -> list[tuple[str, str, int]]:
    """(kind, text, link characters) blocks in document order: kind is 'p', 'h' or 'list'."""
    blocks: list[tuple[str, str, int]] = []
    buf: list[str] = []
    link_chars = [0]
    kind = ["p"]

    def flush():
        text = "".join(buf)
        # A blank line inside one block comes from <br><br>: those are paragraphs of their own.
        chunks = [text] if kind[0] == "list" else re.split(r"\n\s*\n", text)
        for chunk in chunks:
            lines = [line for line in (clean(x) for x in chunk.split("\n")) if line]
            if lines:
                joined = "\n".join(lines) if kind[0] == "list" else " ".join(lines)
                blocks.append((kind[0], joined, link_chars[0] * len(joined) // max(len(text), 1)))
        buf.clear()
        link_chars[0] = 0
        kind[0] = "p"

    def walk(el, in_list, in_link):
        # Iterative to survive any nesting depth.
        stack = [(el, "enter", in_list, in_link)]
        while stack:
            node, phase, lst, lnk = stack.pop()
            if phase == "tail":
                if node.tail:
                    buf.append(node.tail)
                    if lnk:
                        link_chars[0] += len(node.tail.strip())
                continue
            tag = node.tag if isinstance(node.tag, str) else ""
            if phase == "exit":
                if tag in _BLOCK:
                    if tag == "li" and lst:
                        buf.append("\n")
                    elif tag in _LISTS:
                        if not lst:
                            flush()
                    elif not lst:
                        flush()
                continue
            if tag == "br":
                buf.append("\n\n" if not lst else "\n")
            elif tag in _BLOCK:
                if tag in _LISTS and not lst:
                    flush()
                    kind[0] = "list"
                elif tag in _HEADINGS and not lst:
                    flush()
                    kind[0] = "h"
                elif tag not in ("li",) and not lst:
                    flush()
            is_list = lst or tag in _LISTS
            is_link = lnk or tag == "a"
            stack.append((node, "exit", lst, lnk))
            children = list(node)
            for child in reversed(children):
                stack.append((child, "tail", lst if child.tag != "li" else True, is_link))
                stack.append((child, "enter", is_list, is_link))
            if node.text:
                buf.append(node.text)
                if is_link:
                    link_chars[0] += len(node.text.strip())

    walk(container, False, False)
    flush()
    return blocks


def is_boilerplate_line(text: str) -> bool:
    t = clean(text)
    if not t:
        return True
    if _BOILER_LINE.match(t):
        return True
    if len(t) < 200 and _BOILER_PREFIX.match(t):
        return True
    return False


def extract_body(tree, *, headline: str | None = None, article_body: str | None = None,
                 strip_selectors=(), container=None) -> tuple[str | None, bool]:
    """(body text or None, paywall marker seen)."""
    root = copy.deepcopy(tree)
    _strip_junk(root)
    paywall = any(PAYWALL_CLASS.search(_marker(el)) for el in root.iter() if isinstance(el.tag, str))
    body_el = root.find("body")
    if body_el is None:
        body_el = root
    container = find_container(body_el, article_body)
    if container is None:
        return None, paywall
    _strip_boilerplate(container)
    paragraphs = []
    seen = set()
    head_key = fold(headline) if headline else None
    for kind, text, links in _emit(container):
        if is_boilerplate_line(text):
            continue
        if kind != "list" and len(text) and links / max(len(text), 1) > 0.6:
            continue
        key = fold(text)
        if head_key and key == head_key:
            continue
        if kind != "list" and key in seen and len(key) < 200:
            continue
        seen.add(key)
        paragraphs.append(text)
    body = "\n\n".join(paragraphs).strip()
    return (body or None), paywall
