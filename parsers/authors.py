"""Bylines to author names: "By Jane Doe and John Roe, Reuters" -> ["Jane Doe", "John Roe"].

Every pattern here runs on text already cut to MAX_BYLINE characters and has no nested
quantifiers, so none can backtrack without bound.
"""
from __future__ import annotations

import re

from .text import clean

MAX_BYLINE = 300
# Longer than this, a name written without spaces (Chinese, Japanese) is a sentence, not a name.
MAX_UNSPACED_NAME = 12

_LEAD_WORDS = (r"(?:written|reported|posted|published|text|story|words|photos?|interview|"
               r"ein\s+(?:artikel|beitrag|kommentar|interview))")
_BY_WORDS = (r"(?:by|par|von|di|de|por|door|av|af|przez|od|tekst|text|autor(?:in)?|author|auteur|"
             r"autore|texto|redacción|reportage|von\s+der|napisal[a]?|yazan|oleh|kirjoittanut)")
_PREFIX = re.compile(rf"^\s*(?:{_LEAD_WORDS}\s+)?{_BY_WORDS}\s*[:\-–—]?\s+", re.IGNORECASE)
# A byline that is nothing but a prefix word or a connector ("By", "von", "and").
_BARE = re.compile(rf"^(?:{_LEAD_WORDS}|{_BY_WORDS}|and|und|et|y|e|i|u|en|og|och)\s*[:\-–—]?$",
                   re.IGNORECASE)
# No surrounding \s*: the parts are cleaned afterwards, and a leading \s* would make a split of a
# long run of spaces quadratic.
_SPLIT = re.compile(r",|;|\||&|\b(?:and|und|et|y|e|og|och|en|i|u|sowie|mit)\b|/|·|•|・|、|\n", re.IGNORECASE)
# Words that say what someone does, not who they are.
_ROLE_WORDS = (
    "staff", "writer", "writers", "reporter", "reporters", "correspondent", "correspondents", "editor",
    "editors", "columnist", "contributor", "contributing", "senior", "chief", "bureau", "desk",
    "journalist", "journalists", "photographer", "photo", "photos", "video", "updated", "published",
    "posted", "redaktion", "redakteur", "redakteurin", "korrespondent", "korrespondentin", "autor",
    "autorin", "rédaction", "rédacteur", "redacción", "redazione", "editorial", "team", "newsroom",
    "agency", "agencies", "opinion", "jurnalis", "wartawan", "redaksi", "veröffentlicht",
    "aktualisiert", "publié", "publicado", "pubblicato", "gepubliceerd", "opublikowano",
)
# Lower-case words that belong inside names: "Ursula von der Leyen", "Luiz Inácio da Silva".
_PARTICLES = {"von", "van", "der", "den", "de", "del", "della", "di", "da", "do", "dos", "das", "du",
              "la", "le", "ten", "ter", "bin", "binti", "ibn", "al", "el", "zu", "y", "e", "i", "af", "av"}
# A role word that names a collective: "BR24 Redaktion" or "Gear Team" is a credit in its own right.
_DESK_WORDS = {"staff", "desk", "redaktion", "rédaction", "redacción", "redazione", "team", "newsroom",
               "editorial", "redaksi"}
_ROLE = re.compile(r"\b(?:" + "|".join(_ROLE_WORDS) + r")\b", re.IGNORECASE)
_NOT_NAME = re.compile(r"https?://|www\.|@|[<>{}=]")
# A token that starts a date or time: "30", "3.5.2024", "15:47", "4:45pm". Names stop before it.
_DATE_TOKEN = re.compile(r"\d{1,4}(?:[.:/\-]\d{1,4}){0,3}(?:\.|am|pm|h|uhr)?$", re.IGNORECASE)
_AGENCIES = {
    "ap", "associated press", "the associated press", "reuters", "afp", "agence france-presse",
    "dpa", "epa", "efe", "ansa", "kyodo", "xinhua", "pti", "ians", "ani", "bloomberg", "tass",
    "apa", "sda", "keystone-sda", "ntb", "tt", "anp", "belga", "pap", "ctk", "mti", "upi", "kna",
    "epd", "afp/dpa", "dpa/afp", "anadolu", "anadolu ajansı", "aa", "yonhap", "bernama", "antara",
    "europa press", "lusa", "rtt", "sapa", "ap/reuters",
}


