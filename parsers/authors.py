"""Bylines to author names: "By Jane Doe and John Roe, Reuters" -> ["Jane Doe", "John Roe"].

Bylines are cut to MAX_BYLINE characters first; word lists are matched as sets of tokens, and the
few patterns are simple character classes, so nothing here can backtrack without bound.
"""
from __future__ import annotations

import re

from .dates import MONTHS
from .text import clean

MAX_BYLINE = 300
# Longer than this, a name written without spaces (Chinese, Japanese) is a sentence, not a name.
MAX_UNSPACED_NAME = 12

# "Written by", "Text:", "Von", "Por": words that open a byline. Bylines are matched word by word
# against these sets rather than with large alternations, which stays fast on any input.
_LEAD_WORDS = {"written", "reported", "posted", "published", "story", "words", "photo", "photos",
               "interview"}
_BY_WORDS = {"by", "par", "von", "di", "de", "por", "door", "av", "af", "przez", "od", "tekst", "text",
             "texte", "autor", "autorin", "author", "auteur", "autore", "texto", "redacción", "reportage",
             "napisal", "napisala", "yazan", "oleh", "kirjoittanut", "текст", "автор", "авторы"}
# Prefix words that also begin surnames ("De Gaulle", "Di Maio"): stripped only before two words.
_SURNAME_PARTICLES = {"de", "di", "da", "van", "von"}
_CONNECTORS = {"and", "und", "et", "y", "e", "og", "och", "en", "i", "u", "sowie", "mit", "&"}
_PARENS = re.compile(r"\([^()]{0,80}\)")
_SEPARATORS = re.compile(r"[,;|/·•・、\n]")
# Words that say what someone does, not who they are.
_ROLE_WORDS = (
    "staff", "writer", "writers", "reporter", "reporters", "correspondent", "correspondents", "editor",
    "editors", "columnist", "contributor", "contributing", "senior", "chief", "bureau", "desk",
    "journalist", "journalists", "photographer", "photo", "photos", "video", "updated", "published",
    "posted", "redaktion", "redakteur", "redakteurin", "korrespondent", "korrespondentin", "autor",
    "autorin", "rédaction", "rédacteur", "redacción", "redazione", "editorial", "team", "newsroom",
    "agency", "agencies", "opinion", "jurnalis", "wartawan", "redaksi", "veröffentlicht",
    "aktualisiert", "publié", "publicado", "pubblicato", "gepubliceerd", "opublikowano", "report",
    "reports",
)
# Lower-case words that belong inside names: "Ursula von der Leyen", "Luiz Inácio da Silva".
_PARTICLES = {"von", "van", "der", "den", "de", "del", "della", "di", "da", "do", "dos", "das", "du",
              "la", "le", "ten", "ter", "bin", "binti", "ibn", "al", "el", "zu", "y", "e", "i", "af", "av"}
# A role word that names a collective: "BR24 Redaktion" or "Gear Team" is a credit in its own right.
_ROLE_SET = set(_ROLE_WORDS)
_STOP_WORDS = {"the", "by", "of", "der", "die", "das", "le", "la", "el"}
# Words printed around bylines that are no one's name.
_UI_WORDS = {"twitter", "facebook", "instagram", "linkedin", "threads", "bluesky", "mastodon", "email",
             "e-mail", "mail", "follow", "share", "more", "profile", "bio", "rss", "whatsapp", "telegram"}
_DESK_WORDS = {"staff", "desk", "redaktion", "rédaction", "redacción", "redazione", "team", "newsroom",
               "editorial", "redaksi"}
_TOKEN = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*", re.UNICODE)
_NOT_NAME = re.compile(r"https?://|www\.|@|[<>{}=]")
# A token that starts a date or time: "30", "3.5.2024", "15:47", "4:45pm". Names stop before it.
_DATE_TOKEN = re.compile(r"^\d{1,4}(?:[.:/\-]\d{1,4}){0,3}(?:\.|am|pm|h|uhr)?$", re.IGNORECASE)
_AGENCIES = {
    "ap", "associated press", "the associated press", "reuters", "afp", "agence france-presse",
    "dpa", "epa", "efe", "ansa", "kyodo", "xinhua", "pti", "ians", "ani", "bloomberg", "tass",
    "apa", "sda", "keystone-sda", "ntb", "tt", "anp", "belga", "pap", "ctk", "mti", "upi", "kna",
    "epd", "afp/dpa", "dpa/afp", "anadolu", "anadolu ajansı", "aa", "yonhap", "bernama", "antara",
    "europa press", "lusa", "rtt", "sapa", "ap/reuters",
}


