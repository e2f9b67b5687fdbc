"""Which dates are this article's: the first publication and the last update, from JSON-LD,
<meta>, microdata, the dates the page prints, and the URL.

Each function returns (value, source) with source one of article.SOURCES, or (None, None).
"""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

import htmldate
from lxml import etree

from . import dates
from .document import Document
from .metadata import _NOT_ARTICLE, MARKER_ATTRIBUTES, _mentions, _text, language
from .text import clean, element_text, fold, similarity

# <meta> names, compared with punctuation removed: "article:published_time" also finds
# "article:published:time" and "article_published_time".
_PUBLISHED_META = ("articlepublishedtime", "ogarticlepublishedtime", "ogpublishedtime", "datepublished",
                   "publishdate", "publisheddate", "publicationdate", "pubdate", "dcdateissued",
                   "dctermsissued", "dcdate", "dctermsdate", "date", "sailthrudate", "parselypubdate",
                   "articlepublished", "cxenseparserecspublishtime", "citationpublicationdate",
                   "releasedate", "originalpublishdate", "dcdatecreated", "datecreated", "created")
_MODIFIED_META = ("articlemodifiedtime", "ogupdatedtime", "datemodified", "dcdatemodified",
                  "dctermsmodified", "lastmodified", "lastmod", "articleupdated", "articlemodified",
                  "updateddate", "modifieddate")
# Classes and ids of elements that print a date.
_DATE_MARKER = re.compile("date|time|datum|fecha|data-pub|publish|posted|stamp|zeit")
# Words before a printed date that say which date it is.
_UPDATED_LABEL = ("update", "modified", "aktualisiert", "geändert", "mis à jour", "modifié", "actualizado",
                  "actualización", "aggiornato", "atualizado", "bijgewerkt", "gewijzigd", "zaktualizowano",
                  "aktualizováno", "oppdatert", "uppdaterad", "opdateret", "päivitetty", "güncelleme",
                  "обновлено", "оновлено", "更新")
_DATE_LABEL = re.compile(r"^\s*(?:date|datum|data|fecha|published|publié le|publié|veröffentlicht|publiziert|"
                         r"erstellt|erschienen|publicado|pubblicato|gepubliceerd|opublikowano|publicerad|"
                         r"publisert|julkaistu|yayınlanma|опубликовано|опубліковано|posted)\b",
                         re.IGNORECASE)
_EPOCH_ATTRS = ("data-timestamp", "data-utc-time", "data-time", "data-date", "data-published",
                "data-publish-date", "data-epoch")
MAX_DATE_ELEMENT_TEXT = 120
_NO_DATE_TAGS = {"script", "style", "meta", "link", "html", "body", "head"}


def _meta_by_key(doc: Document) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, values in doc.meta.items():
        out.setdefault(re.sub(r"[^a-z0-9]", "", name), []).extend(values)
    return out


def _meta_date(doc: Document, keys: tuple[str, ...]) -> str | None:
    return _meta_date_raw(doc, keys)[0]


def _meta_date_raw(doc: Document, keys: tuple[str, ...]) -> tuple[str | None, str | None]:
    """The first date in the <meta> elements named `keys`, and the text it was read from."""
    meta = _meta_by_key(doc)
    for key in keys:
        for raw in meta.get(key, []):
            if (value := dates.normalise(raw)):
                return value, raw
    return None, None


def _marker_words(el) -> str:
    """The words of an element's class and id, "-"-separated and "-"-framed: "relatedPosts
    has-sidebar" gives "-related-posts-has-sidebar-". camelCase, "_" and "-" split words."""
    raw = " ".join(filter(None, (el.get("class"), el.get("id"))))
    words = re.split(r"[\W_]+|(?<=[a-z])(?=[A-Z])", raw[:300])
    return "-" + "-".join(w.lower() for w in words if w) + "-"


# The first word of each _NOT_ARTICLE marker: the class or id of most elements holds none, and one
# regex search tells so faster than splitting them into words.
_NOT_ARTICLE_HINT = re.compile("|".join(re.escape(marker.split("-")[0]) for marker in _NOT_ARTICLE))


