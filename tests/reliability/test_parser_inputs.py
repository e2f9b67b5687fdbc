"""E. HTML and extraction (reliability.md 6.2): hostile pages go straight to `parsers.parse` (pure, no
network), the big ones in a guarded child process so time and memory are measured and bounded."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import sqlite3
import time

import pytest

import parsers
import scraper
from parsers import parse
from scraper.archive import Archive

from .guard import record, run_guarded

URL = "http://news.test/2024/05/07/ferry-timetable-story"
HEADLINE = "Ferry timetable changes again"
PARAGRAPHS = "".join(
    f"<p>Paragraph {i}: the harbour committee argued about the ferry timetable for the "
    "third evening in a row, and residents asked for cheaper monthly passes.</p>"
    for i in range(8)
)


def page(before: str = "", after: str = "", *, head: str = "", headline: str = HEADLINE) -> str:
    return (
        f"<html><head>{head}<title>{headline}</title></head><body>{before}<article><h1>{headline}</h1>"
        f"{PARAGRAPHS}</article>{after}</body></html>"
    )


GUARDED_PARSE = """
import json, sys, time
from parsers import parse
html = open(sys.argv[1], "rb").read()
started = time.monotonic()
article = parse(html, sys.argv[2])
print(json.dumps({"headline": article.headline, "body": len(article.body or ""),
                  "seconds": time.monotonic() - started}))
"""


def parse_guarded(tmp_path, html: str | bytes, scorecard, case: str, *, timeout: float = 60) -> dict:
    path = tmp_path / "page.html"
    path.write_bytes(html.encode() if isinstance(html, str) else html)
    result = run_guarded(["-c", GUARDED_PARSE, str(path), URL], timeout=timeout)
    record(scorecard, case, result)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def headline_or_incomplete(outcome: dict) -> None:
    """E1's criterion: the right headline, or nothing (parse:incomplete) -- never a wrong one."""
    assert outcome["headline"] in (HEADLINE, None, "")


SLOW_DEEP = pytest.mark.xfail(
    strict=False,
    reason="100,000 levels of nesting take about 4.4 s on an idle machine (deeper than 2,048 levels the "
    "page is flattened below 64 levels); over the 5 s budget under load, so not strict",
)


@pytest.mark.parametrize("depth, budget_s", [(300, 5), (1_000, 5), pytest.param(100_000, 5, marks=SLOW_DEEP)])
def test_e1_e2_deep_nesting_before_the_headline(tmp_path, depth, budget_s, scorecard):
    html = page("<div>" * depth + "<p>filler</p>" + "</div>" * depth)
    outcome = parse_guarded(tmp_path, html, scorecard, f"E1 nesting {depth}")
    headline_or_incomplete(outcome)
    assert outcome["seconds"] <= budget_s
    if depth <= 1_000:  # lxml's silent 256-level cut must not lose a shallow-enough article
        assert outcome["headline"] == HEADLINE and outcome["body"] > 500


@SLOW_DEEP
def test_e1_unclosed_deep_nesting_around_the_article(tmp_path, scorecard):
    html = "<html><body>" + "<div>" * 100_000 + f"<article><h1>{HEADLINE}</h1>{PARAGRAPHS}</article>"
    outcome = parse_guarded(tmp_path, html, scorecard, "E1 unclosed nesting")
    headline_or_incomplete(outcome)
    assert outcome["seconds"] <= 5


@pytest.mark.parametrize("shape", ["text-node-10mb", "siblings-1m", "attributes-100k"])
def test_e3_huge_text_siblings_and_attributes_are_bounded(tmp_path, shape, scorecard):
    before = {
        "text-node-10mb": "<div>" + "word " * 2_000_000 + "</div>",
        "siblings-1m": "<span>x</span>" * 1_000_000,
        "attributes-100k": "<div " + " ".join(f"a{i}='v'" for i in range(100_000)) + ">x</div>",
    }[shape]
    outcome = parse_guarded(tmp_path, page(before), scorecard, f"E3 {shape}", timeout=20)
    headline_or_incomplete(outcome)
    assert outcome["seconds"] <= 20


