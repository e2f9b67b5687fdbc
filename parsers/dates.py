"""Dates from markup and text, normalised to ISO 8601 with the page's UTC offset when known.

`normalise` reads machine formats (ISO 8601, epoch seconds, RFC 2822); `parse_text` reads dates as
printed on the page in many languages ("3. Mai 2024, 15:47 Uhr", "May 3, 2024 4:45pm",
"3 de mayo de 2024", "2024年5月3日"). Every pattern is applied to text cut to a short length
and has bounded repetitions only, so none can run away on hostile input.
"""
from __future__ import annotations

import re
import warnings
from datetime import UTC, datetime, timedelta, timezone

from dateutil import parser as dateutil_parser

MIN_YEAR, MAX_YEAR = 1990, 2100
MAX_DATE_TEXT = 200

_ISO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?[ ]?"
    r"(Z|[+-]\d{2}:?\d{2}|[+-]\d{2}(?!\d))?)?")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:/|[-_]|$)")
# Between slashes a month and day may go without their zero (/2017/7/12/slug).
_URL_DATE_SLASHED = re.compile(r"/((?:19|20)\d{2})/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])/")
_URL_MONTH = re.compile(r"/((?:19|20)\d{2})/(0?[1-9]|1[0-2])/")
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")

# Month names and abbreviations, lower case, in the languages of the pages we meet. Genitive forms
# are the ones printed after a day number ("3 мая", "3 maja").
_MONTH_NAMES = {
    1: "january jan januar jänner janvier janv enero ene gennaio gen janeiro januari januári január "
       "ianuarie stycznia styczeń ledna ocak tammikuuta января січня ιανουαρίου",
    2: "february feb februar feber février févr fevr febrero febbraio fevereiro fev februari február "
       "februarie lutego února şubat subat helmikuuta февраля лютого φεβρουαρίου",
    3: "march mar märz maerz mär mrz mars marzo março marco maart mrt maret mac március martie marca "
       "března mart maaliskuuta марта березня μαρτίου",
    4: "april apr avril avr abril abr aprile aprila április aprilie kwietnia dubna nisan huhtikuuta "
       "апреля квітня απριλίου",
    5: "may mai mayo maggio mag maio mei maj május maja května mayıs mayis toukokuuta мая травня μαΐου "
       "μαΐου",
    6: "june jun juni juin junio giugno giu junho június iunie czerwca června haziran kesäkuuta июня "
       "червня ιουνίου",
    7: "july jul juli juillet juil julio luglio lug julho julai július iulie lipca července temmuz "
       "heinäkuuta июля липня ιουλίου",
    8: "august aug août aout agosto ago augustus agustus ogos augusztus sierpnia srpna ağustos agustos "
       "augusti elokuuta августа серпня αυγούστου",
    9: "september sep sept septembre septiembre setiembre settembre set setembro szeptember septembrie "
       "września wrzesnia září eylül eylul syyskuuta сентября вересня σεπτεμβρίου",
    10: "october oct oktober okt octobre octubre ottobre ott outubro out október octombrie października "
        "pazdziernika října ekim lokakuuta октября жовтня οκτωβρίου",
    11: "november nov novembre noviembre novembro noiembrie listopada listopadu kasım kasim "
        "marraskuuta ноября листопада νοεμβρίου",
    12: "december dec dezember dez décembre déc dec diciembre dic dicembre dezembro desember disember "
        "desembre grudnia prosince aralık aralik joulukuuta декабря грудня δεκεμβρίου",
}
MONTHS = {name: number for number, names in _MONTH_NAMES.items() for name in names.split()}
# A word that may be a month name; the name is looked up in MONTHS. (A pattern listing every
# month name would be a 300-way alternation tried at each position of the text.)
_MONTH = r"[^\W\d_]{3,15}"

# "3. Mai 2024", "3 de mayo de 2024", "3rd May 2024", "03 мая 2024 г."
_DAY_MONTH_YEAR = re.compile(
    rf"(?<!\d)(\d{{1,2}})[.a-z]{{0,2}}[ ]{{0,2}}(?:de )?({_MONTH})\.?,?[ ]{{0,2}}(?:del? )?(\d{{4}})(?!\d)")
# "May 3, 2024", "Mai 3 2024"
_MONTH_DAY_YEAR = re.compile(
    rf"(?<!\w)({_MONTH})\.?[ ]{{1,2}}(\d{{1,2}})[a-z]{{0,2}},?[ ]{{1,2}}(\d{{4}})(?!\d)")
