"""The crawl loop end to end, in process, against loopback servers started here (no internet):
the demo site (feeds, sitemaps, ETags) and the fault server (robots rules, traps, 429, slow pages)."""
from __future__ import annotations

import asyncio
import io
import json
import sqlite3
import time
from datetime import UTC

import pytest

from scraper.archive import Archive
from scraper.config import Site
from scraper.crawl import Crawl, Options, Progress, next_visit
from scraper.demo import serve
from tests.harness.fixtures import network_jail  # noqa: F401
from tests.harness.server import FaultServer, drip, page, redirect, sequence, status

STORY = ("<html><head><title>{t}</title></head><body><article><h1>{t}</h1><p class='byline'>By Ada Writer</p>"
         "<time datetime='2024-05-07T09:00:00Z'>7 May 2024</time>"
         + "<p>" + "Council members met on Tuesday to argue about the ferry timetable again. " * 8 + "</p>"
         "<p>" + "Residents asked for more evening crossings and a cheaper monthly pass for students. " * 8
         + "</p></article></body></html>")


def story(title: str) -> bytes:
    return STORY.format(t=title).encode()


@pytest.fixture(autouse=True)
def _jail(network_jail):  # noqa: F811
    return network_jail


@pytest.fixture
def demo_site():
    [server] = serve(["127.0.0.1"], 0, 12)
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def fault():
    server = FaultServer().start()
    yield server
    server.stop()


def run_crawl(tmp_path, sites, *, warc_dir=None, **options) -> tuple[int, Crawl]:
    with Archive(tmp_path / "archive.db") as archive:
        crawl = Crawl(archive, sites, Options(**{"delay": 0, **options}),
                      warc_dir=warc_dir or tmp_path / "archive-warc",
                      progress=Progress(False, io.StringIO()))
        code = asyncio.run(crawl.run())
    return code, crawl