def store_and_read(tmp_path, article) -> dict:
    with Archive(tmp_path / "a.db") as archive:
        archive.store_article(article)
    conn = sqlite3.connect(tmp_path / "a.db")
    conn.row_factory = sqlite3.Row
    try:
        conn.text_factory = bytes  # the raw stored bytes, to prove they are valid UTF-8
        return dict(conn.execute("SELECT headline, byline, body, published FROM articles").fetchone())
    finally:
        conn.close()


def test_e4_stray_invalid_utf8_becomes_replacement_characters_and_stores(tmp_path, scorecard):
    """A UTF-8 page with a few broken bytes keeps its accents (one stray byte used to turn the whole
    page into windows-1252 mojibake); the strays become U+FFFD, and the text stores as valid UTF-8."""
    html = page(head="<meta charset='utf-8'>", headline="Café crème à la gare").encode()
    html = html.replace(b"Paragraph 3", b"Paragraph \xff\xc3(3")
    article = parse(html, URL, content_type="text/html; charset=utf-8")
    replaced = article.body.count("\ufffd")
    scorecard.note("replacement_chars", str(replaced))
    assert article.headline == "Café crème à la gare" and replaced == 2
    stored = store_and_read(tmp_path, article)
    stored["body"].decode("utf-8")  # strict: valid UTF-8 in the database


@pytest.mark.parametrize(
    "html, content_type",
    [
        (page(head="<meta charset='utf-8'>", headline="Café news").encode(), "text/html; charset=iso-8859-1"),
        (
            page(head="<meta charset='iso-8859-1'>", headline="Café news").encode("latin-1"),
            "text/html; charset=utf-8",
        ),
        (page(headline="Café news").encode(), "text/html; charset=utf-42"),
        (page(headline="Café news").encode("utf-16"), "text/html"),
        (b"\xef\xbb\xbf" + page(headline="Café news").encode(), "text/html; charset=iso-8859-1"),
        (b"\xef\xbb\xbf" + page(head="<meta charset='windows-1251'>", headline="Café news").encode(), None),
    ],
    ids=[
        "header-latin1-bytes-utf8",
        "header-utf8-bytes-latin1",
        "unknown-label",
        "utf16-bom-no-label",
        "utf8-bom-vs-header",
        "utf8-bom-vs-meta",
    ],
)
def test_e5_e6_conflicting_and_unknown_charsets_give_the_right_text(html, content_type):
    assert parse(html, URL, content_type=content_type).headline == "Café news"


def test_e7_nul_controls_and_surrogates_are_cleaned_before_storage(tmp_path):
    dirty = "Ferry\x00 time\x01table\x1b changes \ud800again\udfff"
    html = (
        page(headline=dirty).encode("utf-8", "surrogatepass").replace(b"Paragraph 2", b"Para\x00graph\x07 2")
    )
    article = parse(html, URL)
    stored = store_and_read(tmp_path, article)
    for value in (stored["headline"], stored["body"]):
        text = value.decode("utf-8")  # strict: no lone surrogates survived
        assert "\x00" not in text and not re.search(r"[\x01-\x08\x0b\x0c\x0e-\x1f]", text)
    assert stored["headline"].decode().replace(" ", "").startswith("Ferrytime")


@pytest.mark.parametrize(
    "head, before",
    [
        ("", ""),
        ("<meta name='author' content='" + "Ada Writer " * 1000 + "'>", ""),
        ("<meta property='article:published_time' content='2024-02-31T10:00:00Z'>", ""),
        ("<meta property='article:published_time' content='0001-01-01T00:00:00Z'>", ""),
        ("<meta property='article:published_time' content='2024-05-07T10:00:00+25:00'>", ""),
        (
            "<meta property='article:published_time' content='1e20'>",
            "<time datetime='99999-99-99'>later</time>",
        ),
        (
            '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"1e20",'
            '"author":{"name":"' + "x" * 10_000 + '"}}</script>',
            "",
        ),
    ],
    ids=["no-title", "byline-10k", "31-feb", "year-1", "offset-25h", "1e20", "jsonld-absurd"],
)
def test_e8_absurd_dates_and_bylines_become_null_or_clamped(tmp_path, head, before):
    html = page(before, head=head)
    if not head:
        html = html.replace(f"<title>{HEADLINE}</title>", "")
    article = parse(html, URL)
    assert article.headline == HEADLINE
    assert article.byline is None or len(article.byline) <= 1000
    if article.published is not None:
        year = int(article.published[:4])
        assert 1900 <= year <= 2100, article.published
    store_and_read(tmp_path, article)  # the article is still stored


