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
_LEAD_WORDS = {"written", "reported", "posted", "published", "story", "words", "interview", "article",
               "eingestellt", "erstellt", "geschrieben", "verfasst", "veröffentlicht", "gepostet", "artikel",
               "beitrag", "publié", "écrit", "rédigé", "publicado", "escrito", "pubblicato", "scritto",
               "geplaatst", "geschreven", "gespeichert"}
_BY_WORDS = {"by", "par", "von", "di", "de", "por", "door", "av", "af", "przez", "od", "tekst", "text",
             "texte", "autor", "autorin", "author", "auteur", "autore", "texto", "redacción", "reportage",
             "napisal", "napisala", "yazan", "oleh", "kirjoittanut", "текст", "автор", "авторы"}
# A label made of these credits the pictures, not the text: "Photos: Jane Doe", "Fotos von Jane Doe".
_PHOTO_WORDS = {"photo", "photos", "photography", "photographs", "foto", "fotos", "fotografie", "bild",
                "bilder", "image", "images", "picture", "pictures", "illustration", "illustrations", "grafik",
                "video"}
# A label made of these credits the platform, a host or a sponsor, not an author: "Powered by
# WordPress.com", "Bereitgestellt von", "Sponsored by".
_SERVICE_WORDS = {"powered", "provided", "hosted", "sponsored", "presented", "bereitgestellt", "präsentiert",
                  "gesponsert", "propulsé", "patrocinado"}
_TEXT_WORDS = {"text", "texte", "tekst", "texto", "текст", "words", "story", "written"}
# Prefix words that also begin surnames ("De Gaulle", "Di Maio"): stripped only before two words.
_SURNAME_PARTICLES = {"de", "di", "da", "van", "von"}
_CONNECTORS = {"and", "und", "et", "y", "e", "og", "och", "en", "i", "u", "sowie", "mit", "&"}
_PARENS = re.compile(r"\([^()]{0,80}\)")
_SEPARATORS = re.compile(r"[,;|/·•・、\n]")
_SEPARATORS_KEPT = re.compile(f"({_SEPARATORS.pattern})")
_LIST_SEPARATORS = {",", ";", "、"}
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
# Day names printed after a byline ("Posted by Jane on Monday, ..."): no one's name.
_WEEKDAYS = set("""monday tuesday wednesday thursday friday saturday sunday montag dienstag mittwoch
donnerstag freitag samstag sonntag lundi mardi mercredi jeudi vendredi samedi dimanche lunes martes
miércoles jueves viernes sábado domingo lunedì martedì mercoledì giovedì venerdì sabato domenica
maandag dinsdag woensdag donderdag vrijdag zaterdag zondag""".split())
_DESK_WORDS = {"staff", "desk", "redaktion", "rédaction", "redacción", "redazione", "team", "newsroom",
               "editorial", "redaksi"}
_TOKEN = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*", re.UNICODE)
_NOT_NAME = re.compile(r"https?:|www\.|\S@|[<>{}=]")     # "@handle" is a credit, "a@b.c" is not
_HANDLE = re.compile(r"^@\w[\w.]{0,40}$")
# A company's legal form ("Haufe-Lexware GmbH", "Perform Media Ltd"): the owner named in the
# metadata or a copyright line, never the credit of an article.
_LEGAL_FORMS = {"gmbh", "mbh", "ag", "kg", "ohg", "gbr", "e.v", "ltd", "limited", "inc", "llc", "plc", "corp",
                "corporation", "s.a", "s.l", "s.r.l", "s.p.a", "sarl", "b.v", "n.v"}
# What a CMS prints when nobody filled the author field in.
_PLACEHOLDERS = {"unknown", "no author", "anonymous", "anonym", "anónimo", "anonyme", "admin",
                 "administrator", "author", "autor", "auteur", "default", "user", "guest", "super user"}
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


def is_label_word(word: str) -> bool:
    """Whether a word opens a byline: "By", "Von", "Posted", "Autor:"."""
    return _bare(word) in _BY_WORDS | _LEAD_WORDS


def is_labelled(text: str) -> bool:
    """Whether a text opens with a byline label: "By", "Posted by", "Autor:", "Gespeichert von"."""
    return strip_prefix(text) != text


def _bare(word: str) -> str:
    return word.lower().strip(":-–—|")


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
    if all(r in _DESK_WORDS for r in roles):
        # A desk's credit ("Reuters staff", "Redaktion"); "Staff Writer" names a job, not a desk.
        return part
    if len(name_words) == 1 and is_agency(name_words[0]):
        return name_words[0]
    if (name_words or compounds) and any(r in _DESK_WORDS for r in roles):
        return part
    return None


def _parts(text: str) -> list[tuple[str, bool, bool]]:
    """(part, labelled, listed): a byline cut at separators and at connector words ("and", "und",
    "y", "&"), each chunk's label ("Text und Fotos:", "Posted by") taken off; picture credits left
    out. `listed`: the part follows labelled ones after a comma, in the list a label opened ("By
    Jane Doe, John Roe")."""
    parts = []
    after_label = False     # a label printed in an element of its own labels the next one: "von" "gizzmo"
    in_list = comma = False
    pieces = _SEPARATORS_KEPT.split(text)
    for chunk, before in zip(pieces[::2], ["\n", *pieces[1::2]], strict=True):
        comma = comma or before in _LIST_SEPARATORS
        if not chunk.strip():
            continue        # between element boundaries: "Jane Doe" "," "John Roe"
        label, chunk = _label(chunk)
        listed, comma = in_list and comma, False
        if label & _SERVICE_WORDS or \
                label & _PHOTO_WORDS and label <= _PHOTO_WORDS | _CONNECTORS | _BY_WORDS - _TEXT_WORDS:
            in_list = False
            continue
        words = chunk.split()
        if words and all(_bare(w) in _LABEL_WORDS for w in words):
            after_label = True
            continue
        labelled, after_label = bool(label) or after_label or is_labelled(chunk.strip()), False
        in_list = labelled or listed
        current: list[str] = []
        for word in words:
            if word.lower() in _CONNECTORS:
                parts.append((" ".join(current), labelled, listed))
                current = []
            else:
                current.append(word)
        parts.append((" ".join(current), labelled, listed))
        comma = bool(words) and words[-1].lower() in _CONNECTORS    # "Jane Doe und" "John Roe"
    return parts