def query(tmp_path, sql, *args):
    conn = sqlite3.connect(tmp_path / "archive.db")
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def origin(server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


def test_demo_site_end_to_end_then_an_unchanged_refresh_is_all_304(tmp_path, demo_site):
    site = Site(name="demo", seeds=(origin(demo_site) + "/",))
    code, crawl = run_crawl(tmp_path, [site])
    stats = crawl.stats["demo"]
    assert code == 0
    assert (stats.new, stats.robots) == (12, 1)       # /private/ is disallowed by robots.txt
    assert query(tmp_path, "SELECT COUNT(*) FROM articles")[0][0] == 12
    [(headline, byline, published)] = query(tmp_path, "SELECT headline, byline, published FROM articles"
                                                      " LIMIT 1")
    assert headline and byline and published
    # raw capture: every stored article's fetch points into a WARC file
    refs = query(tmp_path, "SELECT warc_file, warc_offset, warc_length FROM fetches"
                           " WHERE article_url IS NOT NULL")
    assert len(refs) == 12 and all(f and o is not None and n for f, o, n in refs)
    # and so is every other answer: robots.txt, feeds, sitemaps, the homepage, the robots-blocked page none
    assert query(tmp_path, "SELECT COUNT(*) FROM fetches WHERE status IS NOT NULL AND warc_file IS NULL") == [
        (0,)]
    assert (tmp_path / "archive-warc" / refs[0][0]).exists()
    assert query(tmp_path, "SELECT pages, headline_share FROM site_health") == [(12, 1.0)]
    # one site name in every table: the one the crawl was given
    for table in ("articles", "versions", "fetches", "urls", "site_health"):
        assert query(tmp_path, f"SELECT DISTINCT site FROM {table}") == [("demo",)], table
    assert list(json.loads(query(tmp_path, "SELECT totals FROM runs")[0][0])) == ["demo"]
    # the robots.txt `Sitemap:` line, the <link rel=alternate> feed and the news sitemap were all found
    kinds = dict(query(tmp_path, "SELECT kind, COUNT(*) FROM fetches GROUP BY kind"))
    assert kinds["feed"] >= 1 and kinds["sitemap"] >= 2 and kinds["robots"] == 1

    code, crawl = run_crawl(tmp_path, [site], refresh=True)
    stats = crawl.stats["demo"]
    assert code == 0 and stats.unchanged == 12 and stats.new == stats.updated == 0
    run2 = query(tmp_path, "SELECT outcome, COUNT(*) FROM fetches WHERE run_id = 2 AND kind = 'article'"
                           " GROUP BY outcome")
    assert dict(run2) == {"not_modified": 12, "blocked:robots": 1}
    assert query(tmp_path, "SELECT COUNT(*), SUM(version_count) FROM articles") == [(12, 12)]


def test_an_edited_article_becomes_a_new_version(tmp_path, demo_site):
    site = Site(name="demo", seeds=(origin(demo_site) + "/",))
    run_crawl(tmp_path, [site])
    pages = demo_site.RequestHandlerClass.site.pages
    path = demo_site.RequestHandlerClass.site.stories[0].path
    body, content_type, modified = pages[path]
    pages[path] = (body.replace(b"<h1>", b"<h1>Updated: "), content_type, modified)
    code, crawl = run_crawl(tmp_path, [site], refresh=True)
    assert (crawl.stats["demo"].updated, crawl.stats["demo"].unchanged) == (1, 11)
    assert query(tmp_path, "SELECT COUNT(*) FROM versions") == [(13,)]


def test_nothing_is_due_on_an_immediate_second_run(tmp_path, demo_site):
    site = Site(name="demo", feeds=(origin(demo_site) + "/feed.xml",))
    run_crawl(tmp_path, [site])
    code, crawl = run_crawl(tmp_path, [site])
    assert code == 0 and crawl.stats["demo"].fetched == 0
    # the feed itself was asked for conditionally and answered 304; robots.txt is read every run
    assert query(tmp_path, "SELECT kind, outcome FROM fetches WHERE run_id = 2 ORDER BY kind") == [
        ("feed", "not_modified"), ("robots", "ok")]


def test_robots_disallow_is_obeyed(tmp_path, fault):
    fault.route("/robots.txt", page(b"User-agent: *\nDisallow: /news/\n", content_type="text/plain"))
    links = "".join(f'<a href="/news/2024/05/story-number-{i}-here">s</a>' for i in range(3))
    links += "<a href='/world/2024/05/open-story-here'>o</a>"
    fault.route("/", page(f"<html><body>{links}</body></html>".encode()))
    fault.route("/world/2024/05/open-story-here", page(story("Open story")))
    code, crawl = run_crawl(tmp_path, [Site(name="s", seeds=(fault.url("/"),), deny=("/about",),
                                            feeds=(fault.url("/"),))])
    assert crawl.stats["s"].robots == 3 and crawl.stats["s"].new == 1
    assert not [e for e in fault.requests() if e.path.startswith("/news/")]


def test_session_ids_tracking_and_one_body_under_many_urls_make_one_article(tmp_path, fault):
    variants = ["/story/harbour-bridge-reopens-today?utm_source=a",
                "/story/harbour-bridge-reopens-today;jsessionid=AB12",
                "/story/harbour-bridge-reopens-today?sid=0123456789abcdef0123456789abcdef"]
    mirrors = [f"/mirror/{i}/harbour-bridge-reopens-copy" for i in range(50)]
    links = "".join(f'<a href="{u}">x</a>' for u in variants + mirrors)
    fault.route("/", page(f"<html><body>{links}</body></html>".encode()))
    fault.route("/story/harbour-bridge-reopens-today", page(story("Harbour bridge reopens")))
    for path in mirrors:
        fault.route(path, page(story("Harbour bridge reopens")))
    code, crawl = run_crawl(tmp_path, [Site(name="s", seeds=(fault.url("/"),))])
    stats = crawl.stats["s"]
    assert len(fault.requests("/story/harbour-bridge-reopens-today")) == 1   # three spellings, one URL
    # 51 URLs, one body: the first parsed is the article; the other 50 are recorded duplicates of it
    assert (stats.new, stats.duplicates) == (1, 50)
    assert query(tmp_path, "SELECT COUNT(*) FROM articles") == [(1,)]
    assert query(tmp_path, "SELECT COUNT(*) FROM urls WHERE status = 'duplicate'") == [(50,)]
    assert max(fault.max_concurrent.values()) == 1       # one request at a time to the host, throughout


def test_traps_are_refused_and_an_endless_calendar_stays_shallow(tmp_path, fault):
    def calendar(day: int):
        return page(f"<html><body><a href='/events/2024/01/{day + 1:02d}/whats-on-today'>next</a>"
                    f"<a href='/a/b/a/b/a/b/c'>loop</a><a href='/{'x/' * 25}deep-story-here'>deep</a>"
                    f"<a href='/long-{'y' * 3000}'>long</a></body></html>".encode())
    for day in range(1, 40):
        fault.route(f"/events/2024/01/{day:02d}/whats-on-today", calendar(day))
    fault.route("/events/", calendar(0))
    code, crawl = run_crawl(tmp_path, [Site(name="s", seeds=(fault.url("/events/"),))])
    # the seed and the one day it links to: links on article pages are not followed
    assert len([e for e in fault.requests() if e.path.startswith("/events/")]) == 2
    trapped = query(tmp_path, "SELECT COUNT(*) FROM fetches WHERE outcome = 'blocked:trap'")[0][0]
    assert trapped == 3


def test_redirected_article_is_keyed_by_where_it_landed(tmp_path, fault):
    fault.route("/feed", page(b'<rss version="2.0"><channel><item><link>/old/moved-story-path-here</link>'
                              b"</item></channel></rss>", content_type="application/rss+xml"))
    fault.route("/old/moved-story-path-here", redirect(fault.url("/new/moved-story-path-here"), status=301))
    fault.route("/new/moved-story-path-here", page(story("Moved story")))
    code, crawl = run_crawl(tmp_path, [Site(name="s", feeds=(fault.url("/feed"),))])
    assert code == 0
    assert query(tmp_path, "SELECT url FROM articles") == [(fault.url("/new/moved-story-path-here"),)]
    assert query(tmp_path, "SELECT article_url FROM urls WHERE kind = 'article'") == [
        (fault.url("/new/moved-story-path-here"),)]


def test_429_with_retry_after_waits_then_fetches(tmp_path, fault):
    fault.route("/feed", page(b"<rss version='2.0'><channel><item><link>/a/limited-story-here</link></item>"
                              b"</channel></rss>", content_type="application/rss+xml"))
    fault.route("/a/limited-story-here",
                sequence(status(429, headers=[("Retry-After", "1")]), page(story("Late"))))
    code, crawl = run_crawl(tmp_path, [Site(name="s", feeds=(fault.url("/feed"),))])
    first, second = fault.requests("/a/limited-story-here")
    assert second.request.time - first.request.time >= 1.0
    assert crawl.stats["s"].new == 1 and code == 0


def test_long_retry_after_defers_the_url_to_the_next_run(tmp_path, fault):
    fault.route("/feed", page(b"<rss version='2.0'><channel><item><link>/a/limited-story-here</link></item>"
                              b"</channel></rss>", content_type="application/rss+xml"))
    fault.route("/a/limited-story-here", status(429, headers=[("Retry-After", "86400")]))
    code, crawl = run_crawl(tmp_path, [Site(name="s", feeds=(fault.url("/feed"),))])
    outcomes = query(tmp_path, "SELECT outcome FROM fetches WHERE kind = 'article'")
    assert outcomes == [("deferred:retry_after",)]
    assert len(fault.requests("/a/limited-story-here")) == 1
    fault.route("/a/limited-story-here", page(story("Now")))
    code, crawl = run_crawl(tmp_path, [Site(name="s", feeds=(fault.url("/feed"),))])
    assert crawl.stats["s"].new == 1


def test_run_deadline_defers_the_rest_and_the_next_run_resumes(tmp_path, fault):
    items = "".join(f"<item><link>/slow/story-number-{i}-here</link></item>" for i in range(20))
    fault.route("/feed", page(f"<rss version='2.0'><channel>{items}</channel></rss>".encode(),
                              content_type="application/rss+xml"))
    for i in range(20):
        fault.route(f"/slow/story-number-{i}-here", drip(0.5))
    started = time.monotonic()
    code, crawl = run_crawl(tmp_path, [Site(name="s", feeds=(fault.url("/feed"),))], max_time=2)
    assert time.monotonic() - started < 2 + 10
    assert query(tmp_path, "SELECT COUNT(*) FROM fetches WHERE outcome = 'deferred:run_deadline'") == [(20,)]
    for i in range(20):
        fault.route(f"/slow/story-number-{i}-here", page(story(f"Story {i}")))
    code, crawl = run_crawl(tmp_path, [Site(name="s", feeds=(fault.url("/feed"),))])
    assert crawl.stats["s"].new == 20 and code == 0


def test_a_parser_crash_is_recorded_for_that_url_and_the_run_goes_on(tmp_path, fault, monkeypatch):
    import parsers

    real_parse = parsers.parse

    def flaky(body, url=None, **kw):
        if "boom" in (url or ""):
            raise RuntimeError("parser bug")
        return real_parse(body, url, **kw)
    monkeypatch.setattr(parsers, "parse", flaky)
    fault.route("/feed", page(b"<rss version='2.0'><channel><item><link>/a/boom-story-here</link></item>"
                              b"<item><link>/a/fine-story-here</link></item></channel></rss>",
                              content_type="application/rss+xml"))
    fault.route("/a/boom-story-here", page(story("Boom")))
    fault.route("/a/fine-story-here", page(story("Fine")))
    code, crawl = run_crawl(tmp_path, [Site(name="s", feeds=(fault.url("/feed"),))])
    assert code == 1 and crawl.stats["s"].new == 1
    assert crawl.stats["s"].outcomes["parse:failed"] == 1


def test_an_unreachable_site_fails_clearly(tmp_path, fault):
    port = fault.port
    fault.stop()                     # nothing listens there any more: connection refused
    code, crawl = run_crawl(tmp_path, [Site(name="gone", feeds=(f"http://127.0.0.1:{port}/feed",))])
    assert code == 1
    assert crawl.stats["gone"].problems and "feed" in crawl.stats["gone"].problems[0]
    assert query(tmp_path, "SELECT exit_code FROM runs") == [(1,)]


def test_revisit_schedule_follows_article_age():
    from datetime import datetime, timedelta
    now = datetime(2024, 5, 7, 12, tzinfo=UTC)
    gaps = [next_visit((now - age).isoformat(), None, now) - now
            for age in (timedelta(hours=1), timedelta(days=1), timedelta(days=3), timedelta(days=20),
                        timedelta(days=400))]
    assert gaps == sorted(gaps) and gaps[0] == timedelta(hours=1) and gaps[-1] == timedelta(days=30)


def test_gzipped_news_sitemap_queues_articles_with_their_hints(tmp_path, fault):
    import gzip
    sitemap = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
               ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url>'
               f"<loc>{fault.url('/2024/05/ferry-timetable-story')}</loc><news:news>"
               "<news:publication_date>2024-05-07T09:00:00Z</news:publication_date>"
               "<news:title>Ferry timetable story</news:title></news:news></url></urlset>").encode()
    fault.route("/news.xml.gz", page(gzip.compress(sitemap), content_type="application/x-gzip"))
    fault.route("/2024/05/ferry-timetable-story", page(story("Ferry timetable story")))
    code, crawl = run_crawl(tmp_path, [Site(name="s", sitemaps=(fault.url("/news.xml.gz"),))])
    assert code == 0 and crawl.stats["s"].new == 1
    assert query(tmp_path, "SELECT hint_title, hint_published, source FROM urls WHERE kind = 'article'") == [
        ("Ferry timetable story", "2024-05-07T09:00:00Z", fault.url("/news.xml.gz"))]


