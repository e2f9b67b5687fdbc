"""The place line of a wire-style story: "MEXICO CITY (AP) — ..." -> "MEXICO CITY".

Only an opening the body really has: a place in capitals ("KYIV, Ukraine (AP) —"), or a place in
title case followed by a news agency ("Berlin (dpa) -"). Never invented, never a label such as
"UPDATE:" or "ANALYSIS —".
"""
from __future__ import annotations

import re

from .authors import is_agency

_UPPER = r"A-ZÀ-ÖØ-ÞĀ-ŽА-ЯΑ-Ω"
_WORD = rf"[{_UPPER}][\w'’.\-/]{{0,30}}"
# PLACE (a few words), optionally ", Region", an optional date, an optional (Agency), then a dash
# or colon. Every repetition is bounded and the text is cut first, so the pattern cannot run away.
_DATELINE = re.compile(
    rf"^(?P<place>{_WORD}(?:[ \-]{_WORD}){{0,3}}"
    rf"(?:,[ ]{{0,2}}{_WORD}(?:[ ]{_WORD}){{0,2}})?)"
    r"(?:,?[ ]{1,2}(?:\w{3,9}\.?[ ]{1,2}\d{1,2}|\d{1,2}\.?[ ]{1,2}\w{3,9}\.?)(?:,?[ ]{1,2}\d{4})?)?"
    r"[ ]{0,2}(?:\((?P<agency>[^()]{1,40})\))?"
    r"[ ]{0,2}(?:[-–—:]{1,2}|[ ]\|)[ ]{1,3}\S")
# Openings in capitals that are labels, not places.
_LABELS = {
    "update", "updated", "breaking", "breaking news", "watch", "analysis", "note", "editor's note",
    "editor’s note", "exclusive", "opinion", "live", "video", "photos", "read more", "also read",
    "read", "listen", "comment", "review", "interview", "explainer", "factbox", "correction",
    "warning", "spoiler", "spoilers", "advertisement", "sponsored", "eilmeldung", "kommentar",
    "exclusif", "urgent", "última hora", "ultima ora",
}
MAX_OPENING = 160


def _is_agency_credit(text: str | None) -> bool:
    """"dpa", "AP", "dpa-AFX", "AFP/Reuters": a news agency (or agencies) in the parentheses."""
    if not text:
        return False
    return any(is_agency(p.strip()) for p in re.split(r"[/,\-]", text)) or is_agency(text.strip())


def dateline(body: str | None) -> str | None:
    if not body:
        return None
    first = body.lstrip()[:MAX_OPENING]
    m = _DATELINE.match(first)
    if not m:
        return None
    place = m.group("place").strip(" ,.")
    head = place.split(",")[0]
    letters = [c for c in head if c.isalpha()]
    if len(letters) < 2 or head.lower() in _LABELS or is_agency(head):
        return None
    if not all(c.isupper() for c in letters) and not _is_agency_credit(m.group("agency")):
        return None     # a sentence in title case, unless a wire agency follows the place
    return place


# Places in title case (joined by slashes, "Frankfurt am Main"), an optional agency in brackets,
# then a spaced dash: "Berlin – ", "London/Teheran - ", "Kiel (dpa) - ". German capitalises every
# noun, so a sentence opening with an article or pronoun is not taken for a place.
_GERMAN_DATELINE = re.compile(
    r"^(?!(?:Der|Die|Das|Den|Dem|Des|Ein|Eine|Einer|Es|Er|Sie|Wir|Ich|Man)\b)"
    r"(?P<place>[A-ZÄÖÜ][\w.'’-]*(?:(?:/| | am | an der | im | in der )[A-ZÄÖÜ][\w.'’-]*){0,3})"
    r"\s*(?:\([^)]{1,30}\))?\s+[-–—]\s+\S")


def german_dateline(paragraph: str | None) -> str | None:
    """The place a story opens with, "London/Teheran - Iranische ..." -> "London/Teheran"."""
    found = _GERMAN_DATELINE.match(paragraph or "")
    return found.group("place") if found else None
