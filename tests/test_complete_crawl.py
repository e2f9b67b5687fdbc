"""A whole crawl of three news sites on three loopback hosts whose feeds and sitemaps list only some of
their stories: the rest are linked only from section pages (in the navigation, in a menu, one level
further down), on pages 2..N of paginated sections (rel=next, ?page=N links, /page/N), or given as a
seed. Every reachable article is archived, none is fetched twice, the robots-disallowed story is never
requested, an endless paginator stops at its cap with an outcome, and a second run right after asks
only conditionally and is answered 304."""
from __future__ import annotations

import asyncio
import hashlib
import io
import sqlite3
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from scraper.archive import Archive
from scraper.config import Site
from scraper.crawl import Crawl, Options, Progress
from tests.harness.fixtures import network_jail  # noqa: F401

STORY = ("<html><head><title>{t}</title></head><body><header><nav><a href='/'>Home</a></nav></header>"
         "<article><h1>{t}</h1><p class='byline'>By Ada Writer</p>"
         "<time datetime='2024-05-07T09:00:00Z'>7 May 2024</time>"
         + "<p>" + "Council members met on Tuesday to argue about the ferry timetable again. " * 8 + "</p>"
         "<p>" + "Residents asked for more evening crossings and a cheaper monthly pass. " * 8
         + "</p></article></body></html>")


def story_path(slug: str) -> str:
    return f"/2024/05/{slug}-story-here"


def listing(title: str, slugs: list[str], *, nav: str = "", head: str = "", more: str = "") -> bytes:
    items = "".join(f"<li><a href='{story_path(s)}'>{s}</a></li>" for s in slugs)
    return (f"<html><head><title>{title}</title>{head}</head><body><header>{nav}</header><h1>{title}</h1>"
            f"<ul>{items}</ul>{more}<footer><a href='/about'>About</a> <a href='/login'>Log in</a></footer>"
            f"</body></html>").encode()


class Host:
    """One loopback news site: pages by path (with their query), ETags, 304s, and a log of what was asked."""

    def __init__(self, address: str):
        self.address = address
        self.pages: dict[str, tuple[bytes, str]] = {}
        self.dynamic = None            # path -> (body, type) for pages made on request (an endless listing)
        self.log: list[tuple[str, bool]] = []      # (path and query, conditional)
        self.lock = threading.Lock()
        host = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 (the http.server API)
                with host.lock:
                    host.log.append((self.path, "If-None-Match" in self.headers))
                found = host.pages.get(self.path) or (host.dynamic and host.dynamic(self.path))
                body, content_type = found or (b"not found", "text/plain")
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                status = 200 if found else 404
                if found and self.headers.get("If-None-Match") == etag:
                    status, body = 304, b""
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((address, 0), Handler)
        self.server.daemon_threads = True
        self.origin = f"http://{address}:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def html(self, path: str, body: bytes) -> None:
        self.pages[path] = (body, "text/html; charset=utf-8")

    def stories(self, *slugs: str) -> None:
        for slug in slugs:
            self.html(story_path(slug), STORY.format(t=slug.replace("-", " ").title()).encode())

    def asked(self, first: int = 0) -> list[str]:
        with self.lock:
            return [path for path, _ in self.log[first:]]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def _jail(network_jail):  # noqa: F811
    return network_jail


@pytest.fixture
def hosts():
    made = [Host(f"127.0.0.{i}") for i in (2, 3, 4)]
    yield made
    for host in made:
        host.stop()