def test_recrawl_without_validators_is_idempotent_and_max_pages_caps_a_run(tmp_path, fault):
    items = "".join(f"<item><link>/a/plain-story-number-{i}</link></item>" for i in range(5))
    fault.route("/feed", page(f"<rss version='2.0'><channel>{items}</channel></rss>".encode(),
                              content_type="application/rss+xml"))
    for i in range(5):
        # no ETag, no Last-Modified: only the body hash says "unchanged"
        fault.route(f"/a/plain-story-number-{i}", page(story(f"Plain story {i}")))
    site = Site(name="s", feeds=(fault.url("/feed"),))
    code, crawl = run_crawl(tmp_path, [site], max_pages=3)
    assert crawl.stats["s"].new == 3 and crawl.stats["s"].fetched == 3
    code, crawl = run_crawl(tmp_path, [site])
    assert crawl.stats["s"].new == 2                     # the rest, resumed
    code, crawl = run_crawl(tmp_path, [site], refresh=True)
    assert (crawl.stats["s"].unchanged, crawl.stats["s"].new, crawl.stats["s"].updated) == (5, 0, 0)
    assert query(tmp_path, "SELECT COUNT(*), SUM(version_count) FROM articles") == [(5, 5)]


def test_discovered_links_to_internal_addresses_are_refused_before_any_request(tmp_path, fault):
    from scraper.fetch import Fetcher
    from tests.harness.resolver import FakeResolver

    port = fault.port
    feed = (f"<rss version='2.0'><channel><item><link>http://intranet.news.test:{port}/a/secret-story-here</link>"
            f"</item><item><link>/a/public-story-here</link></item></channel></rss>")
    fault.route("/feed", page(feed.encode(), content_type="application/rss+xml"))
    fault.route("/a/public-story-here", page(story("Public")))
    resolver = FakeResolver({"news.test": ["127.0.0.1"], "intranet.news.test": ["10.0.0.1"]})

    def make_fetcher(site):
        return Fetcher(user_agent="TestBot/1 (+https://example.org/bot)", delay=0,
                       allow={("127.0.0.1", port)}, resolver=resolver)
    site = Site(name="s", feeds=(f"http://news.test:{port}/feed",), domains=(f"intranet.news.test:{port}",))
    with Archive(tmp_path / "archive.db") as archive:
        crawl = Crawl(archive, [site], Options(delay=0), warc_dir=tmp_path / "warc",
                      make_fetcher=make_fetcher, progress=Progress(False, io.StringIO()))
        asyncio.run(crawl.run())
    assert crawl.stats["s"].new == 1
    assert query(tmp_path, "SELECT outcome FROM fetches WHERE url LIKE '%intranet%'") == [("blocked:ssrf",)]
    assert query(tmp_path, "SELECT COUNT(*) FROM urls WHERE url LIKE '%intranet%'") == [(0,)]
    assert not fault.requests("/a/secret-story-here")


