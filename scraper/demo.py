"""A small news site on loopback, generated from the templates below (synthetic text, ours), for
`make demo`, `make bench-crawl` and the end-to-end tests.

Each host serves a homepage linking the latest stories and, in its navigation, the section pages
(`/world/`, ... each listing its stories newest first, SECTION_PAGE a page, `?page=2` linked as
rel=next), an RSS feed, a sitemap index (a Google News sitemap and an archive urlset), robots.txt with
`Sitemap:` lines and a disallowed `/private/` area, and article pages with JSON-LD, a byline and a
dateline. Pages carry an ETag and Last-Modified and
answer 304 to a matching conditional request, as real news sites do.

    python -m scraper.demo --db demo.db               # serve, crawl into demo.db, print, stop
    python -m scraper.demo serve --hosts 127.0.0.2,127.0.0.3 --port 8400 --articles 500
"""
from __future__ import annotations

import argparse
import hashlib
import html
import json
import random
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECTIONS = ("world", "politics", "business", "science", "culture")
AUTHORS = ("Amara Okafor", "Lin Wei", "Sofia Marquez", "Tomasz Nowak", "Priya Raman", "Jonas Berg")
# Word pools for headlines and text: invented sentences, never real reporting.
SUBJECTS = ("The city council", "A regional water board", "Local fishermen", "The transit authority",
            "A university team", "Small bakeries", "The harbour office", "Volunteer firefighters")
VERBS = ("approves", "questions", "delays", "celebrates", "reviews", "expands", "rethinks", "funds")
OBJECTS = ("a new ferry timetable", "the riverside park plan", "winter shelter hours", "a library annex",
           "the night market", "bicycle lanes on Mill Street", "a solar roof trial", "the old granary")
FILLER = ("Residents said the change had been discussed for months.",
          "Officials expect a decision before spring.",
          "Several speakers asked for more public meetings.",
          "The budget figures were published on Monday.",
          "Critics argue the timetable is too ambitious.",
          "Supporters pointed to similar projects elsewhere.",
          "A final report will be presented to the committee.",
          "Turnout at the hearing was higher than usual.",
          "The proposal still needs approval from the regional board.",
          "Shop owners on the square were divided.")
FEED_SIZE = 30
NEWS_SITEMAP_SIZE = 200
HOME_LINKS = 40
SECTION_PAGE = 20
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# A fixed port, so repeated `make demo` runs crawl the same site into demo.db (falls back to any free port).
DEMO_PORT = 8765


@dataclass(frozen=True)
class Story:
    path: str
    headline: str
    author: str
    section: str
    published: datetime
    paragraphs: tuple[str, ...]


def make_stories(count: int, *, seed: int, now: datetime) -> list[Story]:
    """`count` stories, newest first, one an hour back from `now`, reproducible from `seed`."""
    rng = random.Random(seed)
    stories = []
    for i in range(count):
        headline = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
        published = now - timedelta(hours=i + 1)
        slug = "-".join(headline.lower().replace(",", "").split()[:7]) + f"-{seed}{i:05d}"
        section = SECTIONS[i % len(SECTIONS)]
        paragraphs = tuple(" ".join(rng.sample(FILLER, 4)) for _ in range(rng.randint(4, 7)))
        stories.append(Story(f"/{section}/{published:%Y/%m}/{slug}", headline, rng.choice(AUTHORS), section,
                             published, paragraphs))
    return stories


ARTICLE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Demo Gazette</title>
<link rel="canonical" href="{url}"><link rel="alternate" type="application/rss+xml" href="/feed.xml">
<meta property="og:title" content="{title}"><meta property="og:site_name" content="Demo Gazette">
<script type="application/ld+json">{jsonld}</script></head>
<body><header><a href="/">Demo Gazette</a> <nav><a href="/{section}/">{section}</a></nav></header>
<main><article><h1>{title}</h1>
<p class="byline">By <span class="author">{author}</span></p>
<time datetime="{iso}">{date}</time>
<div class="article-body">{body}</div></article>
<aside class="newsletter">Sign up for our newsletter.</aside></main>
<footer>Demo Gazette, a site generated for testing.</footer></body></html>"""

NAV = "<nav>" + "".join(f'<a href="/{s}/">{s.title()}</a> ' for s in SECTIONS) + "</nav>"

HOME = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Demo Gazette</title>
<link rel="alternate" type="application/rss+xml" title="Latest" href="/feed.xml"></head>
<body><header><h1>Demo Gazette</h1>""" + NAV + """</header><ul>{items}</ul>
<p><a href="/about">About us</a>
<a href="/private/staff-only-planning-notes-2024">Staff notes</a></p></body></html>"""