def our_patterns() -> list[tuple[str, re.Pattern]]:
    """Every module-level compiled regex in parsers/ and scraper/ (the ReDoS surface)."""
    found = []
    for package in (parsers, scraper):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if info.name.endswith(("__main__", ".demo")):
                continue
            module = importlib.import_module(info.name)
            for name, value in vars(module).items():
                if isinstance(value, re.Pattern):
                    found.append((f"{info.name}.{name}", value))
    return found


def redos_inputs(size: int) -> list[str]:
    return [
        " " * size,
        "a" * size + "!",
        "By " * (size // 3),
        "1" * size,
        "<" * size,
        "-" * size + "x",
        "a" * (size // 2) + "@" + "a" * (size // 2),
        "\t\n" * (size // 2),
        "By a, b and " * (size // 12),
        "2024-" * (size // 5),
        ". " * (size // 2),
        "http://" + "a." * (size // 2),
    ]


def timed_search(pattern: re.Pattern, text: str) -> float:
    subject = text.encode("latin-1", "replace") if isinstance(pattern.pattern, bytes) else text
    started = time.perf_counter()
    pattern.search(subject)
    return time.perf_counter() - started


def test_e9_no_regex_of_ours_is_catastrophic_and_the_quadratic_ones_are_counted(scorecard):
    """Each pattern on 16 KiB and 64 KiB of hostile text. Fails on anything catastrophic (the byline
    splitter took minutes on 16 KiB of spaces before it was fixed): > 0.5 s on 64 KiB. Patterns that
    grow quadratically with a raw input (a leading \\s* under search()) are counted on the scorecard:
    their call sites collapse whitespace and cap the length (bylines, class names, <= 2 KiB URLs),
    which the megabyte test below checks through parse()."""
    patterns = our_patterns()
    assert len(patterns) >= 20  # the walk found the modules
    catastrophic, quadratic = [], set()
    for name, pattern in patterns:
        for index in range(len(redos_inputs(12))):
            small = timed_search(pattern, redos_inputs(2**14)[index])
            if small > 0.5:
                catastrophic.append((name, index, "16 KiB", round(small, 3)))
                continue
            big = timed_search(pattern, redos_inputs(2**16)[index])
            scorecard.worst("regex_ms_64k", big * 1000, name)
            if big > 0.5:
                catastrophic.append((name, index, "64 KiB", round(big, 3)))
            elif big > 0.002 and big > 10 * small:
                quadratic.add(name)
    scorecard.tried("E", len(patterns) * 12)
    scorecard.note("quadratic_regexes", f"{len(quadratic)} of {len(patterns)}")
    assert catastrophic == []


def test_e9_megabyte_class_attributes_and_bylines_cost_little(tmp_path, scorecard):
    """The call sites bound what the long alternations see: 8 elements with a 1 MiB class each, and a
    1 MiB byline of spaces and separators."""
    hostile = "".join(f"<div class='{' ' * 2**20}'>x</div>" for _ in range(8))
    hostile += "<p class='byline'>By " + " ,  and " * 2**17 + "</p>"
    outcome = parse_guarded(tmp_path, page(hostile), scorecard, "E9 megabyte attributes")
    assert outcome["headline"] == HEADLINE and outcome["seconds"] < 5


def test_e10_unclosed_script_and_duplicated_template_content(tmp_path):
    swallowed = page().replace("<article>", "<script>var x = 1;<article>")
    article = parse(swallowed, URL)
    assert article.headline in (HEADLINE, None) and "var x" not in (article.body or "")
    doubled = page().replace(
        "</article>", f"</article><template>{PARAGRAPHS}</template><noscript>{PARAGRAPHS}</noscript>"
    )
    article = parse(doubled, URL)
    assert article.headline == HEADLINE
    assert article.body.count("Paragraph 3:") == 1
