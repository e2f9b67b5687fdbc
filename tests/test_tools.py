"""The archive tools: search, export, history, stats, reparse, import-warc (CLI and functions)."""
import csv
import dataclasses
import gzip
import io
import json
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from io import BytesIO

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from parsers import parse
from scraper.archive import Archive, connect_readonly
from scraper.cli import cli
from scraper.query import Filters, QueryError, fts_query, search
from scraper.reprocess import import_warc, reparse
from scraper.urls import site_scope
from scraper.warc import WarcWriter, warc_directory
from tests.archive_builder import PARAGRAPHS, Page, build, capture, filler_pages, sample_pages
from tests.conftest import ROOT

QUAY = "https://www.velmora-times.example/news/quay-closure"
CAFE = "https://www.velmora-times.example/news/cafe-reopens"
SUMMIT = "https://news.kestrel-daily.example/world/summit"


@pytest.fixture
def db(tmp_path):
    return build(tmp_path / "archive.db", sample_pages())


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def table_counts(db):
    conn = sqlite3.connect(db)
    try:
        return [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "versions", "fetches", "runs")]
    finally:
        conn.close()


# ---------------------------------------------------------------------------------------- search

def test_search_ranks_headline_matches_first_and_folds_diacritics(tmp_path):
    conn = connect_readonly(build(tmp_path / "archive.db", sample_pages() + filler_pages(6)))
    hits = search(conn, "harbour")
    assert [h["url"] for h in hits][0] == CAFE, "the headline match outranks body mentions"
    assert {h["url"] for h in hits} == {QUAY, CAFE, SUMMIT}
    assert [h["url"] for h in search(conn, "cafe")] == [CAFE]
    assert "[café]" in search(conn, "cafe")[0]["snippet"].lower()
    assert [h["url"] for h in search(conn, '"northern quay"')] == [QUAY]
    assert [h["url"] for h in search(conn, "quot*")] == [SUMMIT]
    assert [h["url"] for h in search(conn, "headline: harbour")] == [CAFE]


def test_search_filters_are_bound_parameters(db):
    conn = connect_readonly(db)
    assert {h["url"] for h in search(conn, "harbour", Filters(site="news.kestrel-daily.example"))} == {SUMMIT}
    assert {h["url"] for h in search(conn, "harbour", Filters(since="2026-03-02"))} == {CAFE, SUMMIT}
    assert {h["url"] for h in search(conn, "harbour", Filters(until="2026-03-02"))} == {QUAY, CAFE}
    for author in ("Kovač", "kovac", "KOVAČ", "ana kovac"):         # folded as full-text search folds
        assert {h["url"] for h in search(conn, "harbour", Filters(author=author))} == {QUAY, SUMMIT}
    assert {h["url"] for h in search(conn, "harbour", Filters(author="tomas"))} == {CAFE}
    assert search(conn, "harbour", Filters(author="%_")) == [], "wildcards in a name are literal"
    assert [h["url"] for h in search(conn, "harbour", sort="oldest")] == [QUAY, CAFE, SUMMIT]
    assert len(search(conn, "harbour", limit=1)) == 1
    with pytest.raises(QueryError):
        search(conn, "harbour", Filters(since="last week"))
    with pytest.raises(QueryError):
        search(conn, "harbour", sort="title; DROP TABLE articles")


