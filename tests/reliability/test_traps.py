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
    assert rows(tmp_path / "a.db", "SELECT COUNT(*) FROM fetches WHERE kind = 'article'") == [(len(pages),)]
    [(outcome, message)] = rows(
        tmp_path / "a.db", "SELECT outcome, error_message FROM fetches WHERE kind = 'host'"
    )
    assert outcome == "deferred:budget" and message.startswith(f"{2000 - len(pages)} URLs left due")


def test_f7_a_backlog_far_over_budget_costs_each_run_its_budget_not_its_backlog(
    tmp_path, site_server, scorecard
):
    """20,000 stories due, 20 pages a run: each of two runs in a row logs about its budget in rows (the
    pages it fetched and one row for the host, with the count left), not a deferred row per URL, and the
    stories stay due."""
    s = site_server
    backlog, budget = 20_000, 20
    paths = [f"/2026/05/{n:05d}/story-number-{n}" for n in range(backlog)]
    urls = "".join(f"<url><loc>{s.url(p)}</loc></url>" for p in paths)
    s.route("/sitemap.xml", page(f"<urlset>{urls}</urlset>".encode(), content_type="application/xml"))

    async def any_story(request, conn):
        await page(STORY.format(t=f"Story {request.path}").encode())(request, conn)

    for path in paths:
        s.route(path, any_story)
    sites = tmp_path / "sites.toml"
    sites.write_text(f'[sites.big]\nsitemaps = ["{s.url("/sitemap.xml")}"]\nbudget = {budget}\n')
    walls = []
    for run in (1, 2):
        result = crawl_subprocess(tmp_path, "--sites", str(sites), timeout=120)
        record(scorecard, f"F7 backlog run {run}", result, one_input=False)
        walls.append(result.wall)
        assert result.returncode in (0, 1) and result.jail_violations == 0
    per_run = rows(tmp_path / "a.db", "SELECT run_id, COUNT(*) FROM fetches GROUP BY run_id")
    print(f"F7: {backlog} due, budget {budget}: rows per run {per_run}, walls {walls}")
    scorecard.tried("F")
    scorecard.note("backlog_rows", " / ".join(str(n) for _, n in per_run)
                   + f" (F7: {backlog:,} due, budget {budget}; runs {walls[0]:.1f} s, {walls[1]:.1f} s)")
    # robots.txt, the sitemap, budget - 1 stories, the host row
    assert [n for _, n in per_run] == [budget + 2] * 2
    stored = rows(tmp_path / "a.db", "SELECT COUNT(*) FROM articles")[0][0]
    assert stored == 2 * (budget - 1)
    db = tmp_path / "a.db"
    [(message,)] = rows(db, "SELECT error_message FROM fetches WHERE kind = 'host' AND run_id = 2")
    assert message.startswith(f"{backlog - stored} URLs left due")
    still_due = rows(db, "SELECT COUNT(*) FROM urls WHERE kind = 'article' AND status = 'new'")
    assert still_due == [(backlog - stored,)]