# "2024. május 3." (Hungarian order)
_YEAR_MONTH_DAY = re.compile(rf"(?<!\d)(\d{{4}})\.?[ ]{{1,2}}({_MONTH})\.?[ ]{{1,2}}(\d{{1,2}})(?!\d)")
# "2024年5月3日", "2024년 5월 3일"
_CJK = re.compile(r"(?<!\d)(\d{4})[ ]?[年년][ ]?(\d{1,2})[ ]?[月월][ ]?(\d{1,2})[ ]?[日일]?")
# "03.05.2024", "3/5/2024", "2024/05/03", "2024.05.03"
_NUMERIC = re.compile(r"(?<![\d.])(\d{1,4})([./\-])(\d{1,2})\2(\d{2,4})(?![\d])")
# A time after the date: "15:47", "15.47 Uhr", "4:45pm", "4:45 p.m.", "15h47", with an optional zone;
# not the start of the next date ("14.08.2017 · 09.09.2017").
_TIME = re.compile(
    r"^[ ,.\-–—|•·/]{0,4}(?:um|à|a las|alle|às|at|kl\.?|klo|saat|godz\.?|o|в)?[ ]{0,2}"
    r"(\d{1,2})[:.h](\d{2})(?![./-]\d)(?::(\d{2}))?[ ]{0,2}(am|pm|a\.m\.|p\.m\.)?[ ]{0,2}(?:uhr|h)?[ ]{0,2}"
    r"(\(?(?:utc|gmt)[ ]?[+-][ ]?\d{1,2}(?::?\d{2})?\)?|[+-]\d{2}:?\d{2}|utc|gmt|z|cet|cest|mez|mesz|"
    r"eet|eest|est|edt|pst|pdt|jst|kst)?(?![\w])", re.IGNORECASE)
# Zone abbreviations with one meaning only ("IST" or "CST" could be several and are left out).
_ZONES = {"utc": 0, "gmt": 0, "z": 0, "cet": 60, "mez": 60, "cest": 120, "mesz": 120, "eet": 120,
          "eest": 180, "est": -300, "edt": -240, "pst": -480, "pdt": -420, "jst": 540, "kst": 540}


def _offset(tz: str | None):
    if not tz:
        return None
    if tz == "Z":
        return UTC
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
            dt = datetime.fromtimestamp(int(value[:10]), tz=UTC)
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
    if not re.search(r"[^\W\d_]", value):
        # Digits only ("03.05.2024"): dateutil would read the month first; the text parser reads
        # the day first, as most of the world writes it.
        return parse_text(value)
    try:
        with warnings.catch_warnings():  # "EST", "CEST": the offset is unknown, the date is still right
            warnings.simplefilter("ignore", dateutil_parser.UnknownTimezoneWarning)
            dt = dateutil_parser.parse(value, fuzzy=False)
    except (ValueError, OverflowError, TypeError, dateutil_parser.ParserError):
        return parse_text(value)
    has_time = bool(re.search(r"\d:\d\d", value))
    return _iso(dt, has_time)


def _zone(raw: str | None):
    if not raw:
        return None
    raw = raw.strip("() ").lower()
    if raw in _ZONES:
        return timezone(timedelta(minutes=_ZONES[raw]))
    m = re.fullmatch(r"(?:utc|gmt)?[ ]?([+-])[ ]?(\d{1,2})(?::?(\d{2}))?", raw)
    if m:
        hours, minutes = int(m.group(2)), int(m.group(3) or 0)
        if hours <= 14 and minutes < 60:
            sign = -1 if m.group(1) == "-" else 1
            return timezone(sign * timedelta(hours=hours, minutes=minutes))
    return None


def _named_month(pattern: re.Pattern, text: str, group: int, pos: int):
    """The first match of `pattern` from `pos` whose month word is a month name."""
    return next((m for m in pattern.finditer(text, pos) if m.group(group).lower() in MONTHS), None)


def _date_at(text: str, month_first: bool, pos: int):
    """(start, year, month, day, end) of the first date printed in text from `pos`, or None."""
    found = []
    if (m := _named_month(_DAY_MONTH_YEAR, text, 2, pos)):
        found.append((m.start(), int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)), m.end()))
    if (m := _named_month(_MONTH_DAY_YEAR, text, 1, pos)):
        found.append((m.start(), int(m.group(3)), MONTHS[m.group(1).lower()], int(m.group(2)), m.end()))
    if (m := _named_month(_YEAR_MONTH_DAY, text, 2, pos)):
        found.append((m.start(), int(m.group(1)), MONTHS[m.group(2).lower()], int(m.group(3)), m.end()))
    if (m := _CJK.search(text, pos)):
        found.append((m.start(), int(m.group(1)), int(m.group(2)), int(m.group(3)), m.end()))
    if (m := _NUMERIC.search(text, pos)):
        a, sep, b, c = m.group(1), m.group(2), int(m.group(3)), m.group(4)
        if len(a) == 4:                                   # 2024/05/03
            found.append((m.start(), int(a), b, int(c), m.end()))
        elif len(a) <= 2:
            year = int(c) if len(c) == 4 else 2000 + int(c)
            day, month = int(a), b
            # Day first, as most of the world writes it; month first in American English, or
            # when the day-first reading is no date (11/15/2023).
            if sep == "/" and day <= 12 and (month_first or month > 12):
                day, month = month, day
            found.append((m.start(), year, month, day, m.end()))
    return min(found, default=None)