def strip_prefix(text: str) -> str:
    """"By Jane Doe" -> "Jane Doe", "Written by: Jane Doe" -> "Jane Doe"."""
    words = text.split()
    i = 0
    if len(words) > 2 and _bare(words[0]) in _LEAD_WORDS and _bare(words[1]) in _BY_WORDS:
        i = 1
    if len(words) > i + 1 and (word := _bare(words[i])) in _BY_WORDS:
        rest = [w for w in words[i + 1:] if w not in (":", "-", "–", "—")]
        if rest and (word not in _SURNAME_PARTICLES or words[i][:1].islower() or len(rest) >= 2):
            return " ".join(rest)
    return text


def _bare(word: str) -> str:
    return word.lower().strip(":-–—")


def _role_words(part: str) -> list[str]:
    return [w for w in _TOKEN.findall(part.lower()) if w in _ROLE_SET]


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
            if i and words[i - 1].lower().strip(".,") in MONTHS:      # "November 18"
                i -= 1
            return " ".join(words[:i])
    return part


def _without_roles(part: str) -> str | None:
    """The name in a part that has role words: "Staff Writer Jane Doe" -> "Jane Doe"; a desk
    credit ("BR24 Redaktion", "IN-Redaktion", "Gear Team") stays whole; "Staff Writer" alone is
    no name (None)."""
    roles = _role_words(part)
    if not roles:
        return part
    words = [w.strip(",.:-–—") for w in part.split()]
    name_words = [w for w in words if w and not _role_words(w) and w.lower() not in _STOP_WORDS]
    compounds = [w for w in words
                 if _role_words(w) and any(t not in _ROLE_SET for t in _TOKEN.findall(w.lower()))]
    if len(name_words) >= 2:
        return " ".join(name_words)
    if len(name_words) == 1 and is_agency(name_words[0]):
        return name_words[0]
    if (name_words or compounds) and any(r in _DESK_WORDS for r in roles):
        return part
    return None


def _parts(text: str) -> list[str]:
    """A byline cut at separators and at connector words ("and", "und", "y", "&")."""
    parts = []
    for chunk in _SEPARATORS.split(text):
        current: list[str] = []
        for word in chunk.split():
            if word.lower() in _CONNECTORS:
                parts.append(" ".join(current))
                current = []
            else:
                current.append(word)
        parts.append(" ".join(current))
    return parts


def split_names(byline: str | None, keep_agencies: bool = True, structured: bool = False) -> list[str]:
    """Names in a byline, in order, without roles, dates, URLs, handles or duplicates.

    `structured`: the text is a name field (JSON-LD, <meta>), so a single lower-case word such as
    "kicker" or "mbl.is" is the publisher's own credit, not a leftover of a sentence.
    """
    if not byline:
        return []
    # Line breaks mark element boundaries (see byline.byline_text): keep them as separators.
    lines = (clean(line) for line in byline[:20 * MAX_BYLINE].split("\n"))
    text = "\n".join(line for line in lines if line)[:MAX_BYLINE]
    text = _PARENS.sub(" ", text)       # "(AP)", "(Reuters)", "(Photos)"
    names: list[str] = []
    for part in _parts(text):
        part = strip_prefix(clean(part)).strip(" .:-–—'\"“”")
        part = _cut_date(part).strip(" .:-–—,")
        if not part or _NOT_NAME.search(part) or _bare(part) in _LEAD_WORDS | _BY_WORDS | _CONNECTORS:
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
        if len(words) == 1 and (part.lower() in _UI_WORDS or not _single_word_ok(part, structured)):
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
    if is_agency(name) or _role_words(name):
        return False
    folded = name.casefold()
    if any(folded == o.casefold() for o in organisations if o):
        return False
    if _unspaced(name):
        return len(name) <= MAX_UNSPACED_NAME
    words = name.split()
    return len(words) >= 2 and all(w[:1].isupper() or w.lower() in _PARTICLES for w in words) \
        and not any(c.isdigit() or c in ":;!?" for c in name)


def looks_like_credit(name: str) -> bool:
    """A name as a byline prints it, a person's or a desk's ("Lesotho Times", "AFP", "mbl.is"), not a
    phrase of an author blurb that the splitting let through ("every Thursday", "posts 15919")."""
    if is_agency(name) or _unspaced(name):
        return True
    words = name.split()
    return not any(c.isdigit() for c in name) and all(
        not w[:1].isalpha() or not w[:1].islower() or w.lower() in _PARTICLES for w in words)


def is_person_list(names: list[str]) -> bool:
    return any(looks_like_person(n) for n in names)
