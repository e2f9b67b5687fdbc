"""`scraper serve`: Datasette with the shipped metadata, read-only; and a real headless Chromium."""
import asyncio
import dataclasses
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from parsers import parse
from scraper.archive import Archive
from tests.archive_builder import PARAGRAPHS, Page, build, filler_pages, sample_pages

datasette = pytest.importorskip("datasette", reason="Datasette is in the serve and test extras")

from scraper.serve import SETTINGS, metadata_for  # noqa: E402
from scraper.serve import build as build_datasette  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture
def db(tmp_path):
    return with_history(build(tmp_path / "news.db", sample_pages() + filler_pages(4)))


def with_history(path: Path) -> Path:
    with Archive(path) as archive:  # a headline change, and a site whose byline share collapsed
        page = sample_pages()[0]
        article = parse(page.html(), url=page.url)
        archive.store_article(dataclasses.replace(article, headline="Northern quay closed until May"))
        for byline in (0.9, 0.9, 0.1):
            run_id = archive.start_run({})
            archive.record_site_health(run_id, "www.velmora-times.example", 30,
                                       dict(headline=1, byline=byline, date=1, body=1))
    return path


def get(ds, path):
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, (path, response.text[:500])
    return response.json()


def test_metadata_follows_the_database_name_and_declares_facets(db):
    metadata = metadata_for(db)
    assert list(metadata["databases"]) == ["news"]
    articles = metadata["databases"]["news"]["tables"]["articles"]
    assert articles["fts_table"] == "articles_fts"
    assert articles["facets"] == ["site", "section", {"array": "authors"}, {"day": "published"}, "language",
                                  "is_paywalled"]
    assert set(metadata["databases"]["news"]["queries"]) == {
        "search_ranked", "recent_headline_changes", "articles_per_site_per_day", "site_health_drops"}
    dashboard = metadata["plugins"]["datasette-dashboards"]["archive"]
    parts = (*dashboard["charts"].values(), *dashboard["filters"].values())
    assert {part["db"] for part in parts} == {"news"}


def test_datasette_search_facets_and_canned_queries(db):
    ds = build_datasette(db)
    hits = get(ds, "/news/articles.json?_search=cafe&_shape=objects")["rows"]
    assert [h["url"] for h in hits] == ["https://www.velmora-times.example/news/cafe-reopens"]
    for typed in ("sea-wall", "authority's", "Velmora."):     # everyday words, not FTS5 syntax errors
        assert get(ds, f"/news/articles.json?_search={typed}&_shape=objects")["rows"], typed
    facets = get(ds, "/news/articles.json")["facet_results"]
    assert set(facets) == {"site", "section", "authors", "published", "language", "is_paywalled"}
    authors = {f["value"]: f["count"] for f in facets["authors"]["results"]}
    assert authors["Ana Kovač"] == 2
    days = [f["value"] for f in facets["published"]["results"]]
    assert days == sorted(days, reverse=True) and days[0] == "2026-03-03", "newest day first"
    changes = get(ds, "/news/recent_headline_changes.json?_shape=objects")["rows"]
    assert [(c["old_headline"], c["new_headline"]) for c in changes] == [
        ("Northern quay to close for repairs", "Northern quay closed until May")]
    drops = get(ds, "/news/site_health_drops.json?_shape=objects")["rows"]
    assert [(d["site"], d["dropped"]) for d in drops] == [("www.velmora-times.example", "byline")]
    assert get(ds, "/news/search_ranked.json?_shape=objects&q=sea-wall")["rows"], "everyday words here too"
    ranked = get(ds, "/news/search_ranked.json?_shape=objects&q=harbour")["rows"]
    assert [r["url"] for r in ranked][0] == "https://www.velmora-times.example/news/cafe-reopens"
    assert "[Harbour]" in ranked[0]["snippet"]
    assert get(ds, "/news/search_ranked.json?_shape=objects&q=")["rows"] == [], "an empty form is no error"
    per_day = get(ds, "/news/articles_per_site_per_day.json?_shape=objects")["rows"]
    assert sum(r["articles"] for r in per_day) == 7