def test_search_takes_what_people_type(tmp_path):
    pages = filler_pages(4) + [
        Page("https://www.example.com/a", "COVID-19 cases fall in the U.S.",
             ["Officials said the e-mail arrived on 4.5 million phones.",
              "Doctors don't expect a new wave."]),
        Page("https://www.example.com/b", "Covid 19 ward reopens",
             ["The ward closed in the spring; the sea wall held through the storms of the winter.",
              "Visitors are asked to e-mail the hospital ahead of their visit to the ward."]),
        Page("https://www.example.com/c", "Mail and sea",
             ["Nineteen wards; a wall by the sea, and mail for 4 or 5 people. Don and T wrote."])]
    conn = connect_readonly(build(tmp_path / "archive.db", pages))
    found = {q: sorted(h["url"].rsplit("/", 1)[1] for h in search(conn, q))
             for q in ("COVID-19", "U.S.", "e-mail", "4.5", "don't", '"sea wall"', "sea wall",
                       "covid* AND ward", "headline: covid", "NEAR(sea wall, 2)", "mail NOT e-mail",
                       "(ward OR phones) 19")}
    assert found == {"COVID-19": ["a", "b"], "U.S.": ["a"], "e-mail": ["a", "b"], "4.5": ["a"],
                     "don't": ["a"], '"sea wall"': ["b"], "sea wall": ["b", "c"], "covid* AND ward": ["b"],
                     "headline: covid": ["a", "b"], "NEAR(sea wall, 2)": ["b", "c"], "mail NOT e-mail": ["c"],
                     "(ward OR phones) 19": ["a", "b"]}
    for nothing in ("*", '"', "()", "%_ -"):
        with pytest.raises(QueryError, match='put words with punctuation in quotes too: "COVID-19"'):
            search(conn, nothing)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(list('ab19 "()*:-.\',^+é') + [" AND ", " OR ", " NOT ", "NEAR", "headline",
                                                                 "body:", " "]), max_size=25).map("".join))
def test_anything_typed_becomes_a_query_fts5_accepts(text):
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(headline, byline, body,"
                 " tokenize='unicode61 remove_diacritics 2')")
    conn.execute("INSERT INTO t VALUES ('a b', 'x', 'a 19 b é')")
    query = fts_query(text)
    if query:
        conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", (query,)).fetchone()


@pytest.mark.parametrize("query", ["'; DROP TABLE articles;--", '"', "NEAR(", "*", "a OR", "%_",
                                   "harbour " * 1300, "nosuchcolumn: x", "a AND AND b", ")"])
def test_hostile_queries_give_a_clear_error_or_results_never_a_traceback(db, query):
    before = table_counts(db)
    result = run("search", query, "--db", db)
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        message = result.output.strip().splitlines()
        assert len(message) == 1 and message[0].startswith("scraper: ") and "query" in message[0]
    assert table_counts(db) == before


def test_search_rejects_a_sort_column_outside_the_whitelist(db):
    result = run("search", "harbour", "--db", db, "--sort", "title; DROP")
    assert result.exit_code == 2 and "Invalid value" in result.output


def test_search_formats(db):
    as_json = json.loads(run("search", "harbour", "--db", db, "--format", "json").stdout)
    assert as_json == search(connect_readonly(db), "harbour")
    assert {h["url"] for h in as_json} == {QUAY, CAFE, SUMMIT} and set(as_json[0]) >= {"snippet", "score"}
    rows = list(csv.DictReader(io.StringIO(run("search", "harbour", "--db", db, "--format", "csv").stdout)))
    assert [r["url"] for r in rows] == [h["url"] for h in as_json]
    table = run("search", "harbour", "--db", db, "--limit", "2").stdout
    assert "Harbour café reopens after storm" in table and CAFE in table and "[Harbour]" in table
    assert run("search", "harbour", "--db", db.with_name("missing.db")).exit_code == 3


def test_search_time_limit(tmp_path, monkeypatch):
    conn = connect_readonly(build(tmp_path / "archive.db", filler_pages(20)))
    from scraper import query
    monkeypatch.setattr(query, "PROGRESS_STEPS", 10)  # a tiny archive needs few steps
    from scraper.query import QueryTimeout
    with pytest.raises(QueryTimeout):
        search(conn, "residents OR spokesperson", time_limit=-1)
    assert len(search(conn, "residents OR spokesperson")) == 20


# ---------------------------------------------------------------------------------------- export