def test_newest_stories_are_fetched_first(tmp_path, fault):
    items = "".join(f"<item><link>/a/story-from-day-{day}</link>"
                    f"<pubDate>{day:02d} May 2024 09:00:00 GMT</pubDate></item>" for day in (3, 17, 9))
    fault.route("/feed", page(f"<rss version='2.0'><channel>{items}</channel></rss>".encode(),
                              content_type="application/rss+xml"))
    for day in (3, 17, 9):
        fault.route(f"/a/story-from-day-{day}", page(story(f"Day {day}")))
    run_crawl(tmp_path, [Site(name="s", feeds=(fault.url("/feed"),))], max_pages=1)
    assert [e.path for e in fault.requests() if e.path.startswith("/a/")] == ["/a/story-from-day-17"]


def test_autodiscovered_feeds_are_read_again_when_the_homepage_is_unchanged(tmp_path, demo_site):
    site = Site(name="demo", seeds=(origin(demo_site) + "/",))
    run_crawl(tmp_path, [site])
    pages = demo_site.RequestHandlerClass.site.pages
    new_path = "/world/2024/05/a-late-story-only-in-the-feed"
    pages[new_path] = (story("A late story"), "text/html; charset=utf-8", None)
    feed, content_type, modified = pages["/feed.xml"]
    pages["/feed.xml"] = (feed.replace(b"<item>", f"<item><link>{new_path}</link></item><item>".encode(), 1),
                          content_type, modified)
    code, crawl = run_crawl(tmp_path, [site])
    # the homepage and its five section pages were re-read, conditionally: all unchanged
    assert query(tmp_path, "SELECT outcome, COUNT(*) FROM fetches WHERE run_id = 2 AND kind = 'section'"
                           " GROUP BY outcome") == [("not_modified", 6)]
    assert crawl.stats["demo"].new == 1 and code == 0