def test_a_search_datasette_cannot_run_keeps_the_search_box(db):
    ds = build_datasette(db)
    response = asyncio.run(ds.client.get("/news/articles?_search=sea-wall&_sort=no_such_column"))
    assert response.status_code == 400
    assert 'name="_search" value="sea-wall"' in response.text and "could not be run" in response.text
    assert "Cannot sort table by no_such_column" in response.text
    raw = asyncio.run(ds.client.get("/news/articles.json?_search=x&_sort=no_such_column"))
    assert raw.json()["ok"] is False, "the JSON API keeps Datasette's own errors"


def test_the_raw_capture_is_served_sandboxed(db):
    ds = build_datasette(db)
    response = asyncio.run(ds.client.get(
        "/-/capture/news?url=https://www.velmora-times.example/news/cafe-reopens"))
    assert response.status_code == 200 and "<title>Harbour café reopens after storm</title>" in response.text
    assert response.headers["content-security-policy"].startswith("sandbox;")
    assert asyncio.run(ds.client.get("/-/capture/news?url=https://nowhere.example/")).status_code == 404


def test_datasette_is_read_only_and_never_immutable(db):
    ds = build_datasette(db)
    database = ds.get_database("news")
    assert database.is_mutable, "a live archive must not be opened immutable"
    assert ds.setting("sql_time_limit_ms") == SETTINGS["sql_time_limit_ms"]
    response = asyncio.run(ds.client.get("/news.json?sql=delete+from+articles"))
    assert response.status_code == 400
    assert get(ds, "/news.json?sql=select+count(*)+as+n+from+articles&_shape=objects")["rows"] == [{"n": 7}]


# ---------------------------------------------------------------------------------------- real browser

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


LONG_BODY = [f"Paragraph {n} of a long report on the harbour works, with every figure the council gave, "
             + "the berths, the costs and the timetable that the engineers proposed for the quay. " * 12
             for n in range(30)]
COVID = "https://www.velmora-times.example/news/covid-ward"


@pytest.fixture(scope="module")
def big_db(tmp_path_factory):
    """The sample archive, a page for everyday-word search, and 100 long articles with long headlines."""
    pages = sample_pages() + filler_pages(4) + [
        Page(COVID, "COVID-19 ward reopens at the harbour hospital",
             ["The COVID-19 ward at the harbour hospital reopened on Monday after the winter wave of cases.",
              "Nurses said the ward would take patients from the whole coast until the end of the spring."],
             ["Li Wen"], "2026-03-04T07:00:00+00:00", "Health")]
    pages += [Page(f"https://www.inland-courier.example/long/{n}",
                   f"Report {n}: " + "the council's long-awaited review of every berth and slipway " * 3,
                   LONG_BODY, [f"Author {k}" for k in range(6)], f"2026-01-{1 + n % 28:02d}T09:00:00+00:00")
              for n in range(100)]
    return with_history(build(tmp_path_factory.mktemp("browser") / "news.db", pages))


@pytest.fixture(scope="module")
def server(big_db):
    port = free_port()
    command = [sys.executable, "-m", "scraper", "serve", "--db", str(big_db), "--port", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                with urllib.request.urlopen(base + "/-/versions.json", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode()
                    raise AssertionError(f"scraper serve did not start: {output}") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0].decode()
    assert f"read-only at {base}/" in output and "Ctrl-C to stop" in output, output


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (make test installs it as root on Debian)")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra")
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def rows_text(page) -> str:
    return page.inner_text("table.rows-and-columns")


def submit_search(page, text: str) -> None:
    page.fill("input[name=_search]", text)
    page.locator("form.filters input[type=submit]").first.click()
    page.wait_for_load_state("load")


