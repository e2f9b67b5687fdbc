"""Dates from markup and text, normalised to ISO 8601 with the page's UTC offset when known."""
from __future__ import annotations

import re
import warnings
from datetime import datetime, timedelta, timezone

from dateutil import parser as dateutil_parser

MIN_YEAR, MAX_YEAR = 1990, 2100

_ISO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*"
    r"(Z|[+-]\d{2}:?\d{2}|[+-]\d{2}(?!\d))?)?")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:/|[-_]|$)")
_EPOCH = re.compile(r"^\d{10}(\d{3})?$")


def _offset(tz: str | None):
    if not tz:
        return None
    if tz == "Z":
        return timezone.utc
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 18 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _iso(dt: datetime, has_time: bool) -> str | None:
    if not MIN_YEAR <= dt.year <= MAX_YEAR:
        return None
    if not has_time:
        return dt.date().isoformat()
    return dt.isoformat(timespec="seconds")


def normalise(value: str | None) -> str | None:
    """ISO 8601 text for a date written in a machine format; None if it is not a real date."""
    if not value:
        return None
    value = value.strip()
    if len(value) > 80:
        return None
    if _EPOCH.match(value):
        try:
            dt = datetime.fromtimestamp(int(value[:10]), tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
        return _iso(dt, True)
    m = _ISO.search(value)
    if m:
        y, mo, d, hh, mm, ss, tz = m.groups()
        try:
            dt = datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0),
                          tzinfo=_offset(tz))
        except ValueError:
            return None
        return _iso(dt, hh is not None)
    try:
        with warnings.catch_warnings():  # "EST", "CEST": the offset is unknown, the date is still right
            warnings.simplefilter("ignore", dateutil_parser.UnknownTimezoneWarning)
            dt = dateutil_parser.parse(value, fuzzy=False)
    except (ValueError, OverflowError, TypeError, dateutil_parser.ParserError):
        return None
    has_time = bool(re.search(r"\d:\d\d", value))
    return _iso(dt, has_time)


def from_url(url: str | None) -> str | None:
    """A date written in the URL path (/2024/05/03/ or /20240503/), day precision."""
    if not url:
        return None
    m = _URL_DATE.search(url)
    if not m:
        return None
    try:
        return datetime(int(m.group(1)), int(m.group(2)), int(m.group(3))).date().isoformat()
    except ValueError:
        return None