def test_export_jsonl_and_csv_with_filters(db, tmp_path):
    out = tmp_path / "out.jsonl"
    result = run("export", "--db", db, "--output", out)
    assert result.exit_code == 0 and "exported 3 articles" in result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert {r["url"] for r in records} == {QUAY, CAFE, SUMMIT}
    summit = next(r for r in records if r["url"] == SUMMIT)
    assert summit["authors"] == ["Ana Kovač", "Li Wen"] and summit["is_paywalled"] is False
    assert summit["version_count"] == 1 and summit["word_count"] > 20
    assert not list(tmp_path.glob("*.partial"))
    stdout = run("export", "--db", db, "--format", "csv", "--site", "www.velmora-times.example").stdout
    rows = list(csv.DictReader(io.StringIO(stdout)))
    assert {r["url"] for r in rows} == {QUAY, CAFE}
    assert json.loads(rows[0]["authors"]) in (["Ana Kovač"], ["Tomás Ferreira"])
    stdout = run("export", "--db", db, "--since", "2026-03-02", "--until", "2026-03-02").stdout
    assert [json.loads(line)["url"] for line in stdout.splitlines()] == [CAFE]


def test_export_query_exports_every_match_with_the_search_filters(tmp_path, monkeypatch):
    from scraper import query
    db = build(tmp_path / "archive.db", sample_pages() + filler_pages(6))
    monkeypatch.setattr(query, "MAX_ROWS", 2)      # search's cap; export has none
    assert len(search(connect_readonly(db), "harbour", limit=50)) == 2
    lines = run("export", "--db", db, "--query", "harbour").stdout.splitlines()
    assert {json.loads(line)["url"] for line in lines} == {QUAY, CAFE, SUMMIT}
    lines = run("export", "--db", db, "-q", '"sea wall" OR quotas', "--author", "KOVAC").stdout.splitlines()
    assert {json.loads(line)["url"] for line in lines} == {QUAY, SUMMIT}
    lines = run("export", "--db", db, "-q", "harbour", "--site", "www.velmora-times.example",
                "--since", "2026-03-02").stdout.splitlines()
    assert [json.loads(line)["url"] for line in lines] == [CAFE]
    nothing = run("export", "--db", db, "-q", "*", "-o", tmp_path / "x.jsonl")
    assert nothing.exit_code == 2 and "no word to search for" in nothing.stderr
    assert not list(tmp_path.glob("x.jsonl*"))


def test_export_into_a_missing_directory_is_one_line(db, tmp_path):
    result = run("export", "--db", db, "-o", tmp_path / "no" / "such" / "out.jsonl")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.strip().count("\n") == 0 and "no directory" in result.stderr