SECTION = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | Demo Gazette</title>
{next}</head><body><header><a href="/">Demo Gazette</a> """ + NAV + """</header>
<h1>{title}</h1><ul>{items}</ul><p>{pages}</p></body></html>"""


class DemoSite:
    """The pages of one host, rendered once."""

    def __init__(self, origin: str, stories: list[Story]):
        self.origin, self.stories = origin, stories
        self.pages: dict[str, tuple[bytes, str, datetime | None]] = {}
        for story in stories:
            self.pages[story.path] = (self._article(story), "text/html; charset=utf-8", story.published)
        items = "".join(f'<li><a href="{s.path}">{html.escape(s.headline)}</a></li>'
                        for s in stories[:HOME_LINKS])
        self.pages["/"] = (HOME.format(items=items).encode(), "text/html; charset=utf-8", None)
        for section in SECTIONS:
            listed = [s for s in stories if s.section == section]
            count = max(1, -(-len(listed) // SECTION_PAGE))
            for number in range(1, count + 1):
                path = f"/{section}/" + (f"?page={number}" if number > 1 else "")
                body = self._section(section, listed, number, count)
                self.pages[path] = (body, "text/html; charset=utf-8", None)
        robots = f"User-agent: *\nDisallow: /private/\nSitemap: {origin}/sitemap.xml\n"
        self.pages["/robots.txt"] = (robots.encode(), "text/plain", None)
        self.pages["/feed.xml"] = (self._feed(), "application/rss+xml", None)
        self.pages["/sitemap.xml"] = (self._sitemap_index(), "application/xml", None)
        self.pages["/sitemap-news.xml"] = (self._news_sitemap(), "application/xml", None)
        self.pages["/sitemap-archive.xml"] = (self._archive_sitemap(), "application/xml", None)

    def _article(self, s: Story) -> bytes:
        url = self.origin + s.path
        jsonld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": s.headline,
                             "author": {"@type": "Person", "name": s.author},
                             "datePublished": s.published.isoformat(), "articleSection": s.section,
                             "mainEntityOfPage": url})
        body = "".join(f"<p>{html.escape(p)}</p>" for p in s.paragraphs)
        return ARTICLE.format(title=html.escape(s.headline), url=url, jsonld=jsonld, section=s.section,
                              author=html.escape(s.author), iso=s.published.isoformat(),
                              date=f"{s.published:%d %B %Y}", body=body).encode()

    def _section(self, section: str, stories: list[Story], number: int, count: int) -> bytes:
        shown = stories[(number - 1) * SECTION_PAGE:number * SECTION_PAGE]
        items = "".join(f'<li><a href="{s.path}">{html.escape(s.headline)}</a></li>' for s in shown)
        following = f"/{section}/?page={number + 1}"
        return SECTION.format(
            title=section.title(), items=items,
            next=f'<link rel="next" href="{following}">' if number < count else "",
            pages=f'<a href="{following}">Older stories</a>' if number < count else "").encode()

    def _feed(self) -> bytes:
        items = "".join(
            f"<item><title>{html.escape(s.headline)}</title><link>{self.origin}{s.path}</link>"
            f"<pubDate>{format_datetime(s.published, usegmt=True)}</pubDate></item>"
            for s in self.stories[:FEED_SIZE])
        return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>Demo Gazette</title><link>{self.origin}/</link>{items}</channel></rss>").encode()

    def _sitemap_index(self) -> bytes:
        return (f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="{SITEMAP_NS}">'
                f"<sitemap><loc>{self.origin}/sitemap-news.xml</loc></sitemap>"
                f"<sitemap><loc>{self.origin}/sitemap-archive.xml</loc></sitemap></sitemapindex>").encode()

    def _news_sitemap(self) -> bytes:
        urls = "".join(
            f"<url><loc>{self.origin}{s.path}</loc><news:news><news:publication>"
            f"<news:name>Demo Gazette</news:name><news:language>en</news:language></news:publication>"
            f"<news:publication_date>{s.published.isoformat()}</news:publication_date>"
            f"<news:title>{html.escape(s.headline)}</news:title></news:news></url>"
            for s in self.stories[:NEWS_SITEMAP_SIZE])
        return (f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="{SITEMAP_NS}"'
                f' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>').encode()

    def _archive_sitemap(self) -> bytes:
        urls = "".join(f"<url><loc>{self.origin}{s.path}</loc><lastmod>{s.published:%Y-%m-%d}</lastmod></url>"
                       for s in self.stories)
        return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="{SITEMAP_NS}">{urls}</urlset>'.encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"   # keep-alive, as real servers do
    # Headers and body go out in two writes; with Nagle on, the body then waits for the client's delayed
    # ACK (40 ms on Linux) on every keep-alive request. Real servers set TCP_NODELAY too (nginx does).
    disable_nagle_algorithm = True
    site: DemoSite
    latency = 0.0                   # seconds each answer waits, as a remote server's would
    # told of every request: (host, path, monotonic start, monotonic end), for politeness checks
    on_request: Callable[[str, str, float, float], None] | None = None
    # The request's end: stamped just before the answer's last write, the moment after which the client
    # can have it all. A stamp taken after the write comes late by however long the thread then waits
    # for a core or the GIL (5 ms and more on a loaded machine): the next request would seem early.
    answered: float | None = None

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        started, self.answered = time.monotonic(), None
        try:
            self._answer()
        finally:
            if self.on_request is not None:
                self.on_request(self.server.server_address[0], self.path, started,
                                self.answered or time.monotonic())

    def _answer(self) -> None:
        if self.latency:
            time.sleep(self.latency)
        pages = self.site.pages      # a section's ?page=N is its own page; elsewhere a query changes nothing
        page = pages.get(self.path) or pages.get(self.path.split("?", 1)[0])
        if page is None:
            self._send(404, b"not found", "text/plain", {})
            return
        body, content_type, modified = page
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        headers = {"ETag": etag}
        if modified:
            headers["Last-Modified"] = format_datetime(modified, usegmt=True)
        if self.headers.get("If-None-Match") == etag:
            self._send(304, b"", None, headers)
        else:
            self._send(200, body, content_type, headers)

    def _send(self, status: int, body: bytes, content_type: str | None, headers: dict) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.answered = time.monotonic()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass  # quiet: the crawler logs what it fetched


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A client that went away mid-answer (a crawler killed on purpose, a timeout) is the client's
        business; anything else is the demo's bug and is printed as usual."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(hosts: list[str], port: int, articles: int, *, now: datetime | None = None, latency: float = 0.0,
          on_request: Callable[[str, str, float, float], None] | None = None) -> list[ThreadingHTTPServer]:
    """Start one server per host (in daemon threads); stop each with `.shutdown()`. Port 0 picks one
    free port on the first host and reuses it on the others. `on_request(host, path, start, end)` is
    told of every request as it ends (times from time.monotonic)."""
    now = (now or datetime.now(UTC)).replace(minute=0, second=0, microsecond=0)
    servers = []
    for i, host in enumerate(hosts):
        handler = type("Handler", (_Handler,), {"latency": latency, "on_request": staticmethod(on_request)})
        server = _Server((host, port), handler)
        port = server.server_address[1]
        handler.site = DemoSite(f"http://{host}:{port}", make_stories(articles, seed=i + 1, now=now))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    return servers


def show(db: str) -> str:
    """What the crawl archived, as a short report."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = conn.execute("SELECT headline, byline, published, word_count FROM articles"
                        " ORDER BY published DESC").fetchall()
    outcomes = conn.execute("SELECT outcome, COUNT(*) FROM fetches GROUP BY outcome"
                            " ORDER BY 2 DESC").fetchall()
    conn.close()
    lines = [f"{len(rows)} articles archived in {db}:"]
    lines += [f"  {published[:16]}  {headline[:60]:<60}  {byline or '-':<18} {words:>4} words"
              for headline, byline, published, words in rows[:15]]
    if len(rows) > 15:
        lines.append(f"  ... and {len(rows) - 15} more")
    lines.append("fetch outcomes: " + ", ".join(f"{o}={n}" for o, n in outcomes))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scraper.demo", description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", nargs="?", choices=("crawl", "serve"), default="crawl")
    parser.add_argument("--db", default="demo.db")
    parser.add_argument("--hosts", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEMO_PORT)
    parser.add_argument("--articles", type=int, default=24)
    args = parser.parse_args(argv)
    try:
        servers = serve(args.hosts.split(","), args.port, args.articles)
    except OSError:
        servers = serve(args.hosts.split(","), 0, args.articles)
    port = servers[0].server_address[1]
    try:
        if args.mode == "serve":
            print(f"serving {args.articles} articles on port {port} of {args.hosts}; Ctrl-C to stop",
                  flush=True)
            threading.Event().wait()
        seeds = [f"http://{host}:{port}/" for host in args.hosts.split(",")]
        print(f"demo site on {', '.join(seeds)}; crawling it into {args.db}", flush=True)
        code = subprocess.call([sys.executable, "-m", "scraper", "crawl", *seeds, "--db", args.db,
                                "--delay", "0.1", "--max-time", "120"])
        print(show(args.db))
        return code
    except KeyboardInterrupt:
        return 0
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    sys.exit(main())
