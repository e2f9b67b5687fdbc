"""Metadata extraction: headline, authors, dates, dateline, on pages written for these tests
(tests/fixtures/meta/) and on hostile input."""
import re
import time

import pytest

from parsers import authors, dateline, dates, headline, metadata, parse
from parsers.authors import split_names
from parsers.document import Document
from parsers.registry import GENERIC


def page(fixture_bytes, name, url):
    return parse(fixture_bytes(f"meta/{name}.html"), url=url, parser=GENERIC)


# ---------------------------------------------------------------- fixture pages


def test_graph_author_references_and_printed_headline(fixture_bytes):
    a = page(fixture_bytes, "graph_refs", "https://harbour.example/business/2025/02/14/cranes-return")
    # The <h1> matches the page's <title>; og:title and JSON-LD carry a different social headline.
    assert a.headline == "Harbour cranes swing back into action after storm repairs"
    assert a.provenance["headline"] == "html"
    # {"@id"} references resolved in the @graph; givenName + familyName joined.
    assert a.authors == ["Mira Olsen", "Tomás Reyes"]
    assert a.provenance["authors"] == "json-ld"
    assert a.byline == "By Mira Olsen and Tomás Reyes"
    assert a.published == "2025-02-14T07:30:00+01:00" and a.modified == "2025-02-14T09:05:00+01:00"
    assert a.canonical_url == "https://harbour.example/business/2025/02/14/cranes-return"
    assert (a.section, a.tags, a.language) == ("Business", ["Port", "Storm", "Shipping"], "en-GB")
    assert a.subheadline.startswith("Six weeks after the January storm")
    assert a.dateline is None


def test_byline_with_roles_and_agency(fixture_bytes):
    a = page(fixture_bytes, "byline_roles", "https://www.lakeside.example/news/ferry-fares")
    assert a.authors == ["Jane Doe", "John Roe"]          # no roles, no affiliated agency
    assert a.provenance["authors"] == "html"
    assert a.byline.startswith("By Jane Doe") and a.byline.endswith("Reuters")
    assert a.headline == "Ferry fares to rise by a tenth from April"
    assert a.published == "2025-03-03T16:45:00" and a.provenance["published"] == "text"


def test_german_visible_dates_and_kicker(fixture_bytes):
    a = page(fixture_bytes, "german_date", "https://www.talbote.example/lokales/radwege-altstadt")
    # The header's "today" line and a related story's <time> are not this article's dates.
    assert a.published == "2024-05-03T15:47:00" and a.provenance["published"] == "text"
    assert a.modified == "2024-05-04T08:10:00"
    assert a.headline == "Neue Radwege für die Altstadt beschlossen"   # kicker "Verkehr" left out
    assert a.authors == ["Lena Hoffmann"]
    assert a.language == "de"


def test_modified_but_not_published(fixture_bytes):
    a = page(fixture_bytes, "modified_only", "https://riverside.example/guides/library-hours")
    assert a.published is None
    assert a.modified == "2025-06-30T12:00:00-04:00"
    assert a.authors == ["Riverside Times"]              # the publication, as nobody else is credited


def test_wire_dateline_and_agency_author(fixture_bytes):
    a = page(fixture_bytes, "wire_dateline", "https://wiredesk.example/world/power-restored")
    assert a.dateline == "KYIV, Ukraine"
    assert a.body.startswith("KYIV, Ukraine (AP) — Engineers")   # the dateline stays in the body
    assert a.authors == ["Associated Press"]
    assert a.published == "2025-01-09T10:12:00+00:00" and a.provenance["published"] == "meta"


def test_breadcrumb_h1_gives_way_to_the_printed_heading(fixture_bytes):
    a = page(fixture_bytes, "breadcrumb_h1", "https://www.nordkurier-beispiel.example/region/bahnstreik")
    assert a.headline == "Warnstreik legt Regionalverkehr am Montag lahm"
    # The publication credited as a "Person" is not a person; the agency beside it is the credit.
    assert a.authors == ["dpa"]
    assert a.dateline == "Berlin"


# ---------------------------------------------------------------- authors


@pytest.mark.parametrize(("byline", "names"), [
    ("By Jane Doe and John Roe, Reuters", ["Jane Doe", "John Roe", "Reuters"]),
    ("Staff Writer Jane Doe", ["Jane Doe"]),
    ("By Staff", ["Staff"]),                               # a desk's credit, kept when nobody else is
    ("Von Karim Natour und Lea Berg", ["Karim Natour", "Lea Berg"]),
    ("Por María de la Cruz y Pedro Gómez", ["María de la Cruz", "Pedro Gómez"]),
    ("By Madeleine Park 30 August 2023 • 4:45pm", ["Madeleine Park"]),
    ("Jane Doe\nTwitter\nFollow", ["Jane Doe"]),
    ("By Desk7 Staff | November 18, 2019 at 2:26 PM", ["Desk7 Staff"]),
    ("By - Staff Reports", []),
    ("Текст: Анна Петрова", ["Анна Петрова"]),
    ("Written by: Ana Li", ["Ana Li"]),
    ("AFP/dpa", ["AFP", "dpa"]),
    ("BR7 Redaktion", ["BR7 Redaktion"]),                  # a desk credit stays whole
    ("Gear Team", ["Gear Team"]),
    ("Ursula von der Leyen", ["Ursula von der Leyen"]),
    ("山田太郎、鈴木花子", ["山田太郎", "鈴木花子"]),
    ("https://example.com/jane, jane@example.com, @janedoe", ["@janedoe"]),   # a handle is a credit
])
def test_split_names(byline, names):
    assert split_names(byline) == names


