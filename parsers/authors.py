"""Bylines to author names: "By Jane Doe and John Roe, Reuters" -> ["Jane Doe", "John Roe"]."""
from __future__ import annotations

import re

from .text import clean

_PREFIX = re.compile(
    r"^\s*(?:(?:written|reported|posted|published|text|story|words|photos?|interview)\s+)?"
    r"(?:by|par|von|di|de|por|door|av|af|przez|od|tekst|text|autor(?:in)?|author|auteur|"
    r"texto|redacción|reportage|von\s+der|by:)\s*[:\-–—]?\s+",
    re.IGNORECASE)
# No \s* around the separators: on a long run of spaces that backtracks cubically (16 KiB of spaces took
# minutes); the parts are stripped anyway.
_SPLIT = re.compile(r"(?:,|;|\||&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bog\b|\boch\b|\ben\b|\bi\b|\bu\b|"
                    r"\bsowie\b|\bmit\b|/|·|•|\n)", re.IGNORECASE)
_ROLE = re.compile(
    r"\b(staff|writer|reporter|correspondent|editor|editors|columnist|contributor|contributing|"
    r"senior|chief|bureau|desk|news\s+desk|journalist|photographer|photos?|video|updated|published|"
    r"posted|redaktion|redakteur(?:in)?|korrespondent(?:in)?|autor(?:in)?|rédaction|rédacteur|"
    r"redacción|redazione|editorial|team|newsroom|agency|agencies|opinion)\b", re.IGNORECASE)
_NOT_NAME = re.compile(r"https?://|www\.|@|\d{1,4}[:/.\-]\d|\d{4}|[<>{}=]")
_AGENCIES = {
    "ap", "associated press", "the associated press", "reuters", "afp", "agence france-presse",
    "dpa", "epa", "efe", "ansa", "kyodo", "xinhua", "pti", "ians", "ani", "bloomberg", "tass",
    "apa", "sda", "keystone-sda", "ntb", "tt", "anp", "belga", "pap", "ctk", "mti", "upi", "kna",
    "epd", "kna", "afp/dpa", "dpa/afp",
}
MAX_BYLINE = 300


def strip_prefix(text: str) -> str:
    return _PREFIX.sub("", text, count=1)


def split_names(byline: str | None, keep_agencies: bool = True) -> list[str]:
    """Names in a byline, in order, without roles, dates, URLs, handles or duplicates."""
    if not byline:
        return []
    text = clean(byline)[:MAX_BYLINE]
    text = re.sub(r"\([^)]*\)", " ", text)             # "(AP)", "(Reuters)", "(Photos)"
    text = strip_prefix(text)
    names: list[str] = []
    for part in _SPLIT.split(text):
        part = strip_prefix(clean(part)).strip(" .:-–—'\"“”")
        if not part or _NOT_NAME.search(part):
            continue
        lowered = part.lower()
        if lowered in _AGENCIES:
            if keep_agencies:
                names.append(part)
            continue
        if _ROLE.search(part):
            # "Jane Doe, Staff Writer" splits the role off at the comma; "Staff Writer Jane Doe"
            # keeps the name after the role words.
            kept = _ROLE.sub(" ", part)
            kept = clean(kept)
            if not kept or len(kept.split()) < 2 or kept.lower() in ("the", "by"):
                continue
            part = kept
        words = part.split()
        if not 1 <= len(words) <= 5 or len(part) > 60:
            continue
        if len(words) == 1 and not (part.isupper() and len(part) <= 6) and lowered not in _AGENCIES:
            # A single word is usually a leftover ("Staff", "Editor"); keep only mononyms in caps
            # like "AFP" or known agencies.
            if not part[:1].isupper():
                continue
        if part not in names:
            names.append(part)
    return names


def is_person_list(names: list[str]) -> bool:
    return any(n.lower() not in _AGENCIES and len(n.split()) >= 2 for n in names)