def gazette(host: Host) -> set[str]:
    """A homepage whose nav leads to three sections paginated three ways and an endless archive; a feed
    and a sitemap that list five of the stories. Returns the stories a crawl can reach."""
    nav = "<nav>" + "".join(f"<a href='/{s}/'>{s}</a>" for s in ("world", "business", "sport", "archive")) + \
          "<a href='/about'>About</a></nav>"
    world = [f"world-{i}" for i in range(1, 9)]
    business = [f"business-{i}" for i in range(1, 7)]
    sport = [f"sport-{i}" for i in range(1, 6)]
    host.pages["/robots.txt"] = (b"User-agent: *\nDisallow: /private/\nSitemap: " + host.origin.encode()
                                 + b"/sitemap.xml\n", "text/plain")
    host.html("/", listing("The Gazette", ["world-1", "business-1"], nav=nav,
                           head="<link rel='alternate' type='application/rss+xml' href='/feed.xml'>"))
    items = "".join(f"<item><link>{host.origin}{story_path(s)}</link></item>"
                    for s in ("world-1", "business-1", "sport-1"))
    host.pages["/feed.xml"] = (f"<rss version='2.0'><channel>{items}</channel></rss>".encode(),
                               "application/rss+xml")
    urls = "".join(f"<url><loc>{host.origin}{story_path(s)}</loc></url>" for s in ("world-2", "business-2"))
    host.pages["/sitemap.xml"] = (f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}'
                                  "</urlset>".encode(), "application/xml")
    # /world/: three a page, rel=next in the head; page 2 links the disallowed story
    for n, start in enumerate(range(0, 8, 3), 1):
        path = "/world/" + (f"?page={n}" if n > 1 else "")
        head = f"<link rel='next' href='/world/?page={n + 1}'>" if start + 3 < 8 else ""
        more = "<a href='/private/2024/05/secret-story-here'>secret</a>" if n == 2 else ""
        host.html(path, listing("World", world[start:start + 3], nav=nav, head=head, more=more))
    # /business/: numbered links only (no rel=next)
    for n, start in enumerate(range(0, 6, 2), 1):
        path = "/business/" + (f"?page={n}" if n > 1 else "")
        pager = "".join(f"<a href='/business/?page={k}'>{k}</a>" for k in range(1, 4))
        host.html(path, listing("Business", business[start:start + 2], nav=nav, more=pager))
    # /sport/: /page/N
    for n, start in enumerate(range(0, 5, 2), 1):
        path = "/sport/" + (f"page/{n}/" if n > 1 else "")
        pager = f"<a href='/sport/page/{n + 1}/'>Older</a>" if start + 2 < 5 else ""
        host.html(path, listing("Sport", sport[start:start + 2], nav=nav, more=pager))
    host.stories(*world, *business, *sport, *(f"archived-{n}" for n in range(1, 8)))
    host.html("/private/2024/05/secret-story-here", STORY.format(t="Secret").encode())

    def archive(path: str):
        """Page N of an endless archive: one story (made up as asked) and a link to page N + 1."""
        if not path.startswith("/archive/"):
            return None
        n = int(path.rsplit("=", 1)[1]) if "?page=" in path else 1
        more = f"<a href='/archive/?page={n + 1}'>next</a>"
        return listing("Archive", [f"archived-{n}"], nav=nav, more=more), "text/html; charset=utf-8"
    host.dynamic = archive
    return {*world, *business, *sport, *(f"archived-{n}" for n in range(1, 6))}


def courier(host: Host) -> set[str]:
    """No feed, no sitemap, no robots.txt: the navigation is a menu of divs, and one section has a
    sub-section (three links from the homepage). Autodiscovery's guesses all miss."""
    nav = "<div class='site-menu'><a href='/politics/'>Politics</a> <a href='/culture/'>Culture</a></div>"
    host.html("/", listing("The Courier", [], nav=nav))
    host.html("/politics/", listing("Politics", ["politics-1", "politics-2"], nav=nav,
                                    more="<a href='/politics/local/'>Local politics</a>"))
    host.html("/politics/local/", listing("Local", ["local-1", "local-2"], nav=nav))
    host.html("/culture/", listing("Culture", ["culture-1"], nav=nav))
    host.stories("politics-1", "politics-2", "local-1", "local-2", "culture-1")
    return {"politics-1", "politics-2", "local-1", "local-2", "culture-1"}


def ledger(host: Host) -> set[str]:
    """A configured feed naming one story; the rest in a section; and one story given as a seed."""
    nav = "<nav><a href='/markets/'>Markets</a></nav>"
    host.html("/", listing("The Ledger", [], nav=nav))
    host.html("/markets/", listing("Markets", ["markets-1", "markets-2", "markets-3"], nav=nav))
    host.pages["/rss"] = (f"<rss version='2.0'><channel><item><link>{host.origin}{story_path('markets-1')}"
                          "</link></item></channel></rss>".encode(), "application/rss+xml")
    host.stories("markets-1", "markets-2", "markets-3", "ledger-seed")
    return {"markets-1", "markets-2", "markets-3", "ledger-seed"}