def test_in_headless_chromium_100_rows_of_long_articles_stay_readable(server, page):
    page.goto(server + "/news/articles?_size=100", wait_until="load")
    assert page.locator("table.rows-and-columns tbody tr").count() == 100
    heights = page.eval_on_selector_all("table.rows-and-columns tbody tr",
                                        "rows => rows.map(r => r.getBoundingClientRect().height)")
    assert max(heights) < 120, f"a row is {max(heights):.0f} px tall"
    assert page.evaluate("document.body.scrollHeight") < 100 * 120 + 2000
    columns = page.eval_on_selector_all("table.rows-and-columns thead th",
                                        "ths => ths.map(t => t.dataset.column)")
    assert columns[:2] == ["url", "headline"] and "body" not in columns and "provenance" not in columns


def test_in_headless_chromium_an_article_page_reads_like_the_article(server, page):
    page.goto(server + "/news/articles", wait_until="load")
    submit_search(page, "quay")
    page.locator("table.rows-and-columns td.col-url a",
                 has_text="https://www.velmora-times.example/news/quay-closure").first.click()
    page.wait_for_selector("article.archived")
    assert page.inner_text("article.archived h1") == "Northern quay closed until May"   # the latest version
    assert "By Ana Kovač" in page.inner_text("article.archived .byline")
    sources = page.inner_text("article.archived .provenance")
    assert re.search(r"\bheadline (json-ld|meta|html|text|url)\b", sources), sources
    assert [p.strip() for p in page.locator("article.archived .body p").all_inner_texts()] == PARAGRAPHS
    versions = page.locator("table.versions tbody tr").all_inner_texts()
    assert len(versions) == 2 and "headline" in versions[0] and "first seen" in versions[1]
    page.locator("a.capture").click()
    page.wait_for_load_state("load")
    assert page.title() == "Northern quay to close for repairs", "the raw capture, as it was fetched"


def test_in_headless_chromium_the_charts_render_with_data(server, page, big_db):
    page.goto(server + "/-/dashboards/archive", wait_until="load")
    bars = "#chart-articles-per-day svg g.mark-rect path"
    page.wait_for_selector(bars, timeout=30_000)
    conn = sqlite3.connect(big_db)
    [(expected,)] = conn.execute(   # the archive's latest 60 days
        "SELECT count(DISTINCT substr(published, 1, 10) || site) FROM articles"
        " WHERE published >= (SELECT date(max(published), '-60 days') FROM articles)").fetchall()
    conn.close()
    assert page.locator(bars).count() == expected, "one bar segment per site and day"
    page.wait_for_selector("#chart-outcomes-per-run svg g.mark-rect path", timeout=30_000)
    page.wait_for_selector("#chart-site-health svg g.mark-line path", timeout=30_000)


def test_in_headless_chromium_search_takes_everyday_words(server, page):
    page.goto(server + "/news/articles", wait_until="load")
    for typed, expected in (("COVID-19", ["COVID-19 ward reopens at the harbour hospital"]),
                            ('"sea wall"', ["Northern quay closed until May"])):
        submit_search(page, typed)
        headlines = page.locator("table.rows-and-columns td.col-headline").all_inner_texts()
        assert [h.strip() for h in headlines] == expected, typed
    submit_search(page, "*")
    assert "no word to search for" in page.inner_text(".message-error")
    assert page.locator("input[name=_search]").input_value() == "*", "the search box stays, with the query"
    page.goto(server + "/news/search_ranked?q=COVID-19", wait_until="load")
    assert "COVID-19 ward reopens" in rows_text(page)
    page.goto(server + "/news/articles", wait_until="load")
    page.locator(".facet-info[data-column=site] a", has_text="news.kestrel-daily.example").first.click()
    page.wait_for_url("**site=news.kestrel-daily.example**")
    assert "Summit ends without agreement" in rows_text(page)


def test_browser_prerequisites_are_provided_in_ci():
    """CI must run the browser test, not skip it: .ci/run installs Chromium, the test extra Playwright."""
    if os.environ.get("CI") != "true":
        pytest.skip("checked in CI only")
    assert shutil.which("chromium") and Path(CHROMIUM).exists()
    import playwright.sync_api  # noqa: F401