def test_export_parquet(db, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "out.parquet"
    assert run("export", "--db", db, "--format", "parquet", "-o", out).exit_code == 0
    table = pq.read_table(out)
    assert table.num_rows == 3
    assert str(table.schema.field("published").type) == "timestamp[us, tz=UTC]"
    assert str(table.schema.field("first_seen").type) == "timestamp[us, tz=UTC]"
    rows = {r["url"]: r for r in table.to_pylist()}
    assert rows[SUMMIT]["published"] == datetime(2026, 3, 3, 15, 30, tzinfo=UTC)
    assert rows[SUMMIT]["authors"] == ["Ana Kovač", "Li Wen"]
    assert rows[SUMMIT]["site"] == "news.kestrel-daily.example"
    assert run("export", "--db", db, "--format", "parquet").exit_code == 2, "parquet needs a file"


def test_export_streams_in_batches(tmp_path):
    """Rows come from the cursor `batch` at a time: the first arrives before the rest are read."""
    from scraper.query import article_rows
    db = tmp_path / "big.db"
    with Archive(db) as archive:
        base = parse(sample_pages()[0].html(), url=QUAY)
        for n in range(30):
            archive.store_article(dataclasses.replace(base, canonical_url=f"{QUAY}/{n}"))
    conn = connect_readonly(db)
    fetched = []
    conn.set_trace_callback(fetched.append)
    rows = article_rows(conn, batch=4)
    first = next(rows)
    assert first["url"].startswith(QUAY) and len(fetched) == 1
    assert sum(1 for _ in rows) == 29


# ---------------------------------------------------------------------------------------- history

def test_history_shows_field_level_diffs(db):
    page = sample_pages()[0]
    with Archive(db) as archive, WarcWriter(warc_directory(db)) as writer:
        capture(archive, writer, page, "2026-03-01T12:00:00+00:00")  # unchanged: no version
        edited = dataclasses.replace(page, headline="Northern quay to close until May",
                                     paragraphs=PARAGRAPHS[:2] + ["The repairs will take eight weeks."] +
                                     PARAGRAPHS[3:])
        capture(archive, writer, edited, "2026-03-01T14:00:00+00:00")
    result = run("history", QUAY, "--db", db, "--format", "json")
    versions = json.loads(result.stdout)["versions"]
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[0]["fields"]["headline"] == "Northern quay to close for repairs"
    changes = versions[1]["changes"]
    assert changes["headline"] == {"old": "Northern quay to close for repairs",
                                   "new": "Northern quay to close until May"}
    diff = changes["body"]["diff"]
    assert f"-{PARAGRAPHS[2]}" in diff and "+The repairs will take eight weeks." in diff
    assert set(changes) == {"headline", "body"}
    text = run("history", QUAY, "--db", db).stdout
    assert "version 2  2026-03-01T14:00:00+00:00" in text and "changed: headline, body" in text
    assert run("history", "https://nowhere.example/x", "--db", db).exit_code == 1


def test_history_finds_an_article_by_the_url_it_was_fetched_at(db):
    with Archive(db) as archive, WarcWriter(warc_directory(db)) as writer:
        tracked = dataclasses.replace(sample_pages()[1])
        body = tracked.html()
        from scraper.archive import FetchRecord
        archive.record(FetchRecord(url=CAFE + "?utm_source=feed", outcome="ok", status=200),
                       article=parse(body, url=CAFE + "?utm_source=feed"))
        del writer
    result = run("history", CAFE + "?utm_source=feed", "--db", db, "--format", "json")
    assert json.loads(result.stdout)["url"] == CAFE


def test_history_canonicalises_the_url_as_the_crawler_does(db):
    pasted = (QUAY.replace("www.velmora-times.example", "WWW.Velmora-Times.example")
              + "?utm_medium=social&fbclid=x#top")
    result = run("history", pasted, "--db", db, "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["url"] == QUAY
    assert run("history", "https://www.velmora-times.example/news/nothing", "--db", db).exit_code == 1


# ---------------------------------------------------------------------------------------- stats

def test_stats_flags_a_sharp_drop_in_byline_share(db):
    with Archive(db) as archive:
        usual = dict(headline=1, byline=0.9, date=1, body=1)
        for _ in range(4):
            run_id = archive.start_run({})
            archive.record_site_health(run_id, "steady.example", 20, usual)
            archive.record_site_health(run_id, "redesigned.example", 20, usual)
        run_id = archive.start_run({})
        archive.record_site_health(run_id, "steady.example", 20, {**usual, "byline": 0.85})
        archive.record_site_health(run_id, "redesigned.example", 20, {**usual, "byline": 0.2, "date": 0.5})
        archive.record_site_health(run_id, "tiny.example", 2, dict(headline=0, byline=0, date=0, body=0))
    report = json.loads(run("stats", "--db", db, "--format", "json").stdout)
    health = {row["site"]: row for row in report["site_health"]}
    assert health["redesigned.example"]["dropped"] == "byline date"
    assert health["steady.example"]["dropped"] == "" and health["tiny.example"]["dropped"] == ""
    assert health["redesigned.example"]["byline_before"] == 0.9
    assert health["redesigned.example"]["previous_runs"] == 4
    assert report["totals"] == {"articles": 3, "versions": 3, "fetches": 3, "sites": 2}
    assert {(r["day"], r["site"], r["articles"]) for r in report["articles_per_day"]} == {
        ("2026-03-01", "www.velmora-times.example", 1), ("2026-03-02", "www.velmora-times.example", 1),
        ("2026-03-03", "news.kestrel-daily.example", 1)}
    assert report["outcomes"] == [{"outcome": "ok", "kind": "article", "fetches": 3, "last_run": 0}]
    text = run("stats", "--db", db).stdout
    assert "redesigned.example" in text and "DROPPED: byline date" in text
    assert text.count("DROPPED") == 1


# ---------------------------------------------------------------------------------------- reparse

def degrade(db, url):
    """What an older, buggier parser stored: the same page without its byline."""
    with Archive(db) as archive:
        page = next(p for p in sample_pages() if p.url == url)
        article = parse(page.html(), url=url)
        archive.store_article(dataclasses.replace(article, byline=None, authors=[]),
                              fetched_at="2026-03-01T10:00:00+00:00")


@pytest.mark.parametrize("jobs", [1, 2])
def test_reparse_adds_versions_only_where_the_output_changed(db, jobs):
    degrade(db, SUMMIT)
    before = table_counts(db)
    counts = reparse(db, jobs=jobs)
    assert counts == {"updated": 1, "unchanged": 2}
    after = table_counts(db)
    assert after[1] == before[1] + 1 and after[2] == before[2], "one version; no fetch is invented"
    conn = connect_readonly(db)
    row = conn.execute("SELECT authors, version_count FROM articles WHERE url = ?", (SUMMIT,)).fetchone()
    assert row == ('["Ana Kovač", "Li Wen"]', 3)
    assert conn.execute("SELECT changed_fields FROM versions WHERE url = ? AND version = 3",
                        (SUMMIT,)).fetchone() == ('["byline", "authors"]',)
    assert reparse(db, jobs=jobs) == {"unchanged": 3}, "a second pass changes nothing"


def test_reparse_filters_and_cli(db):
    degrade(db, SUMMIT)
    degrade(db, QUAY)
    assert reparse(db, site="www.velmora-times.example") == {"updated": 1, "unchanged": 1}
    assert reparse(db, since="2099-01-01") == {}
    result = run("reparse", "--db", db, "--jobs", "1")
    assert result.exit_code == 0 and result.stdout.strip() == "reparse: 1 updated, 2 unchanged"
    assert run("reparse", "--db", db, "--since", "yesterday").exit_code == 2
    assert run("reparse", "--db", db.with_name("none.db")).exit_code == 3


def test_reparse_in_worker_processes_from_the_command_line(db):
    """Workers start from a fresh interpreter (forkserver): the command must work as users run it."""
    degrade(db, CAFE)
    result = subprocess.run([sys.executable, "-m", "scraper", "reparse", "--db", str(db), "--jobs", "2"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout.strip()) == (0, "reparse: 1 updated, 2 unchanged"), result.stderr


def test_reparse_skips_revisits_and_survives_missing_captures(db):
    with Archive(db) as archive, WarcWriter(warc_directory(db)) as writer:
        page = sample_pages()[2]
        first = archive.conn.execute("SELECT warc_file, warc_offset, warc_length FROM fetches WHERE url = ?",
                                     (SUMMIT,)).fetchone()
        from scraper.archive import FetchRecord
        from scraper.warc import RawResponse, WarcRef
        revisit = writer.write_revisit(RawResponse(url=SUMMIT, status=200, body=page.html(),
                                                   started_at="2026-03-05T00:00:00Z"), WarcRef(*first))
        archive.record(FetchRecord(url=SUMMIT, outcome="ok", status=200, warc_file=revisit.file,
                                   warc_offset=revisit.offset, warc_length=revisit.length),
                       article=parse(page.html(), url=SUMMIT))
    degrade(db, SUMMIT)
    (warc_directory(db) / first[0]).rename(warc_directory(db) / "moved.warc.gz")
    degrade(db, QUAY)
    counts = reparse(db)
    assert counts["unreadable_capture"] == 3, "all three pages lived in the moved file"
    (warc_directory(db) / "moved.warc.gz").rename(warc_directory(db) / first[0])
    assert reparse(db) == {"updated": 2, "unchanged": 1}


# ---------------------------------------------------------------------------------------- import-warc

def foreign_collection(path, pages, *, torn=False):
    """A WARC/1.0 file as a browser-based crawler would write it: gzip on the wire, a page resource
    record, a screenshot, DNS, and (torn) a last record cut off."""
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True, warc_version="1.0")
        for page in pages:
            payload = gzip.compress(page.html())
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=UTF-8"),
                                               ("Content-Encoding", "gzip"),
                                               ("Content-Length", str(len(payload)))], protocol="HTTP/1.1")
            dated = {"WARC-Date": "2025-12-24T18:00:00Z"}
            writer.write_record(writer.create_warc_record(page.url, "response", payload=BytesIO(payload),
                                                          length=len(payload), http_headers=http,
                                                          warc_headers_dict=dated))
        png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
        writer.write_record(writer.create_warc_record("urn:view:screenshot", "resource", payload=BytesIO(png),
                                                      length=len(png), warc_content_type="image/png"))
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/jpeg")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://cdn.example/a.jpg", "response", length=2,
                                                      payload=BytesIO(b"\xff\xd8"), http_headers=image))
    if torn:
        data = path.read_bytes()
        path.write_bytes(data + data[:200])