def _with_time(text: str, year: int, month: int, day: int, end: int) -> tuple[str | None, int]:
    """ISO 8601 for the date, with the time printed right after it when there is one, and
    where the text read ends."""
    hour = minute = second = 0
    tz = None
    has_time = False
    t = _TIME.match(text[end:end + 40])
    if t:
        hour, minute, second = int(t.group(1)), int(t.group(2)), int(t.group(3) or 0)
        meridiem = (t.group(4) or "").replace(".", "").lower()
        if meridiem == "pm" and hour < 12:
            hour += 12
        elif meridiem == "am" and hour == 12:
            hour = 0
        tz = _zone(t.group(5))
        has_time = True
        end += t.end()
    try:
        dt = datetime(year, month, day, hour, minute, second, tzinfo=tz)
    except ValueError:          # 31 February, hour 25
        try:
            dt = datetime(year, month, day)
        except ValueError:
            return None, end
        has_time = False
    return _iso(dt, has_time), end


def dates_in(text: str | None, language: str | None = None, limit: int = 3) -> list[tuple[int, int, str]]:
    """(start, end, ISO 8601) of the first `limit` dates printed in `text`, in order, each with
    the time that follows it. Positions are in the text with its whitespace collapsed and cut to
    MAX_DATE_TEXT characters, as `squash` gives it.

    `language` (BCP 47) only decides the order of an ambiguous numeric date: 5/3/2024 is
    May 3 in American English and 5 March elsewhere.
    """
    text = squash(text)
    month_first = (language or "").lower() in ("en-us", "en_us")
    found, pos = [], 0
    while len(found) < limit and (date := _date_at(text, month_first, pos)):
        start, year, month, day, end = date
        value, pos = _with_time(text, year, month, day, end)
        if value:
            found.append((start, pos, value))
    return found


def squash(text: str | None) -> str:
    """Text with its whitespace collapsed, cut to MAX_DATE_TEXT characters."""
    return " ".join((text or "")[:4 * MAX_DATE_TEXT].split())[:MAX_DATE_TEXT]


def parse_text(text: str | None, language: str | None = None) -> str | None:
    """ISO 8601 for the first date printed in `text` (with its time when one follows), or None."""
    found = dates_in(text, language, limit=1)
    return found[0][2] if found else None


def from_url(url: str | None) -> str | None:
    """A date written in the URL path (/2024/05/03/, /20240503/, /2024/5/3/), day precision."""
    if not url:
        return None
    m = _URL_DATE.search(url[:2000]) or _URL_DATE_SLASHED.search(url[:2000])
    if not m:
        return None
    try:
        return datetime(int(m.group(1)), int(m.group(2)), int(m.group(3))).date().isoformat()
    except ValueError:
        return None


_DAY_OR_MONTH_FIRST = re.compile(r"^\s*(\d{1,2})([./-])(\d{1,2})\2\d{2,4}\b")


def day_or_month_first(raw: str | None) -> bool:
    """Whether a numeric date could be read either way: "11/01/2023", not "13/01/2023" nor
    "2023-01-11"."""
    m = _DAY_OR_MONTH_FIRST.match(raw or "")
    return bool(m) and m.group(1) != m.group(3) and int(m.group(1)) <= 12 and int(m.group(3)) <= 12


def swap_day_and_month(value: str) -> str | None:
    """An ISO 8601 date or time with its day and month exchanged, or None if that is no date."""
    try:
        datetime(int(value[:4]), int(value[8:10]), int(value[5:7]))
    except ValueError:
        return None
    return f"{value[:5]}{value[8:10]}-{value[5:7]}{value[10:]}"


def month_from_url(url: str | None) -> str | None:
    """The year and month a URL path files the story under (/2024/05/slug), as "2024-05"."""
    m = _URL_MONTH.search((url or "")[:2000])
    return f"{m.group(1)}-{int(m.group(2)):02d}" if m else None
