"""F. Crawler traps, through the real `scraper crawl` command in a guarded child (RLIMIT_AS ~1 GiB, a
hard timeout, peak RSS and wall time measured). F2 (session IDs, utm_*) and F6 (one body under 50 URLs)
are also exercised in process by tests/test_crawl.py."""

from __future__ import annotations

from tests.harness.server import page

from .crawling import crawl_subprocess, rows
from .guard import record

STORY = (
    "<html><head><title>{t}</title></head><body><article><h1>{t}</h1>"
    + "<p>"
    + "The council met to discuss the harbour ferry timetable once more tonight. " * 10
    + "</p>"
    + "</article></body></html>"
)


def calendar():
    """/cal?m=N links to /cal?m=N+1 and back, for ever: an infinite calendar."""

    async def handler(request, conn):
        month = int(request.target.partition("m=")[2] or 0)
        body = (
            f"<html><body><a href='/cal?m={month + 1}'>next</a><a href='/cal?m={month - 1}'>prev</a>"
            f"<a href='/2024/05/07/story-of-month-{month}'>story</a></body></html>"
        ).encode()
        await page(body)(request, conn)

    return handler


def test_f1_f3_f4_infinite_calendar_loops_deep_and_long_urls(tmp_path, site_server, scorecard):
    s = site_server
    s.route("/cal", calendar())
    links = [
        "/a/b/a/b/a/b/a/b/story-loop",
        "/" + "x/" * 25 + "deep-story",
        "/long-" + "y" * 10_000,
        "/cal?m=1",
    ]
    s.route(
        "/",
        page(("<html><body>" + "".join(f"<a href='{u}'>l</a>" for u in links) + "</body></html>").encode()),
    )
    for month in range(-5, 5):
        s.route(f"/2024/05/07/story-of-month-{month}", page(STORY.format(t=f"Month {month}").encode()))
    result = crawl_subprocess(tmp_path, s.url("/"), timeout=120)
    record(scorecard, "F1/F3/F4 traps", result)
    assert result.returncode in (0, 1) and result.jail_violations == 0
    calendar_requests = [e for e in s.requests() if e.path == "/cal"]
    assert len(calendar_requests) <= 2  # link depth 2: the seed, then one hop
    trapped = rows(tmp_path / "a.db", "SELECT url FROM fetches WHERE outcome = 'blocked:trap'")
    assert len(trapped) == 3 and not [
        e for e in s.requests() if "deep-story" in e.path or "yyyy" in e.path or "story-loop" in e.path
    ]


def test_f5_unbounded_pagination_stops_at_the_host_budget(tmp_path, site_server, scorecard):
    s = site_server
    paths = [f"/page/{n}/story-on-page-{n}" for n in range(1, 2001)]
    items = "".join(f"<item><title>p</title><link>{s.url(p)}</link></item>" for p in paths)
    s.route(
        "/feed",
        page(
            f'<rss version="2.0"><channel>{items}</channel></rss>'.encode(),
            content_type="application/rss+xml",
        ),
    )

    async def any_page(request, conn):
        await page(STORY.format(t=f"Page {request.path}").encode())(request, conn)

    for path in paths:
        s.route(path, any_page)
    (tmp_path / "sites.toml").write_text(f'[sites.pages]\nfeeds = ["{s.url("/feed")}"]\nbudget = 50\n')
    result = crawl_subprocess(tmp_path, "--sites", str(tmp_path / "sites.toml"), timeout=180)
    record(scorecard, "F5 pagination", result)
    assert result.returncode in (0, 1) and result.jail_violations == 0
    pages = [e for e in s.requests() if e.path.startswith("/page/")]
    assert len(pages) <= 50
    outcomes = dict(
        rows(
            tmp_path / "a.db", "SELECT outcome, COUNT(*) FROM fetches WHERE kind = 'article' GROUP BY outcome"
        )
    )
    assert outcomes.get("deferred:budget", 0) >= 2000 - 50