def _not_article_marker(el) -> bool:
    """A class or id word that starts with a word of _NOT_ARTICLE ("comments", "sidebar",
    "most-read"): words, not substrings, so "sticker" is no ticker and "unrelated" not related."""
    if not any(_NOT_ARTICLE_HINT.search(name.lower()) for name in (el.get("class"), el.get("id")) if name):
        return False
    words = _marker_words(el)
    return any(f"-{w}" in words for w in _NOT_ARTICLE)


def _outside_article(el, anchor_line: frozenset = frozenset()) -> bool:
    """Whether `el` sits in a region that is not this article: nav, footer, aside, the site's
    header, or a container marked as related stories, comments, a sidebar... Only the containers
    between `el` and the headline count: one that also holds the headline (`anchor_line`: the
    headline's ancestors) is the article or the whole page, whatever its class says ("has-sidebar"
    on <body>)."""
    inside_article = False
    for anc in el.iterancestors():
        if anc in anchor_line:
            return False
        if anc.tag in ("article", "main"):
            inside_article = True
        if anc.tag in ("nav", "footer", "aside"):
            return True
        if anc.tag == "header" and not any(a.tag in ("article", "main") for a in anc.iterancestors()) \
                and not inside_article:
            return True
        if _not_article_marker(anc):
            return True
    return False


# Elements about something else than the article: a picture (its caption: "Archive picture
# (16.08.2024): ..."), or a post quoted or embedded in it (a tweet, an Instagram post, with their
# own dates).
_OTHER_THAN_ARTICLE = {"figure", "figcaption", "blockquote"}


def _caption_or_embed(el, anchor_line: frozenset = frozenset()) -> bool:
    """Whether `el` is, or sits in, a figure or an embedded post below the headline's
    containers (a <figure> that also holds the headline is the article's header)."""
    for node in (el, *el.iterancestors()):
        if node in anchor_line:
            return False
        if node.tag in _OTHER_THAN_ARTICLE:
            return True
    return False


def _label_before(el) -> str:
    """The text printed just before a date element: its own label, or a label beside it."""
    text = element_text(el)[:60]
    prev = el.getprevious()
    if prev is not None and isinstance(prev.tag, str):
        label = element_text(prev)
        if len(label) <= 30 and not any(c.isdigit() for c in label):   # a label, not another date
            text = label + " " + text
    parent = el.getparent()
    if parent is not None and parent.text:
        text = clean(parent.text)[-40:] + " " + text
    return text


# A label that ends in one of these dates something else than the article: until when ("Verfügbar
# bis 06.05.2024", "available until", "disponible jusqu'au", the end of a range "3. bis 5. Mai"),
# or since when a forum member or a commenter is registered ("Registriert: 18.09.2008", "Joined",
# "Mitglied seit", "Member since").
_OTHER_DATE_WORDS = {"bis", "until", "till", "thru", "expires", "expiry", "expiration", "jusqu",
                     "hasta", "fino", "tot", "ablauf", "ablaufdatum",
                     "registriert", "registered", "joined", "member", "mitglied", "dabei", "inscrit",
                     "inscrito", "registrado", "iscritto"}


def _dates_something_else(label: str) -> bool:
    """Whether the words just before a date (the last two of `label`) say it is an expiry, an end
    or a registration, not the article's date."""
    cut = next((i for i, c in enumerate(label) if c.isdigit()), len(label))
    return not _OTHER_DATE_WORDS.isdisjoint(fold(label[:cut]).split()[-2:])


def _is_update(label: str) -> bool:
    # "Stand: 3. Mai" is German for "as of", an update; as a word only ("Standort" is not).
    return _mentions(_UPDATED_LABEL, label) or "stand" in fold(label).split()


def _marked_update(el) -> bool:
    """Whether an element's class or id marks its date as the last update ("is-last-update",
    "date-modified"). Not the microformat's "updated", which WordPress themes print on the
    publication time ("entry-date published updated", "entry-meta-date updated")."""
    words = _marker_words(el)
    return "-modified" in words or "-last-update" in words