def crawl(tmp_path, sites) -> tuple[int, Crawl]:
    with Archive(tmp_path / "archive.db") as archive:
        run = Crawl(archive, sites, Options(delay=0, concurrency=3), warc_dir=tmp_path / "archive-warc",
                    progress=Progress(False, io.StringIO()))
        return asyncio.run(run.run()), run


def rows(tmp_path, sql, *args):
    conn = sqlite3.connect(tmp_path / "archive.db")
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def test_every_reachable_article_once_and_a_cheap_conditional_second_run(tmp_path, hosts):
    g, c, lg = hosts
    reachable = {"gazette": gazette(g), "courier": courier(c), "ledger": ledger(lg)}
    sites = [Site(name="gazette", seeds=(g.origin + "/",)),
             Site(name="courier", seeds=(c.origin + "/",), hub_depth=3),
             Site(name="ledger", seeds=(lg.origin + "/", lg.origin + story_path("ledger-seed")),
                  feeds=(lg.origin + "/rss",))]
    code, run = crawl(tmp_path, sites)
    assert code == 0, {name: s.problems for name, s in run.stats.items()}

    # every reachable story archived, under its site's name
    for name, slugs in reachable.items():
        stored = {url.rsplit("/", 1)[1].removesuffix("-story-here") for (url,) in
                  rows(tmp_path, "SELECT url FROM articles WHERE site = ?", name)}
        assert stored == slugs, name
    # none fetched twice; the disallowed story never asked for; the endless archive stopped at its cap
    for host in hosts:
        asked = Counter(host.asked())
        assert all(n == 1 for path, n in asked.items() if "-story-here" in path), asked
        assert not [path for path in asked if path.startswith("/private/")]
        assert "/about" not in asked and "/login" not in asked
    assert [p for p in g.asked() if p.startswith("/archive/")] == [
        "/archive/", *(f"/archive/?page={n}" for n in range(2, 6))]
    [(trap, reason)] = rows(tmp_path, "SELECT url, error_message FROM fetches WHERE outcome = 'blocked:trap'")
    assert trap == g.origin + "/archive/?page=6" and "pages_per_hub (5)" in reason
    assert rows(tmp_path, "SELECT outcome FROM fetches WHERE url LIKE '%/private/%'") == [("blocked:robots",)]
    # which page found each story: the section page it first appeared on
    assert rows(tmp_path, "SELECT source FROM urls WHERE url = ?", g.origin + story_path("world-5")) == [
        (g.origin + "/world/?page=2",)]
    assert rows(tmp_path, "SELECT source FROM urls WHERE url = ?", c.origin + story_path("local-1")) == [
        (c.origin + "/politics/local/",)]
    assert rows(tmp_path, "SELECT source FROM urls WHERE url = ?", lg.origin + story_path("ledger-seed")) == [
        ("seed",)]
    # the courier's guessed feeds and sitemaps missed: findings, not failures
    assert run.stats["courier"].notes and not run.stats["courier"].problems
    # every answer is in the raw capture
    assert rows(tmp_path, "SELECT COUNT(*) FROM fetches WHERE status IS NOT NULL AND warc_file IS NULL") == [
        (0,)]

    first = [len(host.log) for host in hosts]
    code, run = crawl(tmp_path, sites)
    assert code == 0
    again = [(path, conditional) for host, n in zip(hosts, first, strict=True)
             for path, conditional in host.log[n:]]
    # nothing is due yet; the homepages, sections and listings are asked conditionally and are unchanged
    assert not [path for path, _ in again if "-story-here" in path]
    assert all(conditional for path, conditional in again if path != "/robots.txt"), again
    assert len(again) < sum(first) / 3       # robots.txt, the listings and the section pages' first pages
    assert dict(rows(tmp_path, "SELECT outcome, COUNT(*) FROM fetches WHERE run_id = 2 AND kind = 'section'"
                               " GROUP BY outcome")) == {"not_modified": 11}   # 3 homepages, 8 sections
