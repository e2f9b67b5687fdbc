"""Small text helpers shared by the parsers."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Spaces, line breaks and the line and paragraph separators (U+0085, U+2028, U+2029): inside one line
# of text they are spaces. Only what a single space does not already stand for is replaced: runs,
# and the other characters (a regex that also matched each space between two words would replace
# it with itself).
_SPACES = r"\t\n\r\f\v\u0085\u00a0\u2000-\u200b\u2028\u2029\u202f\u205f\u3000"
_WS = re.compile(rf"[ {_SPACES}]{{2,}}|[{_SPACES}]")


def clean(text: str | None) -> str:
    """One line of text: whitespace runs collapsed, zero-width characters dropped."""
    if not text:
        return ""
    if not text.isascii():
        text = text.replace("\u200c", "").replace("\u200d", "").replace("\ufeff", "")
    return _WS.sub(" ", text).strip()


# Elements whose text is never shown.
_UNSHOWN = frozenset(("script", "style", "noscript", "template"))
# Elements a browser sets apart from the text around them: their edges separate words, the edges
# of inline elements (a, span, b...) do not.
BLOCK_TAGS = frozenset("p h1 h2 h3 h4 h5 h6 blockquote pre li dd dt div section article table tr td th "
                       "ul ol dl main center address figure figcaption caption details summary header "
                       "footer nav aside hr body".split())


def element_text(el, skip=()) -> str:
    """Visible text of an element in one line, in document order (script/style excluded): each
    node's text, then its children's, then its tail. Block edges and <br> separate words.
    Elements in `skip` are left out, but not their tails (which belong to the parent)."""
    parts = []
    stack = [(el, False)]  # (node, leaving): a node's tail comes after all of its subtree
    # Each .tag, .text and .tail is read once: lxml makes a new string at each read.
    while stack:
        node, leaving = stack.pop()
        tag = node.tag
        if not isinstance(tag, str):
            tag = None
        if leaving:
            if tag in BLOCK_TAGS or tag == "br":
                parts.append(" ")
            if node is not el and (tail := node.tail):
                parts.append(tail)
            continue
        stack.append((node, True))
        if tag is None or tag in _UNSHOWN or node in skip:
            continue
        if tag in BLOCK_TAGS:
            parts.append(" ")
        if (text := node.text):
            parts.append(text)
        stack.extend((child, False) for child in reversed(node))
    return clean("".join(parts))


def fold(text: str | None) -> str:
    """Comparison key: NFKC, case-folded, word characters only."""
    text = text or ""
    return _fold_short(text) if len(text) <= _FOLD_REMEMBERED else _fold(text)


# The parsers compare the same short texts (headline, titles, names) many times per page; longer
# texts (the page's, the body) are folded once each and not kept.
_FOLD_REMEMBERED = 300
_WORD = re.compile(r"\w+")


def _fold(text: str) -> str:
    return " ".join(_WORD.findall(_nfkc(text).casefold()))


def _nfkc(text: str, piece_chars: int = 2000) -> str:
    """unicodedata.normalize("NFKC", text), faster on a page's text. The no-break space, the character
    NFKC changes most often, is replaced first by the space it becomes. A space never combines with
    the characters beside it, so NFKC changes a text piece by piece between spaces: only the pieces
    that are not normalized already (a few, on most pages) are normalized, and checking a piece
    costs a tenth of normalizing it."""
    text = text.replace("\xa0", " ")
    if unicodedata.is_normalized("NFKC", text):
        return text
    pieces = []
    start = 0
    while start < len(text):
        end = text.find(" ", start + piece_chars)
        end = len(text) if end < 0 else end
        piece = text[start:end]
        normalized = unicodedata.is_normalized("NFKC", piece)
        pieces.append(piece if normalized else unicodedata.normalize("NFKC", piece))
        start = end
    return "".join(pieces)


_fold_short = lru_cache(maxsize=4096)(_fold)


def in_folded(key: str, text: str | None) -> bool:
    """`key in fold(text)` for a key that fold() made (cut anywhere), without folding all of
    `text` (a whole page's text, where splitting into words is most of the cost): a space in the
    key is a run of non-word characters in the text."""
    if not key:
        return True
    words = [re.escape(word) for word in key.split(" ")]
    if not words[-1]:   # a key cut just after a word: another word follows it
        words[-1] = r"(?=\w)"
    pattern = r"\W+".join(words)
    return re.search(pattern, _nfkc(text or "").casefold()) is not None


def similarity(a: str | None, b: str | None) -> float:
    """Token-set overlap in [0, 1] of two short texts."""
    ta, tb = set(fold(a).split()), set(fold(b).split())
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / max(len(ta), len(tb))