def headline_element(doc: Document, headline: str | None):
    """The heading that prints the headline (the <h1>, or an <h2> on pages whose <h1> is the logo
    or the section), else the first <h1> of the article, else the page's first <h1>."""
    return doc.once(("headline_element", headline), _headline_element, doc, headline)


def _headline_element(doc: Document, headline: str | None):
    best, best_score = None, 0.0
    if headline:
        for el in doc.tree.iter("h1", "h2", "h3", "h4"):
            if (score := similarity(element_text(el)[:MAX_HEADING], headline)) > best_score:
                best, best_score = el, score
    if best_score >= 0.6:
        return best
    h1s = [h for h in doc.tree.iter("h1") if element_text(h)]
    in_article = [h for h in h1s if any(a.tag in ("article", "main") for a in h.iterancestors())]
    return next(iter(in_article or h1s), None)


def printed_dates(doc: Document, lang: str | None = None, headline: str | None = None) \
        -> list[tuple[str, str, str]]:
    """(date, kind, source) for the dates the page prints about this article: those in elements
    marked as dates (<time>, a date class, a "Published" label), in document order, then those
    printed as plain text near the headline, nearest first. Kind is "modified" when a label
    says so ("Updated", "Aktualisiert am"), else "published"; source is "html" for a machine
    attribute and "text" for a date read from visible text. Computed once per page and language
    (published and modified both ask)."""
    return _dates_printed(doc, lang, headline)[0]


def foreign_days(doc: Document, lang: str | None = None, headline: str | None = None) -> set[str]:
    """The days printed where they are not this article's: the site's "today" line above the
    headline, other stories, sidebars, comments."""
    return _dates_printed(doc, lang, headline)[1]


def in_sentences(doc: Document, lang: str | None = None, headline: str | None = None) -> set[str]:
    """The dates read from text near the headline that says more than a date line does
    ("Seit dem 1. Januar 2022 ist ...", a caption): a dateline, or a date the text mentions."""
    return _dates_printed(doc, lang, headline)[2]


def _dates_printed(doc: Document, lang: str | None, headline: str | None):
    return doc.once(("printed_dates", lang, headline), _find_dates_printed, doc, lang, headline)


def _find_dates_printed(doc: Document, lang: str | None, headline: str | None):
    anchor = headline_element(doc, headline)
    anchor_line = frozenset(anchor.iterancestors()) if anchor is not None else frozenset()
    foreign: set[str] = set()
    sentences: set[str] = set()
    found = _marked_dates(doc, lang, anchor, anchor_line, foreign)
    for date in _dates_near(doc, lang, anchor, anchor_line, foreign, sentences):
        if date not in found:
            found.append(date)
    return found, foreign, sentences


def _marked_dates(doc: Document, lang: str | None, anchor, anchor_line, foreign: set[str]) \
        -> list[tuple[str, str, str]]:
    found = []
    before_headline = anchor is not None
    marked = set(doc.names.marked(MARKER_ATTRIBUTES, _DATE_MARKER))
    for el in doc.tree.iter(etree.Element):
        tag = el.tag
        if el is anchor:
            before_headline = False
        if tag in _NO_DATE_TAGS:
            continue
        text = el.text
        labelled = bool(text and not text.isspace() and _DATE_LABEL.match(text, 0, 80))
        if not (tag == "time" or labelled or el in marked):
            continue
        target, text = el, element_text(el)
        if labelled and not any(c.isdigit() for c in text) and (parent := el.getparent()) is not None:
            # "<strong>Datum</strong> 28.04.2023": the date is beside the label.
            target, text = parent, element_text(parent)
        # An unlabelled date above the headline, outside the article, is the site's "today" line.
        today_line = before_headline and not labelled \
            and not any(a.tag in ("article", "main") for a in el.iterancestors())
        if len(text) > MAX_DATE_ELEMENT_TEXT or not today_line and _outside_article(target, anchor_line) \
                or _caption_or_embed(target, anchor_line):
            continue
        value, source = None, "html"
        for attr in ("datetime", "content", *_EPOCH_ATTRS):
            if (value := dates.normalise(el.get(attr))):
                break
        if not value:
            value, source = dates.parse_text(text, lang), "text"
        if not value:
            continue
        label = _label_before(target)
        if today_line or _dates_something_else(label):
            foreign.add(value[:10])
            continue
        kind = "modified" if _is_update(label) or _marked_update(el) else "published"
        if not found or found[-1][0] != value:
            found.append((value, kind, source))
    return found