def test_lower_case_publication_names_only_from_structured_fields():
    assert split_names("kicker") == []
    assert split_names("kicker", structured=True) == ["kicker"]


def test_looks_like_person():
    assert authors.looks_like_person("Jane Doe")
    assert authors.looks_like_person("松岡大地")
    assert not authors.looks_like_person("Veröffentlicht am")
    assert not authors.looks_like_person("Reuters")
    assert not authors.looks_like_person("Harbour Gazette", organisations=["Harbour Gazette"])


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(("text", "lang", "iso"), [
    ("3. Mai 2024, 15:47 Uhr", "de", "2024-05-03T15:47:00"),
    ("Veröffentlicht am 27.04.24 um 07:39 Uhr", "de", "2024-04-27T07:39:00"),
    ("May 3, 2024 4:45pm", "en", "2024-05-03T16:45:00"),
    ("Monday, November 18th, 2019 at 11:08 a.m.", "en", "2019-11-18T11:08:00"),
    ("3 de mayo de 2024", "es", "2024-05-03"),
    ("3 mai 2024 à 09h30", "fr", "2024-05-03T09:30:00"),
    ("28 апреля 2023, 10:15", "ru", "2023-04-28T10:15:00"),
    ("2024年5月3日", "ja", "2024-05-03"),
    ("2024. május 3. 12:00", "hu", "2024-05-03T12:00:00"),
    ("12.5.2024 14.30 CEST", "de", "2024-05-12T14:30:00+02:00"),
    ("5/3/2024", "en-US", "2024-05-03"),
    ("5/3/2024", "en-GB", "2024-03-05"),
])
def test_printed_dates(text, lang, iso):
    assert dates.parse_text(text, lang) == iso


@pytest.mark.parametrize("junk", ["31 Feb 2024", "30.02.2024", "0001-01-01", "9999-12-31T00:00:00", "1e20",
                                  "", "Published 3 hours ago", "x" * 10_000, "2024-13-45", "99:99"])
def test_junk_dates_are_none(junk):
    assert dates.normalise(junk) is None
    assert dates.parse_text(junk) is None


def test_impossible_offset_is_dropped_not_fatal():
    assert dates.normalise("2024-05-03T10:00:00+25:00") == "2024-05-03T10:00:00"
    assert dates.normalise("2024-05-03T10:00:00+02:00") == "2024-05-03T10:00:00+02:00"


def test_url_date_is_weaker_than_markup_but_checks_printed_text():
    html = ("<html><body><article><h1>Bridge reopens</h1><p class='date'>Updated 9 May 2024</p>"
            "<p class='date'>Published 2 May 2024, 10:15</p><p>The bridge reopened to traffic on Thursday "
            "after a month of repairs to its deck and railings.</p></article></body></html>")
    a = parse(html, url="https://news.example.com/2024/05/02/bridge", parser=GENERIC)
    assert a.published == "2024-05-02T10:15:00" and a.provenance["published"] == "text"
    assert a.modified == "2024-05-09"
    meta = html.replace("<html>", "<html><head><meta property='article:published_time' "
                        "content='2024-05-02T08:15:00Z'></head>")
    a = parse(meta, url="https://news.example.com/2024/05/02/bridge", parser=GENERIC)
    assert a.provenance["published"] == "meta"
    bare = html.replace("Published 2 May 2024, 10:15", "")
    a = parse(bare, url="https://news.example.com/2024/05/02/bridge", parser=GENERIC)
    assert (a.published, a.provenance["published"]) == ("2024-05-02", "url")


# ---------------------------------------------------------------- headline and dateline


def test_site_name_suffix_and_prefix_are_stripped():
    doc = Document("<html><head><meta property='og:site_name' content='The Example Courier'></head></html>",
                   url="https://www.examplecourier.com/a")
    assert headline.strip_site_name("Rates rise again | The Example Courier", doc) == "Rates rise again"
    assert headline.strip_site_name("The Example Courier - Rates rise again", doc) == "Rates rise again"
    # Separators inside the headline are kept as printed.
    title = "Budget: what changes - The Example Courier"
    assert headline.strip_site_name(title, doc) == "Budget: what changes"
    assert headline.strip_site_name("Budget: what changes", doc) == "Budget: what changes"