def test_import_warc_archives_foreign_html_responses(tmp_path):
    pages = sample_pages()
    source = tmp_path / "collection.warc.gz"
    foreign_collection(source, pages, torn=True)
    db = tmp_path / "archive.db"
    result = run("import-warc", source, "--db", db)
    assert result.exit_code == 1, "a torn file is reported"
    assert "3 new" in result.stdout and "2 other" in result.stdout and "1 torn" in result.stdout
    assert "Traceback" not in result.output
    conn = connect_readonly(db)
    row = conn.execute("SELECT count(*), min(first_seen), min(kind) FROM articles JOIN fetches"
                       " ON fetches.article_url = articles.url").fetchone()
    assert row == (3, "2025-12-24T18:00:00+00:00", "import")
    assert conn.execute("SELECT count(*) FROM articles a JOIN fetches f ON f.article_url = a.url"
                        " WHERE a.site IS NOT f.site OR a.site IS NULL").fetchone() == (0,)
    assert [h["url"] for h in search(conn, "cafe")] == [CAFE]
    again = run("import-warc", source, "--db", db)
    assert "3 already imported" in again.stdout
    assert table_counts(db)[:3] == [3, 3, 3]
    degrade(db, CAFE)
    assert reparse(db) == {"updated": 1, "unchanged": 2}, "imported captures are reparsed from our own copies"