# Text that is never a date line of the article, and regions around the article.
_NOT_TEXT = {"script", "style", "noscript", "template", "svg", "select", "option", "button", "textarea",
             "nav", "footer", "aside"}
# How far from the headline a date printed as plain text is looked for, in characters of text:
# a line just above it (a dateline, a kicker with the date), the byline and meta lines below.
NEAR_BEFORE, NEAR_AFTER = 100, 1000
# A text run with more words than this beside its dates is prose: a date in it is one the story
# mentions, unless it opens the text ("01.02.2022 – The ministry said ...").
MAX_LINE_WORDS, DATE_OPENS = 12, 20
# A date line proper: the date and a label, a name or a section ("27.01.2022 | Mobilität",
# "By Jane Doe, Senior Editor | 6 January 2020").
MAX_DATE_LINE_WORDS = 6
MAX_HEADING = 500
RUN_CHARS = 1000


def _text_runs(doc: Document, anchor):
    """(position, length, text, element) for the visible text runs of the page in reading order,
    and the positions where the headline's text starts and ends. Positions count characters of
    text with whitespace collapsed; a run's text is cut to RUN_CHARS (any date line is shorter)."""
    body = doc.tree.find("body")
    runs, pos, start, end = [], 0, None, None
    if body is None:
        return runs, start, end
    walker = etree.iterwalk(body, events=("start", "end"))
    for event, el in walker:
        if event == "start":
            if not isinstance(el.tag, str) or el.tag in _NOT_TEXT:
                walker.skip_subtree()
                continue
            if el is anchor:
                start = pos
            text = el.text
        else:
            if el is anchor:
                end = pos
            text, el = el.tail, el.getparent()
        if text and not text.isspace():
            run = clean(text[:RUN_CHARS])
            length = len(run) if len(text) <= RUN_CHARS else len(text)
            runs.append((pos, length, run, el))
            pos += length + 1
        if end is not None and pos > end + NEAR_AFTER:
            break
    return runs, start, end


def _beside(el, anchor_line) -> bool:
    """Whether `el` shares a container with the headline below <body>: a date above the headline
    in the same block is the story's; one in a strip of its own at the top of the page is the
    site's "today" line."""
    container = next((a for a in el.iterancestors() if a in anchor_line), None)
    return container is not None and container.tag not in ("body", "html")


def _words(text: str) -> int:
    return len(re.findall(r"[^\W\d_]+", text))


def _dates_near(doc: Document, lang: str | None, anchor, anchor_line, foreign: set[str],
                sentences: set[str]) -> list[tuple[str, str, str]]:
    """Dates printed as plain text in the lines around the headline (a meta line, the byline, a
    dateline, a line above the headline), nearest first, after the headline before above it."""
    if anchor is None:
        return []
    runs, start, end = _text_runs(doc, anchor)
    if start is None or end is None:
        return []
    found = []
    for i, (pos, length, text, el) in enumerate(runs):
        above = pos + length <= start
        if above:
            distance = start - pos - length + NEAR_AFTER   # above: after everything below
            if start - pos - length > NEAR_BEFORE:
                continue
        elif pos >= end:
            distance = pos - end
            if distance > NEAR_AFTER:
                break
        else:
            continue    # the headline itself
        if not any(c.isdigit() for c in text):
            continue
        line = dates.squash(text)
        here = dates.dates_in(line, lang)
        if not here:
            continue
        if above and not _beside(el, anchor_line):
            foreign.update(value[:10] for _, _, value in here)
            continue
        if _outside_article(el, anchor_line) or _caption_or_embed(el, anchor_line):
            continue
        # Prose mentions dates ("the council met on 12 March"); a meta line is the date and a few
        # words (a name, a label, a place), or a date that opens a paragraph.
        words = _words(line) - sum(_words(line[begin:stop]) for begin, stop, _ in here)
        previous_stop = 0
        for begin, stop, value in here:
            if words > MAX_LINE_WORDS and begin > DATE_OPENS:
                break
            label = line[previous_stop:begin]
            if begin < 3 and i:
                label = runs[i - 1][2][-40:] + " " + label
            previous_stop = stop
            if _dates_something_else(label):
                foreign.add(value[:10])
                continue
            found.append((distance, value, "modified" if _is_update(label) else "published"))
            if words > MAX_DATE_LINE_WORDS:
                sentences.add(value)
    return [(value, kind, "text") for _, value, kind in sorted(found, key=lambda f: f[0])]