def test_a_run_dying_before_queueing_leaves_no_304_hiding_the_feed(tmp_path, demo_site, monkeypatch):
    site = Site(name="demo", feeds=(origin(demo_site) + "/feed.xml",))

    def crash(self, rows):
        raise sqlite3.OperationalError("disk I/O error")
    with monkeypatch.context() as patch:
        patch.setattr(Archive, "add_urls", crash)
        with pytest.raises(sqlite3.OperationalError):
            run_crawl(tmp_path, [site])
    code, crawl = run_crawl(tmp_path, [site])
    assert code == 0 and crawl.stats["demo"].new == 12


def test_a_seed_may_be_a_feed_and_a_terminal_gets_a_progress_bar(tmp_path, demo_site):
    stream = io.StringIO()
    with Archive(tmp_path / "archive.db") as archive:
        site = Site(name="demo", seeds=(origin(demo_site) + "/feed.xml",))
        crawl = Crawl(archive, [site], Options(delay=0), warc_dir=tmp_path / "warc",
                      progress=Progress(True, stream))
        assert asyncio.run(crawl.run()) == 0
    assert crawl.stats["demo"].new == 12
    output = stream.getvalue()
    assert "\r[" in output and "12/12 pages" in output and "demo" in output.splitlines()[-1]
    # from the first second: what it starts on, then each listing discovery reads, then the bar
    assert output.startswith("crawl: 1 site (demo): reading robots.txt, feeds, sitemaps and seed pages\n")
    assert 0 < output.index(f"discovery: 1 read, now feed {origin(demo_site)}/feed.xml") < output.index("\r[")


