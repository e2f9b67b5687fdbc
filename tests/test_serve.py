"""`scraper serve`: Datasette with the shipped metadata, read-only; and a real headless Chromium."""
import asyncio
import dataclasses
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from parsers import parse
from scraper.archive import Archive
from tests.archive_builder import build, filler_pages, sample_pages

datasette = pytest.importorskip("datasette", reason="Datasette is in the serve and test extras")

from scraper.serve import SETTINGS, metadata_for  # noqa: E402
from scraper.serve import build as build_datasette  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture
def db(tmp_path):
    path = build(tmp_path / "news.db", sample_pages() + filler_pages(4))
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
    assert articles["facets"] == ["site", "section", {"array": "authors"}, {"date": "published"}]
    assert set(metadata["databases"]["news"]["queries"]) == {
        "search_ranked", "recent_headline_changes", "articles_per_site_per_day", "site_health_drops"}


def test_datasette_search_facets_and_canned_queries(db):
    ds = build_datasette(db)
    hits = get(ds, "/news/articles.json?_search=cafe&_shape=objects")["rows"]
    assert [h["url"] for h in hits] == ["https://www.velmora-times.example/news/cafe-reopens"]
    facets = get(ds, "/news/articles.json")["facet_results"]
    assert set(facets) == {"site", "section", "authors", "published"}
    authors = {f["value"]: f["count"] for f in facets["authors"]["results"]}
    assert authors["Ana Kovač"] == 2
    changes = get(ds, "/news/recent_headline_changes.json?_shape=objects")["rows"]
    assert [(c["old_headline"], c["new_headline"]) for c in changes] == [
        ("Northern quay to close for repairs", "Northern quay closed until May")]
    drops = get(ds, "/news/site_health_drops.json?_shape=objects")["rows"]
    assert [(d["site"], d["dropped"]) for d in drops] == [("www.velmora-times.example", "byline")]
    ranked = get(ds, "/news/search_ranked.json?_shape=objects&q=harbour")["rows"]
    assert [r["url"] for r in ranked][0] == "https://www.velmora-times.example/news/cafe-reopens"
    assert "[Harbour]" in ranked[0]["snippet"]
    assert get(ds, "/news/search_ranked.json?_shape=objects&q=")["rows"] == [], "an empty form is no error"
    per_day = get(ds, "/news/articles_per_site_per_day.json?_shape=objects")["rows"]
    assert sum(r["articles"] for r in per_day) == 7


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


@pytest.fixture
def server(db):
    port = free_port()
    command = [sys.executable, "-m", "scraper", "serve", "--db", str(db), "--port", str(port)]
    process = subprocess.Popen(command,
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
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
        process.wait(timeout=10)
        process.stdout.close()


def test_in_headless_chromium_table_search_and_facet(server):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(server + "/news/articles", wait_until="load")
            assert "7 rows" in page.inner_text("h3")
            assert page.locator("table.rows-and-columns tbody tr").count() == 7

            page.fill("input[name=_search]", "harbour")
            page.locator("form.filters input[type=submit]").first.click()
            page.wait_for_url("**_search=harbour**")
            assert "3 rows" in page.inner_text("h3")
            assert "Harbour café reopens after storm" in page.inner_text("table.rows-and-columns")

            facet = page.locator(".facet-info[data-column=site] a", has_text="news.kestrel-daily.example")
            facet.first.click()
            page.wait_for_url("**site=news.kestrel-daily.example**")
            assert "1 row" in page.inner_text("h3")
            assert "Summit ends without agreement" in page.inner_text("table.rows-and-columns")
        finally:
            browser.close()


def test_browser_prerequisites_are_provided_in_ci():
    """CI must run the browser test, not skip it: .ci/run installs Chromium, the test extra Playwright."""
    if os.environ.get("CI") != "true":
        pytest.skip("checked in CI only")
    assert shutil.which("chromium") and Path(CHROMIUM).exists()
    import playwright.sync_api  # noqa: F401