def published(doc: Document, ld: dict | None, headline: str | None = None):
    """The first publication time: structured data first, then what the page prints, checked
    against a date in the URL. Never the modified time."""
    from_url = dates.from_url(doc.url)
    # The URL files the story under the day or month the site first published it.
    month = from_url[:7] if from_url else dates.month_from_url(doc.url)
    declared, declared_source, raw = _declared_published(doc, ld)
    if declared:
        if dates.day_or_month_first(raw):
            declared = _as_printed(declared, doc, ld, headline)
        declared = _in_local_time(declared, doc)
        if from_url and _on_day(declared, from_url):
            return from_url, "url"
        if not month and (shown := _shown_instead(declared, doc, ld, headline)):
            return shown
        if not month or declared.startswith(month):
            return declared, declared_source
        # The markup's date is in another month than the URL's: a later re-save or import; the
        # first publication is the date printed in the URL's month, or the URL's own.
    lang, _ = language(doc, ld)
    printed = [(value, source) for value, kind, source in printed_dates(doc, lang, headline)
               if kind == "published"]
    if from_url:
        # The URL is the date the site filed the story under: a printed date on another day is
        # more likely an update or another story's than the first publication.
        for value, source in printed:
            if value[:10] == from_url:
                return value, source
        return from_url, "url"
    if month:
        # Filed under a month only (/2017/09/slug): a printed date in that month is the likelier.
        in_month = [date for date in printed if date[0].startswith(month)]
        if declared:
            return in_month[0] if in_month else (declared, declared_source)
        printed = in_month or printed
    if printed:
        return printed[0]
    if (said := _said_published(doc, lang, headline)):
        return said, "text"
    # htmldate cannot know which dates are the update, the site's "today" line or another
    # story's; the steps above have seen them.
    value = _htmldate(doc)
    if not value or value in foreign_days(doc, lang, headline) \
            or value == (_declared_modified(doc, ld)[0] or "")[:10]:
        return None, None
    return value, "html"


# A verb that says the page was published, in a sentence about the page ("This entry was posted
# on Monday, May 3rd, 2010", "Dieser Beitrag wurde am 3. Mai 2010 um 10:15 Uhr veröffentlicht").
_PUBLISHED_VERB = re.compile(r"\b(?:posted|published|veröffentlicht|gepostet|erstellt|publiziert|publié|"
                             r"publiée|publicado|publicada|pubblicato|pubblicata|gepubliceerd|opublikowano)\b",
                             re.IGNORECASE)
SAID_WITHIN = 60   # characters between the verb and its date


