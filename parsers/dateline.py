"""The place line of a wire-style story: "MEXICO CITY (AP) — ..." -> "MEXICO CITY"."""
from __future__ import annotations

import re

_UPPER = r"A-ZÀ-ÖØ-ÞĀ-ŽА-ЯΑ-Ω"
# PLACE in capitals (a few words), optionally ", Region" in title case, an optional date, an optional
# (Agency), then a dash or colon. The text is bounded first, so the pattern cannot run away.
_DATELINE = re.compile(
    rf"^(?P<place>[{_UPPER}][{_UPPER}'’.\-]+(?:[ \-][{_UPPER}][{_UPPER}'’.\-]*){{0,3}}"
    rf"(?:,\s*[{_UPPER}][\w.'’\-]+(?:\s[{_UPPER}][\w.'’\-]+){{0,2}})?)"
    r"(?:,?\s+(?:\w{3,9}\.?\s+\d{1,2}|\d{1,2}\.?\s+\w{3,9}\.?)(?:,?\s+\d{4})?)?"
    r"\s*(?:\((?P<agency>[^)]{1,30})\))?"
    r"\s*(?:[-–—:]+|\s\|)\s+\S")


def dateline(body: str | None) -> str | None:
    if not body:
        return None
    first = body.lstrip()[:160]
    m = _DATELINE.match(first)
    if not m:
        return None
    place = m.group("place").strip(" ,.")
    head = place.split(",")[0]
    letters = [c for c in head if c.isalpha()]
    if len(letters) < 2 or not all(c.isupper() for c in letters):
        return None
    return place