def test_hosts_take_turns_when_there_are_more_hosts_than_slots(tmp_path):
    # Answers take a while, as remote servers' do: each host then waits for a slot, and turns show.
    servers = serve(["127.0.0.2", "127.0.0.3"], 0, 6, latency=0.02)
    try:
        sites = [Site(name=f"s{i}", feeds=(f"http://{host}:{server.server_address[1]}/feed.xml",))
                 for i, (host, server) in enumerate(zip(["127.0.0.2", "127.0.0.3"], servers, strict=True))]
        code, crawl = run_crawl(tmp_path, sites, concurrency=1)
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
    # in fetch order (records without an article are committed in batches, so not in id order)
    order = [site for (site,) in query(tmp_path, "SELECT site FROM fetches WHERE kind = 'article'"
                                                 " ORDER BY started_at, id")]
    assert len(order) == 12 and code == 0
    switches = sum(a != b for a, b in zip(order, order[1:], strict=False))
    assert switches >= 9          # alternating, not one host's six pages and then the other's


def test_pages_parsed_in_worker_processes_are_stored_as_parsed_in_process(tmp_path, demo_site):
    """Workers parse the pages and render their WARC records; what is stored is the same either way."""
    from scraper.warc import WarcRef, read_response

    site = Site(name="demo", seeds=(origin(demo_site) + "/",))
    columns = "url, headline, byline, authors, published, section, body, parser, provenance"
    stored, captured = {}, {}
    for workers in (0, 1):
        folder = tmp_path / f"workers-{workers}"
        folder.mkdir()
        code, crawl = run_crawl(folder, [site], parse_workers=workers)
        assert code == 0 and crawl.stats["demo"].new == 12
        stored[workers] = query(folder, f"SELECT {columns} FROM articles ORDER BY url")
        refs = query(folder, "SELECT article_url, warc_file, warc_offset, warc_length FROM fetches"
                             " WHERE article_url IS NOT NULL ORDER BY article_url")
        captured[workers] = [(url, read_response(folder / "archive-warc", WarcRef(*ref))[2])
                             for url, *ref in refs]
        assert query(folder, "SELECT COUNT(*) FROM urls WHERE kind = 'article' AND capture_id IS NULL"
                             " AND article_url IS NOT NULL") == [(0,)]
    assert stored[1] == stored[0] and len(stored[1]) == 12
    assert captured[1] == captured[0] and len(captured[1]) == 12


def test_autodiscovery_guesses_that_miss_are_findings_and_rest_for_a_week(tmp_path, fault):
    """A homepage without feeds or sitemaps: every usual place answers 404. The run still exits 0 (the
    misses are notes, not failures), and the next run does not ask those places again."""
    fault.route("/", page(b"<html><body><a href='/news/2024/05/the-only-story-here'>s</a></body></html>"))
    fault.route("/news/2024/05/the-only-story-here", page(story("The only story")))
    site = Site(name="s", seeds=(fault.url("/"),))
    code, crawl = run_crawl(tmp_path, [site])
    stats = crawl.stats["s"]
    assert code == 0 and stats.new == 1 and not stats.problems
    guesses = {"/robots.txt", "/sitemap.xml", "/feed", "/rss", "/rss.xml", "/feed.xml", "/atom.xml",
               "/index.xml"}
    asked = {e.path for e in fault.requests()} - {"/", "/news/2024/05/the-only-story-here"}
    assert asked == guesses
    assert any("/sitemap.xml: error:http" in note and "a week" in note for note in stats.notes)
    before = len(fault.requests())
    code, crawl = run_crawl(tmp_path, [site])
    again = [e.path for e in fault.requests()[before:]]
    assert code == 0 and not set(again) & (guesses - {"/robots.txt"}), again


def test_a_configured_feed_that_fails_fails_the_run(tmp_path, fault):
    fault.route("/", page(b"<html><body><a href='/news/2024/05/the-only-story-here'>s</a></body></html>"))
    fault.route("/news/2024/05/the-only-story-here", page(story("The only story")))
    code, crawl = run_crawl(tmp_path, [Site(name="s", seeds=(fault.url("/"),), feeds=(fault.url("/rss"),))])
    assert code == 1 and crawl.stats["s"].new == 1
    assert crawl.stats["s"].problems == [f"feed {fault.url('/rss')}: error:http"]