def test_headline_from_title_when_no_h1():
    html = ("<html><head><title>Rain delays harvest - Farm Weekly</title><meta property='og:site_name' "
            "content='Farm Weekly'></head><body><p>Farmers waited for a dry week.</p></body></html>")
    a = parse(html, url="https://farmweekly.example/rain", parser=GENERIC)
    assert a.headline == "Rain delays harvest"


def test_an_author_blurb_in_the_byline_slot_gives_no_phrases_as_names():
    html = ("<html><head><title>Ferry fares rise again</title></head><body><article>"
            "<h1>Ferry fares rise again</h1><div class='author-info'>Published posts: 15919"
            " <a href='/profile/fg' rel='author'>Ferry Gazette</a> The county's widely read newspaper,"
            " published every Thursday and distributed throughout the county. Contact us today</div>"
            "<p>" + "The ferry company raised its fares for the second time this year. " * 6
            + "</p></article></body></html>")
    a = parse(html, url="https://ferrygazette.example/2026/fares", parser=GENERIC)
    assert a.authors == ["Ferry Gazette"]


@pytest.mark.parametrize(("opening", "place"), [
    ("KYIV, Ukraine (AP) — Russian forces", "KYIV, Ukraine"),
    ("MEXICO CITY (AP) — A", "MEXICO CITY"),
    ("WASHINGTON, May 3 (Reuters) - The", "WASHINGTON"),
    ("ISLAMABAD: The government", "ISLAMABAD"),
    ("Berlin (dpa) - Die Regierung", "Berlin"),
    ("FRANKFURT/MAIN (dpa-AFX) - Die", "FRANKFURT/MAIN"),
    ("UPDATE: The council", None),
    ("AP — nothing else", None),
    ("Die Regierung (SPD) - plant", None),
    ("The mayor said: yes", None),
])
def test_dateline(opening, place):
    assert dateline.dateline(opening) == place


# ---------------------------------------------------------------- hostile input


def test_junk_metadata_never_raises():
    byline = "By " + "Jane Doe " * 1200                     # ~10k characters
    html = f"""<html><head>
<meta property="article:published_time" content="31 Feb 2024">
<meta name="author" content="{'x' * 10_000}">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{'h' * 5000}",
 "datePublished": "0001-01-01T00:00:00+25:00", "dateModified": "1e20",
 "author": [{{"@id": "#nobody"}}, 42, null, {{"name": ["", {{"@value": "Ann Lee"}}]}}, "{'y' * 5000}"],
 "inLanguage": "{'z' * 300}", "keywords": 17}}</script>
</head><body><article><h1>Junk day</h1><p class="byline">{byline}</p>
<time datetime="+25:00">31 Feb</time><p class="date">year 0001</p>
<p>Nothing here is valid, and the parser must still return a record for the page.</p>
</article></body></html>"""
    a = parse(html, url="https://junk.example/2024/02/31/x", parser=GENERIC)
    assert a.headline == "Junk day"
    assert a.published is None and a.modified is None
    assert a.byline is None                                  # 10k characters are no byline
    assert all(len(n) <= 60 for n in a.authors)
    assert a.language is None


MB = 1_000_000
ADVERSARIAL = {
    "spaces": " " * MB,
    "letters then bang": "a" * MB + "!",
    "digits": "1" * MB,
    "dotted digits": "1." * (MB // 2),
    "by by by": "by " * (MB // 3),
    "caps and paren": "A" * MB + " (",
    "parens": "(" * MB,
    "half dates": "3. Mai " * (MB // 7),
    "colon then spaces": ":" + " " * MB + "x",
    "dashes": " -" * (MB // 2),
}
PATTERNS = [(f"{module.__name__}.{name}", value) for module in (authors, dates, dateline, metadata)
            for name, value in vars(module).items() if isinstance(value, re.Pattern)]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[n for n, _ in PATTERNS])
def test_no_pattern_runs_away_on_a_megabyte(name, pattern):
    for label, text in ADVERSARIAL.items():
        start = time.process_time()
        pattern.search(text)
        # Generous: catches backtracking that grows with the input, not a benchmark.
        assert time.process_time() - start < 2, f"{name} on {label}"


def test_public_functions_on_a_megabyte():
    for text in ADVERSARIAL.values():
        start = time.process_time()
        split_names(text)
        dates.parse_text(text)
        dates.normalise(text)
        dateline.dateline(text)
        assert time.process_time() - start < 2


def test_unlabelled_date_above_the_headline_is_the_sites_today_line():
    body = ("<h1>Council backs new tram line</h1><div class='story'><p>The council voted on Tuesday to "
            "build a tram line between the station and the university.</p></div>")
    today = "<div class='top-strip'><span class='current-date'>Saturday, 28 November 2026</span></div>"
    a = parse(f"<html><body>{today}{body}</body></html>", url="https://city.example/tram", parser=GENERIC)
    assert a.published is None
    labelled = "<div class='meta'><span>Published 3 May 2024</span></div>"
    a = parse(f"<html><body>{labelled}{body}</body></html>", url="https://city.example/tram", parser=GENERIC)
    assert a.published == "2024-05-03"