def _said_published(doc: Document, lang: str | None, headline: str | None) -> str | None:
    """The date a sentence in the article says the page was published on, wherever it stands
    (themes print it after the text, in a "postmetadata" line): for pages that print no date
    near the headline and declare none."""
    anchor = headline_element(doc, headline)
    anchor_line = frozenset(anchor.iterancestors()) if anchor is not None else frozenset()
    body = doc.tree.find("body")
    for el in body.iter() if body is not None else ():
        if not isinstance(el.tag, str) or el.tag in _NOT_TEXT:
            continue
        for text, holder in ((el.text, el), (el.tail, el.getparent())):
            if not text or holder is None or not _PUBLISHED_VERB.search(text[:RUN_CHARS]) \
                    or _outside_article(holder, anchor_line) \
                    or any(a.tag in _NOT_TEXT for a in holder.iterancestors()):
                continue
            # The sentence around the verb, with the date in it.
            sentence = " ".join(element_text(holder)[:4 * RUN_CHARS].split())
            if not (verb := _PUBLISHED_VERB.search(sentence)):
                continue
            sentence = sentence[max(0, verb.start() - 2 * SAID_WITHIN):verb.end() + 2 * SAID_WITHIN]
            if (date := _date_of_verb(sentence, _PUBLISHED_VERB.search(sentence), lang)):
                return date
    return None


def _date_of_verb(sentence: str, verb: re.Match, lang: str | None) -> str | None:
    """The date nearest a publishing verb in a sentence, within SAID_WITHIN characters of it,
    unless a label says it is the update ("Aktualisiert am 4. Mai, veröffentlicht am 2. Mai")."""
    nearest, best = None, SAID_WITHIN + 1
    previous_stop = 0
    for begin, stop, value in dates.dates_in(sentence, lang):
        distance = begin - verb.end() if begin >= verb.end() else verb.start() - stop
        if distance < best and not _is_update(sentence[previous_stop:begin]):
            nearest, best = value, distance
        previous_stop = stop
    return nearest


def _shown_instead(declared: str, doc: Document, ld: dict | None, headline: str | None):
    """The date the page prints as the article's, when the markup declares a day the page shows
    nowhere: the declared time is then a save or import stamp of the CMS, not the publication
    the reader is shown. Only on pages that do not tell publication from update in their markup
    (no update declared, or one on the same day), and only when the page shows one day for the
    article, in a date line (not a date a sentence mentions), that is not the declared day read
    month first or in another time zone."""
    updated = _declared_modified(doc, ld)[0]
    if updated and updated[:10] != declared[:10]:
        return None
    lang = language(doc, ld)[0]
    shown = printed_dates(doc, lang, headline)
    days = {value[:10] for value, _, _ in shown}
    days |= {swapped[:10] for value in days if (swapped := dates.swap_day_and_month(value))}
    sentences = in_sentences(doc, lang, headline)
    published = [(value, source) for value, kind, source in shown
                 if kind == "published" and value not in sentences]
    if not published or len({value[:10] for value, _ in published}) > 1 or declared[:10] in days:
        return None
    if abs(datetime.fromisoformat(published[0][0][:10]) - datetime.fromisoformat(declared[:10])) \
            <= timedelta(days=1):
        return None
    return published[0]


def _as_printed(value: str, doc: Document, ld: dict | None, headline: str | None) -> str:
    """A declared date that could be read day first or month first ("11/01/2023 12:43"), read
    the way the page prints it: as 1 November when the page prints 1 November and not 11
    January."""
    swapped = dates.swap_day_and_month(value)
    days = {date[:10] for date, _, _ in printed_dates(doc, language(doc, ld)[0], headline)}
    return swapped if swapped and swapped[:10] in days and value[:10] not in days else value


def _on_day(value: str, day: str) -> bool:
    """Whether a UTC time on the day before or after `day` falls on `day` in some time zone
    (UTC-12..UTC+14): 23:01Z on 1 November is 2 November in Rome, the URL's day."""
    instant = _datetime(value)
    if instant is None or instant.tzinfo is None or instant.utcoffset() or value[:10] == day:
        return False
    midnight = datetime.fromisoformat(day).replace(tzinfo=UTC)
    return midnight - _EAST <= instant < midnight + timedelta(days=1) - _WEST


# The itemprop attributes are searched, not the elements: libxml2 tests a predicate on every element
# in a costly way, and reads the attribute step only on the elements that have one.
_MACHINE_DATES = etree.XPath("//time/@datetime | //@itemprop[. = 'datePublished']/../@content"
                             " | //@itemprop[. = 'datePublished']/../@datetime")