def test_an_imported_page_a_crawl_knows_takes_that_sites_name(tmp_path):
    pages = sample_pages()
    source = tmp_path / "collection.warc.gz"
    foreign_collection(source, pages)
    db = tmp_path / "archive.db"
    with Archive(db) as archive:
        archive.add_urls([{"url": pages[0].url, "site": "velmora"}])
    import_warc(db, [source])
    conn = connect_readonly(db)
    names = dict(conn.execute("SELECT url, site FROM articles"))
    assert names[pages[0].url] == "velmora"
    assert all(names[page.url] == site_scope(page.url) for page in pages[1:])


def test_import_warc_rejects_what_is_not_a_warc_without_a_traceback(tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("just some notes\n" * 100)
    result = run("import-warc", junk, tmp_path / "absent.warc.gz", "--db", tmp_path / "a.db")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "1 unreadable file" in result.stdout


# ---------------------------------------------------------------------------------------- help

@pytest.mark.parametrize("command", ["reparse", "import-warc", "search", "export", "history", "stats",
                                     "serve"])
def test_every_command_has_help(command):
    result = run(command, "--help")
    assert result.exit_code == 0 and "Usage:" in result.stdout and len(result.stdout.splitlines()) > 4


def test_exporting_nothing_still_writes_a_valid_file(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    db = tmp_path / "empty.db"
    Archive(db).close()
    out = tmp_path / "none.parquet"
    assert run("export", "--db", db, "--format", "parquet", "-o", out).exit_code == 0
    table = pq.read_table(out)
    assert table.num_rows == 0 and "headline" in table.column_names
    header = run("export", "--db", db, "--format", "csv").stdout.splitlines()
    assert header[0].startswith("url,site,headline") and len(header) == 1