MAX_LABEL_WORDS = 3
_LABEL_WORDS = _BY_WORDS | _LEAD_WORDS | _PHOTO_WORDS | _SERVICE_WORDS | _CONNECTORS


def _label(chunk: str) -> tuple[set[str], str]:
    """(label words, the rest) for a chunk that opens with a label: "Text und Fotos: Jane Doe",
    "Posted by Jane Doe", "Photos by Jane Doe"; (empty, chunk) otherwise."""
    head, colon, tail = chunk.partition(":")
    words = {_bare(w) for w in head.split()}
    if colon and tail.strip() and 1 <= len(head.split()) <= MAX_LABEL_WORDS and words <= _LABEL_WORDS:
        return words, tail
    words_in_order = chunk.split()
    for i in range(1, MAX_LABEL_WORDS + 1):
        if len(words_in_order) > i + 1 and _bare(words_in_order[i]) in _BY_WORDS:
            before = {_bare(w) for w in words_in_order[:i]}
            if before <= _LEAD_WORDS | _PHOTO_WORDS | _SERVICE_WORDS | _CONNECTORS and before - _CONNECTORS:
                return before | {_bare(words_in_order[i])}, " ".join(words_in_order[i + 1:])
    return set(), chunk


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
    text = _PARENS.sub(" ", text).replace("\u00ad", "")   # "(AP)", "(Reuters)"; soft hyphens
    names: list[tuple[str, bool]] = []
    for part, labelled, listed in _parts(text):
        part = clean(part)
        if len(words := part.split()) > 1 and _bare(words[-1]) in _BY_WORDS:
            continue                    # a label whose name follows in the next element: "Posted by"
        labelled = labelled or is_labelled(part)
        stripped = strip_prefix(part)
        part = _cut_date(stripped.strip(" .:-–—'\"“”„«»")).strip(" .:-–—,„«»")
        part = _cut_at_lower_case(part)
        if not part or _NOT_NAME.search(part) or _bare(part) in _LEAD_WORDS | _BY_WORDS | _CONNECTORS \
                or part.lower() in _PLACEHOLDERS or _company(part):
            continue
        if is_agency(part):
            if keep_agencies:
                names.append((part, labelled))
            continue
        if not any(c.isalpha() for c in part):
            continue
        kept = _without_roles(part)
        if not kept:
            continue
        listed = listed and kept == part     # "Jane Doe, AP Auto Writer": a job, not a co-author
        part = kept
        words = part.split()
        if not 1 <= len(words) <= 5 or len(part) > 60:
            continue
        # A lone word after a label ("von gizzmo", "Autor: gnaddrig") is the name the author uses.
        if len(words) == 1 and (part.lower() in _UI_WORDS | _WEEKDAYS
                                or not _single_word_ok(part, structured or labelled)):
            continue
        if part not in [name for name, _ in names]:
            # A person's name in the list a label opened is credited by it ("By Jane Doe, John
            # Roe"); a place is not ("Von Anna Lehmann, Hamburg").
            names.append((part, labelled or listed and looks_like_person(part)))
    # Where the byline labels its credits ("Gründerin Journelles | Artikel von: Jessie"), the
    # unlabelled parts around them are something else (a job, a section), agencies excepted.
    if any(labelled for _, labelled in names):
        names = [(name, labelled) for name, labelled in names if labelled or is_agency(name)]
    return [name for name, _ in names]


MAX_PHRASE_AFTER_NAME = 3
MAX_FUNCTION_WORD = 3      # "am", "on", "le", "um"


def _cut_at_lower_case(part: str) -> str:
    """"Jane Doe am Dienstag" -> "Jane Doe", "Jane Doe in Berlin" -> "Jane Doe": in a capitalised
    name, a short lower-case word that is no name particle ("von", "da") starts a short phrase
    after it ("FOCUS online" and "Guardian staff reporter" are credits as they stand). A "by"
    word in it ("Revised Edition Edited by Jane Doe") ends what the credit is for: the name
    follows it."""
    words = part.split()
    if words and _function_word(words[0]):
        return ""       # "am Dienstag", "on Monday": what follows a name, not one
    if not words or not words[0][:1].isupper() or words[0].lower() in _STOP_WORDS:
        return part
    for i, word in enumerate(words[1:], 1):
        if _function_word(word):
            if word in _BY_WORDS and i + 1 < len(words):
                return " ".join(words[i + 1:])      # "Revised Edition Edited by Jane Doe"
            return " ".join(words[:i]) if len(words) - i <= MAX_PHRASE_AFTER_NAME else part
    return part


def _function_word(word: str) -> bool:
    return word.isalpha() and word.islower() and len(word) <= MAX_FUNCTION_WORD \
        and word not in _PARTICLES and not is_agency(word)


def _company(part: str) -> bool:
    words = part.lower().split()
    return words[0].strip(":") in ("copyright", "©") \
        or any(w.strip(".,()") in _LEGAL_FORMS for w in words[1:])


def _single_word_ok(word: str, structured: bool) -> bool:
    if _HANDLE.match(word):
        return True
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