# The offsets of the world's time zones: whole quarter hours from UTC-12 to UTC+14.
_ZONE_STEP, _WEST, _EAST = timedelta(minutes=15), timedelta(hours=-12), timedelta(hours=14)


def _in_local_time(value: str, doc: Document) -> str:
    """A time declared in UTC given in the publisher's own zone, when the page shows the same
    instant as its wall clock elsewhere (a <time> element, another <meta>, with or without an
    offset): the calendar day the publisher printed. 23:01Z is the next day in Rome."""
    instant = _datetime(value)
    if instant is None or instant.tzinfo is None or instant.utcoffset():
        return value
    meta = _meta_by_key(doc)
    for raw in [*_MACHINE_DATES(doc.tree)[:20], *(v for key in _PUBLISHED_META for v in meta.get(key, []))]:
        local = _datetime(dates.normalise(str(raw)))
        if local is None:
            continue
        if local.tzinfo is not None:
            shift = local.utcoffset() if local == instant else None
        else:   # a wall-clock time: the publisher's, if it is the instant in a real zone
            utc = instant.replace(tzinfo=None, second=instant.second if local.second else 0)
            shift = local - utc
        if shift and _WEST <= shift <= _EAST and shift % _ZONE_STEP == timedelta(0):
            return instant.astimezone(timezone(shift)).isoformat(timespec="seconds")
    return value


def _datetime(value: str | None) -> datetime | None:
    """The datetime of an ISO 8601 value that has a time, else None."""
    return datetime.fromisoformat(value) if value and len(value) > 10 else None


def _declared_published(doc: Document, ld: dict | None):
    """The publication time the page declares in its markup, where, and the text it was read
    from."""
    if ld:
        for key in ("datePublished", "dateCreated", "uploadDate"):
            if (value := dates.normalise(raw := _text(ld.get(key)))):
                return value, "json-ld", raw
    value, raw = _meta_date_raw(doc, _PUBLISHED_META)
    if value:
        return value, "meta", raw
    for el in doc.tree.xpath('//@itemprop[. = "datePublished"]/.. | //time[@pubdate]'):
        if (raw := el.get("content") or el.get("datetime")):
            value = dates.normalise(raw)
        else:
            value = dates.parse_text(raw := element_text(el))
        if value:
            return value, "html", raw
    return None, None, None


def _htmldate(doc: Document) -> str | None:
    """htmldate's reading of the page, for the pages whose date is in none of the places above:
    other <meta> names, JSON in scripts, <abbr> and <time> elements, "last edited" lines. Its
    fast mode only: the extensive search guesses a date on almost any page (a copyright year
    becomes 1 January), and loads dateparser's every locale on first use."""
    try:  # given a tree (never a string, which it would take for a URL to fetch), it only reads
        return htmldate.find_date(doc.tree, url=doc.url, extensive_search=False, original_date=True)
    except Exception:  # noqa: BLE001 -- a fallback that fails must not cost the page its other fields
        return None


def _declared_modified(doc: Document, ld: dict | None):
    """The update time the page declares in its markup, and where (computed once per page:
    the publication date asks too)."""
    return doc.once("declared_modified", _find_declared_modified, doc, ld)


def _find_declared_modified(doc: Document, ld: dict | None):
    if ld and (value := dates.normalise(_text(ld.get("dateModified")))):
        return value, "json-ld"
    if (value := _meta_date(doc, _MODIFIED_META)):
        return value, "meta"
    if (value := _itemprop_date(doc, "dateModified")):
        return value, "html"
    return None, None


def _itemprop_date(doc: Document, prop: str) -> str | None:
    for el in doc.tree.xpath(f'//@itemprop[. = "{prop}"]/..'):   # see _MACHINE_DATES
        if (value := dates.normalise(el.get("content") or el.get("datetime"))):
            return value
    return None


def modified(doc: Document, ld: dict | None, headline: str | None = None):
    declared = _declared_modified(doc, ld)
    if declared[0]:
        return declared
    lang, _ = language(doc, ld)
    for value, kind, source in printed_dates(doc, lang, headline):
        if kind == "modified":
            return value, source
    return None, None
