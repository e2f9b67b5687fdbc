"""Small text helpers shared by the parsers."""
from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def clean(text: str | None) -> str:
    """One line of text: whitespace runs collapsed, zero-width characters dropped."""
    if not text:
        return ""
    text = text.replace("\u200c", "").replace("\u200d", "").replace("\ufeff", "")
    return _WS.sub(" ", text.replace("\n", " ")).strip()


def element_text(el) -> str:
    """Visible text of an element in one line (script/style excluded)."""
    parts = []
    for node in el.iter():
        if node.tag in ("script", "style", "noscript", "template") or not isinstance(node.tag, str):
            if node is not el and node.tail:
                parts.append(node.tail)
            continue
        if node.tag == "br":
            parts.append(" ")
        if node.text:
            parts.append(node.text)
        if node is not el and node.tail:
            parts.append(node.tail)
    return clean("".join(parts))


def fold(text: str | None) -> str:
    """Comparison key: NFKC, case-folded, word characters only."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join(re.findall(r"\w+", text))


def similarity(a: str | None, b: str | None) -> float:
    """Token-set overlap in [0, 1] of two short texts."""
    ta, tb = set(fold(a).split()), set(fold(b).split())
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / max(len(ta), len(tb))