def strip_prefix(text: str) -> str:
    return _PREFIX.sub("", text, count=1)


def is_agency(name: str) -> bool:
    return name.lower() in _AGENCIES


def _unspaced(word: str) -> bool:
    """A name written in a script without letter case (Chinese, Japanese, Thai), so without
    spaces and without capitals to tell a name from a word."""
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and all(c.upper() == c.lower() for c in letters)


def _cut_date(part: str) -> str:
    """"Jane Doe 30 August 2023" -> "Jane Doe": a name ends where a date or time begins."""
    words = part.split()
    for i, word in enumerate(words):
        if word[:1].isdigit() and _DATE_TOKEN.match(word):
            return " ".join(words[:i])
    return part


def _without_roles(part: str) -> str | None:
    """The name in a part that has role words: "Staff Writer Jane Doe" -> "Jane Doe"; a desk
    credit "BR24 Redaktion" stays whole; "Staff Writer" alone is no name (None)."""
    roles = [w.lower() for w in _ROLE.findall(part)]
    if not roles:
        return part
    rest = clean(_ROLE.sub(" ", part)).strip(" -–—,.:")
    rest_words = [w for w in rest.split() if w.lower() not in ("the", "by", "of", "der", "die", "das")]
    if not rest_words:
        return None
    if len(rest_words) >= 2:
        return " ".join(rest_words)
    if is_agency(rest_words[0]):
        return rest_words[0]
    if any(r in _DESK_WORDS for r in roles):
        return part
    return None


def split_names(byline: str | None, keep_agencies: bool = True, structured: bool = False) -> list[str]:
    """Names in a byline, in order, without roles, dates, URLs, handles or duplicates.

    `structured`: the text is a name field (JSON-LD, <meta>), so a single lower-case word such as
    "kicker" or "mbl.is" is the publisher's own credit, not a leftover of a sentence.
    """
    if not byline:
        return []
    # Line breaks mark element boundaries (see metadata.byline_text): keep them as separators.
    lines = (clean(line) for line in byline[:20 * MAX_BYLINE].split("\n"))
    text = "\n".join(line for line in lines if line)[:MAX_BYLINE]
    text = re.sub(r"\([^()]{0,80}\)", " ", text)       # "(AP)", "(Reuters)", "(Photos)"
    text = strip_prefix(text)
    names: list[str] = []
    for part in _SPLIT.split(text):
        part = strip_prefix(clean(part)).strip(" .:-–—'\"“”")
        part = _cut_date(part).strip(" .:-–—,")
        if not part or _NOT_NAME.search(part) or _BARE.match(part):
            continue
        if is_agency(part):
            if keep_agencies:
                names.append(part)
            continue
        if not any(c.isalpha() for c in part):
            continue
        kept = _without_roles(part)
        if not kept:
            continue
        part = kept
        words = part.split()
        if not 1 <= len(words) <= 5 or len(part) > 60:
            continue
        if len(words) == 1 and not _single_word_ok(part, structured):
            continue
        if part not in names:
            names.append(part)
    return names


def _single_word_ok(word: str, structured: bool) -> bool:
    if _unspaced(word):
        return len(word) <= MAX_UNSPACED_NAME
    if structured:
        return True
    # In printed text a lone word is usually a leftover ("Staff", "Twitter"); keep only
    # capitalised words (mononyms, "AFP").
    return word[:1].isupper()


def looks_like_person(name: str, organisations: list[str] = ()) -> bool:
    """A person's name rather than an agency, a desk or the publication itself."""
    if is_agency(name) or _ROLE.search(name):
        return False
    folded = name.casefold()
    if any(folded == o.casefold() for o in organisations if o):
        return False
    if _unspaced(name):
        return len(name) <= MAX_UNSPACED_NAME
    words = name.split()
    return len(words) >= 2 and all(w[:1].isupper() or w.lower() in _PARTICLES for w in words) \
        and not any(c.isdigit() or c in ":;!?" for c in name)


def is_person_list(names: list[str]) -> bool:
    return any(looks_like_person(n) for n in names)
