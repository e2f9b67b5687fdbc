"""I. Run-level hygiene (reliability.md 6.2): one URL's parser bug stays that URL's problem, logs stay
bounded whatever a server sends, and a seeded chaos run over five loopback hosts ends with every URL
holding exactly one outcome code."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import replace
from functools import cache

import pytest

import parsers
from scraper.archive import utcnow
from scraper.config import Site
from tests.harness.server import (
    FaultServer,
    bomb,
    drip,
    lying_length,
    page,
    raw,
    redirect,
    stall,
    status,
    streamed,
    text,
)

from .crawling import SCALED, crawl_in_process, crawl_subprocess, rows
from .guard import ENV, record

OUTCOMES = {
    "ok",
    "not_modified",
    "skipped:too_large",
    "skipped:content_type",
    "skipped:empty",
    "error:timeout_connect",
    "error:timeout_read",
    "error:timeout_total",
    "error:truncated",
    "error:protocol",
    "error:decode",
    "error:redirect_loop",
    "error:connect",
    "error:http",
    "blocked:robots",
    "blocked:ssrf",
    "blocked:scheme",
    "blocked:scope",
    "blocked:trap",
    "blocked:paused",
    "deferred:retry_after",
    "deferred:breaker",
    "deferred:budget",
    "deferred:run_deadline",
    "deferred:interrupted",
    "parse:incomplete",
    "parse:failed",
}


def story(title: str) -> bytes:
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        + "".join(
            f"<p>{title}: paragraph {i} about the harbour committee and the ferry timetable, "
            "with residents asking for cheaper passes.</p>"
            for i in range(6)
        )
        + "</article></body></html>"
    ).encode()


def feed(server, paths) -> bytes:
    items = "".join(f"<item><title>t</title><link>{server.url(p)}</link></item>" for p in paths)
    return f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()


@pytest.mark.parametrize(
    "error",
    [
        RuntimeError("parser bug"),
        RecursionError("deep"),
        MemoryError(),
        UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad"),
        KeyError("x"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_i1_an_exception_in_one_urls_parser_is_that_urls_parse_failed(
    tmp_path, site_server, monkeypatch, error
):
    real_parse = parsers.parse

    def flaky(body, url=None, **kwargs):
        if "boom" in (url or ""):
            raise error
        return real_parse(body, url, **kwargs)

    monkeypatch.setattr(parsers, "parse", flaky)
    paths = ["/a/boom-story-here", "/a/fine-story-one", "/a/fine-story-two"]
    site_server.route("/feed", page(feed(site_server, paths), content_type="application/rss+xml"))
    for path in paths:
        site_server.route(path, page(story(path.rsplit("/", 1)[1])))
    code, crawl = crawl_in_process(tmp_path / "a.db", [Site(name="s", feeds=(site_server.url("/feed"),))])
    outcomes = dict(rows(tmp_path / "a.db", "SELECT url, outcome FROM fetches WHERE kind = 'article'"))
    assert outcomes == {
        site_server.url(paths[0]): "parse:failed",
        site_server.url(paths[1]): "ok",
        site_server.url(paths[2]): "ok",
    }
    assert code in (0, 1) and crawl.stats["s"].new == 2


def test_i2_a_50_mb_error_page_keeps_log_lines_short(tmp_path, site_server, scorecard):
    body = lambda: text(50 * 2**20)  # noqa: E731
    site_server.route(
        "/feed",
        page(
            feed(site_server, ["/a/error-story-one", "/a/error-story-two"]),
            content_type="application/rss+xml",
        ),
    )
    site_server.route("/a/error-story-one", streamed(body, chunked=True, headers=[("X-Status", "500")]))
    site_server.route(
        "/a/error-story-two",
        raw(
            b"HTTP/1.1 500 " + b"Internal " * 20_000 + b"\r\n"
            b"Content-Type: text/html\r\nContent-Length: 10\r\n\r\n0123456789"
        ),
    )
    result = crawl_subprocess(tmp_path, site_server.url("/feed"), timeout=120)
    record(scorecard, "I2 50 MB error page", result)
    longest = max(map(len, result.stderr.splitlines()), default=0)
    scorecard.worst("log_line_bytes", longest, "I2")
    assert result.returncode in (0, 1) and result.jail_violations == 0
    assert longest <= 2048, result.stderr[:3000]


def test_i4_listings_the_run_deadline_cuts_off_or_never_reaches_are_deferred(tmp_path, site_server):
    """A seed fetch in progress when the deadline passes, and the listings after it, get one
    deferred:run_deadline row each (still due next run), like the articles the deadline leaves."""
    site_server.route("/slow-feed", stall())
    site_server.route("/feed", page(feed(site_server, ["/a/never-reached-story"]),
                                    content_type="application/rss+xml"))
    site_server.route("/", page(b"<html><body><a href='/a/never-reached-story'>s</a></body></html>"))
    listings = {site_server.url("/slow-feed"): "feed", site_server.url("/feed"): "feed",
                site_server.url("/"): "section"}
    site = Site(name="s", feeds=tuple(listings)[:2], seeds=(site_server.url("/"),))
    started = time.monotonic()
    crawl_in_process(tmp_path / "a.db", [site], max_time=1.5)
    assert time.monotonic() - started < 1.5 + 10
    logged = rows(tmp_path / "a.db", "SELECT url, kind, outcome FROM fetches WHERE kind != 'robots'")
    assert sorted(logged) == sorted((url, kind, "deferred:run_deadline") for url, kind in listings.items())


def test_i5_a_story_waiting_out_retry_after_when_sigterm_arrives_is_deferred(tmp_path, site_server):
    """SIGTERM while the crawler waits out a 60 s Retry-After: the story gets deferred:interrupted, not
    silence, and stays due for the next run."""
    story_path = "/a/a-rate-limited-story"
    site_server.route("/feed", page(feed(site_server, [story_path]), content_type="application/rss+xml"))
    site_server.route(story_path, status(429, headers=[("Retry-After", "60")]))
    db = tmp_path / "a.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.jailed", "crawl", site_server.url("/feed"), "--db", str(db),
         "--delay", "0"], cwd=tmp_path, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        waited = time.monotonic() + 30
        while not site_server.requests(story_path) and time.monotonic() < waited:
            time.sleep(0.05)
        time.sleep(0.5)                      # now in the Retry-After wait
        proc.send_signal(signal.SIGTERM)
        stopping = time.monotonic()
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert time.monotonic() - stopping < 10 and "Traceback" not in err, err
    assert len(site_server.requests(story_path)) == 1
    story_url = site_server.url(story_path)
    assert rows(db, "SELECT outcome FROM fetches WHERE url = ?", story_url) == [("deferred:interrupted",)]
    [(frontier_status, next_due)] = rows(db, "SELECT status, next_due FROM urls WHERE url = ?", story_url)
    assert frontier_status == "new" and next_due <= utcnow()


# ------------------------------------------------------------------------------------------ I3 chaos


@cache
def gzip_bomb() -> bytes:
    """64 MiB of zeros, compressed once: generating it per request would time the server, not us."""
    return b"".join(bomb(64 * 2**20))


def chaos_faults(server, decoy_port: int) -> dict[str, object]:
    """Every fault the fetch and parse layers know, as route handlers (weights below)."""
    return {
        "ok": None,  # a normal story (made per URL)
        "404": status(404),
        "410": status(410),
        "500": status(500),
        "503": status(503),
        "429-short": status(429, headers=[("Retry-After", "1")]),
        "429-long": status(429, headers=[("Retry-After", "86400")]),
        "stall": stall(),
        "stall-after-headers": stall(after_headers=True),
        "drip": drip(0.3),
        "lying-length": lying_length(100_000, 50_000),
        "gzip-bomb": streamed(
            lambda: iter([gzip_bomb()]), headers=[("Content-Encoding", "gzip")]),
        "too-large": streamed(lambda: text(3 * 2**20)),
        "huge-length": page(b"x", headers=[("Content-Length", str(50 * 2**20))]),
        "redirect-loop": None,
        "redirect-decoy": redirect(f"http://127.0.0.1:{decoy_port}/internal"),
        "redirect-metadata": redirect("http://169.254.169.254/latest/meta-data/"),
        "redirect-file": redirect("file:///etc/passwd"),
        "binary": page(b"%PDF-1.4\x00\x01\x02" * 100, content_type="application/pdf"),
        "empty": page(b""),
        "bad-gzip": page(b"plain text, not gzip", headers=[("Content-Encoding", "gzip")]),
        "garbage-status": raw(b"HTTP/1.1 abc\r\n\r\n"),
        "deep": page(b"<div>" * 2_000 + b"<h1>deep</h1>"),
        "no-article": page(b"<html><body><p>menu</p></body></html>"),
        "crash": None,
    }


WEIGHTS = {
    "ok": 12,
    "stall": 1,
    "stall-after-headers": 1,
    "drip": 1,
    "429-long": 0.3,
}  # one 429-long defers its host


def chaos(tmp_path, decoy, monkeypatch, scorecard, *, urls: int, seed: int, limits) -> None:
    rng = random.Random(seed)
    print(f"I3 chaos seed={seed} urls={urls}")
    scorecard.note("chaos_seed", str(seed))
    real_parse = parsers.parse

    def parse(body, url=None, **kwargs):  # the "crash" fault: a parser bug on some pages
        if "/crash-" in (url or ""):
            raise RuntimeError("chaos parser bug")
        return real_parse(body, url, **kwargs)

    monkeypatch.setattr(parsers, "parse", parse)
    # made before any server runs: made on a server's event loop (at its first request) it held that
    # loop for seconds on a loaded machine, and the host's other pages timed out behind it
    gzip_bomb()
    servers = [FaultServer().start() for _ in range(5)]
    try:
        planned: dict[str, str] = {}
        sites = []
        for h, server in enumerate(servers):
            faults = chaos_faults(server, decoy.port)
            names = list(faults)
            weights = [WEIGHTS.get(name, 3) for name in names]
            paths = []
            for i in range(urls // len(servers)):
                fault = rng.choices(names, weights)[0]
                path = f"/news/{fault}-{h}-{i}-story"
                handler = faults[fault]
                if fault in ("ok", "crash"):
                    handler = page(story(f"Story {h} {i}"))
                elif fault == "redirect-loop":
                    handler = redirect(server.url(path))
                server.route(path, handler)
                planned[server.url(path)] = fault
                paths.append(path)
            server.route("/feed", page(feed(server, paths), content_type="application/rss+xml"))
            sites.append(Site(name=f"host{h}", feeds=(server.url("/feed"),), budget=10_000))
        started = time.monotonic()
        code, crawl = crawl_in_process(tmp_path / "a.db", sites, limits=limits, concurrency=5)
        wall = time.monotonic() - started
        outcome_rows = rows(tmp_path / "a.db", "SELECT url, outcome FROM fetches WHERE kind = 'article'")
        by_url = Counter(url for url, _ in outcome_rows)
        # a host that stopped taking pages (breaker, Retry-After, paused) has one row counting the URLs left
        left = Counter({origin: int(message.split()[0]) for origin, message in rows(
            tmp_path / "a.db", "SELECT url, error_message FROM fetches WHERE kind = 'host'")})
        unlogged = Counter(u.split("/news/")[0] + "/" for u in planned if by_url[u] == 0)
        not_one = [u for u in planned if by_url[u] > 1]
        not_one += [origin for origin in unlogged | left if unlogged[origin] != left[origin]]
        unknown = [o for _, o in outcome_rows if o not in OUTCOMES]
        ok_urls = {u for u, o in outcome_rows if o == "ok"}
        stored = rows(
            tmp_path / "a.db",
            "SELECT COUNT(*) FROM urls u JOIN articles a ON a.url = u.article_url WHERE u.status = 'ok'",
        )[0][0]
        mix = Counter(o for _, o in outcome_rows)
        print(f"I3 chaos: {len(planned)} URLs in {wall:.1f} s, exit {code}; outcomes {dict(mix)}")
        scorecard.tried("I", len(planned))
        scorecard.add("outcome_violations", len(not_one) + len(unknown) + len(set(by_url) - set(planned)))
        scorecard.add("lost", len(ok_urls) - stored)
        scorecard.add(
            "ssrf_attempts", sum(f.startswith("redirect-") and f != "redirect-loop" for f in planned.values())
        )
        scorecard.add("ssrf_connections", decoy.connections)
        assert not_one == [] and unknown == [] and set(by_url) <= set(planned)
        assert stored == len(ok_urls) and decoy.connections == 0
        # (connections per host are asserted in G8: here a stalled handler keeps counting its connection
        # long after the client gave up on it, so the server's figure is not the client's)
        for url, outcome in outcome_rows:  # the faults that have one right answer
            fault = planned[url]
            expected = {
                "redirect-decoy": "blocked:ssrf",
                "redirect-metadata": "blocked:ssrf",
                "redirect-file": "blocked:scheme",
                "crash": "parse:failed",
            }.get(fault)
            if expected and not outcome.startswith("deferred:") and outcome != "blocked:paused":
                assert outcome == expected, (url, outcome)
    finally:
        for server in servers:
            server.stop()


def test_i3_chaos_1000_urls_over_5_hosts(tmp_path, decoy, monkeypatch, scorecard):
    seed = int(os.environ.get("CHAOS_SEED", random.randrange(2**32)))
    chaos(
        tmp_path,
        decoy,
        monkeypatch,
        scorecard,
        urls=1000,
        seed=seed,
        limits=replace(SCALED, read_timeout=0.5, total_deadline=1.5, retries=0),
    )


@pytest.mark.slow
def test_i3_chaos_10000_urls_with_default_retries(tmp_path, decoy, monkeypatch, scorecard):
    seed = int(os.environ.get("CHAOS_SEED", random.randrange(2**32)))
    chaos(tmp_path, decoy, monkeypatch, scorecard, urls=10_000, seed=seed, limits=SCALED)
