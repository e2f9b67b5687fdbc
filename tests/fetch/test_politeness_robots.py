"""reliability.md group G: politeness and robots.txt. Delays run on the fake clock; the fault server stamps
its log with the same clock, so the gaps asserted are the gaps the server saw."""
from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from scraper.fetch import user_agent
from scraper.politeness import LATENCY_FACTOR, Politeness, parse_retry_after
from scraper.robots import ROBOTS_TTL
from tests.harness import server as S
from tests.harness.clock import FakeClock

from .conftest import AGENT, MiB, run

HTML = b"<html><body><p>Ferry timetable changes from Monday.</p></body></html>"


def robots(text: str):
    return S.page(text.encode(), content_type="text/plain")


@pytest.fixture
def site(fault_server):
    """news.test serving a few pages; the test sets robots.txt."""
    for path in ("/a", "/b", "/c", "/d", "/news/a", "/news/b", "/about", "/private/x", "/x/a", "/early/x",
                 "/late/x", "/feed.xml"):
        fault_server.route(path, S.page(HTML))
    return lambda path: fault_server.url(path, host="news.test")


def page_gaps(server) -> list[float]:
    times = [e.request.time for e in server.page_requests()]
    return [b - a for a, b in zip(times, times[1:], strict=False)]


def test_g1_disallowed_paths_never_requested(fault_server, make_fetcher, site, scorecard):
    fault_server.route("/robots.txt", robots("User-agent: *\nDisallow: /news/\n"))
    responses = run(make_fetcher(), [site("/news/a"), site("/news/b"), site("/about")])
    disallowed = [e for e in fault_server.requests() if e.path.startswith("/news/")]
    scorecard.add("robots_violations", len(disallowed))
    assert [r.outcome for r in responses] == ["blocked:robots", "blocked:robots", "ok"]
    assert [e.path for e in fault_server.requests() if e.path.startswith("/news/")] == []
    assert len(fault_server.requests("/robots.txt")) == 1           # cached for the run


@pytest.mark.parametrize("code", [401, 403, 404, 410])
def test_g2_robots_4xx_allows_everything(fault_server, make_fetcher, site, code):
    fault_server.route("/robots.txt", S.status(code))
    [response] = run(make_fetcher(), [site("/a")])
    assert response.outcome == "ok"


@pytest.mark.parametrize("handler", [S.status(500), S.status(503), S.stall()], ids=["500", "503", "timeout"])
def test_g3_robots_unreachable_disallows_all_for_the_run(fault_server, make_fetcher, site, handler):
    fault_server.route("/robots.txt", handler)
    fetcher = make_fetcher()
    responses = run(fetcher, [site("/a"), site("/b")])
    assert [r.outcome for r in responses] == ["blocked:robots", "blocked:robots"]
    assert fault_server.page_requests() == []
    robots_requests = len(fault_server.requests("/robots.txt"))
    assert robots_requests <= 3                                    # one attempt and at most two retries
    # The next run asks again: the failure is not cached beyond the run.
    fault_server.route("/robots.txt", S.status(404))
    [again] = run(make_fetcher(), [site("/a")])
    assert again.outcome == "ok"
    assert len(fault_server.requests("/robots.txt")) == robots_requests + 1


def test_g4_robots_429_is_unreachable(fault_server, make_fetcher, site):
    fault_server.route("/robots.txt", S.status(429))
    fetcher = make_fetcher()
    responses = run(fetcher, [site("/a"), site("/b")])
    assert [r.outcome for r in responses] == ["blocked:robots", "blocked:robots"]
    assert fault_server.page_requests() == []
    assert fetcher.host_report()["news.test"]["paused"] is False   # robots.txt answers are not page refusals


def test_g5_huge_robots_only_first_500_kib_parsed(fault_server, make_fetcher, site):
    padding = "# " + "x" * 98 + "\n"
    text = "User-agent: *\nDisallow: /early/\n" + padding * 50_000 + "Disallow: /late/\n"   # about 5 MB
    fault_server.route("/robots.txt", robots(text))
    fetcher = make_fetcher()
    responses = run(fetcher, [site("/early/x"), site("/late/x")])
    assert [r.outcome for r in responses] == ["blocked:robots", "ok"]
    [entry] = fault_server.requests("/robots.txt")
    assert fetcher.host_report()["news.test"]["bytes_received"] < 600 * 2**10 + 64 * 2**10


def test_g5_robots_gzip_bomb_bounded(fault_server, make_fetcher, site):
    rules = b"User-agent: *\nDisallow: /early/\n"
    fault_server.route("/robots.txt", S.streamed(
        lambda: S.compressed(iter([rules, *S.zeros(2**30, MiB)]), 31),
        content_type="text/plain", headers=[("Content-Encoding", "gzip")]))
    responses = run(make_fetcher(), [site("/early/x"), site("/a")])
    assert [r.outcome for r in responses] == ["blocked:robots", "ok"]


def test_g5_html_instead_of_robots_allows(fault_server, make_fetcher, site):
    fault_server.route("/robots.txt", S.page(b"<html><body><h1>Welcome</h1><p>Disallow: /</p></body></html>"))
    [response] = run(make_fetcher(), [site("/a")])
    assert response.outcome == "ok"


def test_g6_robots_redirects_followed_up_to_five_hops(fault_server, make_fetcher, site):
    fault_server.route("/robots.txt", S.redirect("/r1"))
    fault_server.route("/r1", S.redirect(fault_server.url("/r2", host="other.test")))
    fault_server.route("/r2", S.redirect("/real-robots.txt"))
    fault_server.route("/real-robots.txt", robots("User-agent: *\nDisallow: /x/\n"))
    responses = run(make_fetcher(), [site("/x/a"), site("/a")])
    # Rules found after 3 hops apply to the original host.
    assert [r.outcome for r in responses] == ["blocked:robots", "ok"]


def test_g6_more_than_five_robots_redirects_means_unavailable(fault_server, make_fetcher, site):
    fault_server.route("/robots.txt", S.redirect("/h1"))
    for n in range(1, 8):
        fault_server.route(f"/h{n}", S.redirect(f"/h{n + 1}"))
    fault_server.route("/h8", robots("User-agent: *\nDisallow: /\n"))
    [response] = run(make_fetcher(), [site("/a")])
    # RFC 9309 2.3.1.2: after more than five redirects robots.txt may be taken as unavailable (allow all).
    assert response.outcome == "ok"
    assert len([e for e in fault_server.requests() if e.path.startswith("/h")]) == 5
    assert fault_server.requests("/h8") == []


def test_g7_crawl_delay_obeyed(fault_server, make_fetcher, site, scorecard):
    fault_server.route("/robots.txt", robots("User-agent: *\nCrawl-delay: 2\n"))
    fetcher = make_fetcher()
    responses = run(fetcher, [site(p) for p in ("/a", "/b", "/c", "/d")])
    assert all(r.ok for r in responses)
    times = [e.request.time for e in fault_server.requests()]          # robots.txt included
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    scorecard.least("gap_ratio", min(gaps) / 2.0)
    assert len(gaps) == 4 and min(gaps) >= 2.0, gaps
    assert fetcher.host_report()["news.test"]["delay"] == 2.0


def test_g7_configured_delay_is_the_floor(fault_server, make_fetcher, site, scorecard):
    fault_server.route("/robots.txt", robots("User-agent: *\nCrawl-delay: 0.5\n"))
    run(make_fetcher(), [site(p) for p in ("/a", "/b", "/c")])
    scorecard.least("gap_ratio", min(page_gaps(fault_server)) / 1.0)
    assert min(page_gaps(fault_server)) >= 1.0                       # min_delay 1 s beats Crawl-delay 0.5


def test_g7_huge_crawl_delay_limits_host_and_is_reported(fault_server, make_fetcher, site):
    fault_server.route("/robots.txt", robots("User-agent: *\nCrawl-delay: 86400\n"))
    fetcher = make_fetcher()

    async def go():
        async with fetcher:
            article = await fetcher.fetch(site("/a"))
            return article, [await fetcher.fetch(site("/feed.xml"), kind="feed") for _ in range(2)]
    article, (feed_1, feed_2) = asyncio.run(go())
    assert article.outcome == "deferred:budget"
    assert feed_1.ok and feed_2.ok
    report = fetcher.host_report()["news.test"]
    assert report["crawl_delay"] == 86400 and report["crawl_delay_over_cap"] is True
    times = [e.request.time for e in fault_server.requests()]          # robots.txt, feed, feed
    assert [b - a for a, b in zip(times, times[1:], strict=False)] == [300.0, 300.0]   # capped at 300 s


def test_g8_one_connection_per_host(fault_server, make_fetcher, site, scorecard):
    fault_server.route("/robots.txt", S.status(404))
    fault_server.route("/slow", S.drip(0.01, total=20))
    urls = [site(p) for p in ("/a", "/b", "/c", "/d", "/slow", "/about")]
    responses = run(make_fetcher(), urls, concurrent=True)
    assert all(r.ok for r in responses)
    scorecard.worst("conns_per_host", fault_server.max_concurrent["news.test"], "G8")
    assert fault_server.max_concurrent["news.test"] == 1


@pytest.mark.parametrize("retry_after", ["3", "date"])
def test_g9_retry_after_waited(fault_server, make_fetcher, site, retry_after, scorecard):
    fault_server.route("/robots.txt", S.status(404))
    now = datetime(2026, 11, 28, 6, 0, tzinfo=UTC)
    headers = [("Retry-After", "3")] if retry_after == "3" else \
        [("Date", format_datetime(now, usegmt=True)),
         ("Retry-After", format_datetime(now + timedelta(seconds=3), usegmt=True))]
    fault_server.route("/limited", S.sequence(S.status(429, headers=headers), S.page(HTML)))
    responses = run(make_fetcher(), [site("/limited"), site("/a")])
    assert [r.outcome for r in responses] == ["ok", "ok"]
    times = [e.request.time for e in fault_server.page_requests()]
    scorecard.add("retry_after_violations", sum(t < times[0] + 3.0 for t in times[1:]))
    assert len(times) == 3 and times[1] - times[0] >= 3.0 and times[2] - times[1] >= 1.0, times


def test_g9_retry_after_holds_back_concurrent_fetches(fault_server, make_fetcher, site, scorecard):
    fault_server.route("/robots.txt", S.status(404))
    fault_server.route("/limited", S.sequence(S.status(429, headers=[("Retry-After", "30")]), S.page(HTML)))
    responses = run(make_fetcher(), [site("/limited"), site("/a"), site("/b")], concurrent=True)
    assert all(r.ok for r in responses)
    [refused] = [e for e in fault_server.page_requests() if e.path == "/limited"][:1]
    later = [e.request.time for e in fault_server.page_requests() if e.request.time > refused.request.time]
    scorecard.add("retry_after_violations", sum(t < refused.request.time + 30 for t in later))
    assert len(later) == 3 and min(later) >= refused.request.time + 30


@pytest.mark.parametrize("concurrent", [False, True])
def test_g10_retry_after_beyond_cap_defers_host(fault_server, make_fetcher, site, concurrent, scorecard):
    fault_server.route("/robots.txt", S.status(404))
    fault_server.route("/a", S.status(429, headers=[("Retry-After", "86400")]))
    fetcher = make_fetcher()
    responses = run(fetcher, [site("/a"), site("/b"), site("/c")], concurrent=concurrent)
    assert [r.outcome for r in responses] == ["deferred:retry_after"] * 3
    scorecard.add("retry_after_violations", len(fault_server.page_requests()) - 1)
    assert len(fault_server.page_requests()) == 1
    assert fetcher.host_report()["news.test"]["deferred"] is True


def test_g11_503_storm_backs_off_then_breaks(fault_server, make_fetcher, site, fake_clock, scorecard):
    fault_server.route("/robots.txt", S.status(404))
    for path in ("/a", "/b", "/c", "/d", "/about"):
        fault_server.route(path, S.status(503))
    fetcher = make_fetcher()
    responses = run(fetcher, [site(p) for p in ("/a", "/b", "/c", "/d", "/about")])
    outcomes = [r.outcome for r in responses]
    assert outcomes == ["error:http"] * 2 + ["deferred:breaker"] * 3
    assert responses[0].status == 503
    requests = len(fault_server.page_requests())
    scorecard.worst("storm_requests", requests, "G11")
    scorecard.note("storm_budget", "20")
    assert requests <= (2 + 1) * 5 + 5 and requests == 5          # 3 attempts, then 2 until the breaker
    assert fetcher.host_report()["news.test"]["breaker"] is True
    # Back-off waits were requested between attempts (full jitter, at most 2 s then 4 s).
    assert fake_clock.now - 1000.0 < 60


def test_g12_user_agent_and_our_robots_group(fault_server, make_fetcher, site):
    fault_server.route("/robots.txt", robots(
        "User-agent: *\nDisallow: /\n\nUser-agent: NewsArchiveBot\nDisallow: /private/\n"))
    responses = run(make_fetcher(), [site("/a"), site("/private/x")])
    assert [r.outcome for r in responses] == ["ok", "blocked:robots"]
    assert {e.request.headers["user-agent"] for e in fault_server.requests()} == {AGENT}
    assert "+" not in user_agent() and "http" not in user_agent(), "no placeholder posing as a contact"
    assert user_agent(contact="https://me.example/bot").endswith("(+https://me.example/bot)")
    assert user_agent("Custom/1 (+mailto:a@b.c)") == "Custom/1 (+mailto:a@b.c)"
    assert user_agent("Custom/1 (+mailto:a@b.c)", "mailto:a@b.c") == "Custom/1 (+mailto:a@b.c)"


@pytest.mark.parametrize("path", [
    "/news/2026/%2E%2E/%2E%2E/private/x",
    "/news/%2e%2e/private/x",
    "/news/.%2E/private/x",
    "/%70rivate/x",
])
def test_g13_percent_encoded_dot_segments_are_judged_where_they_lead(fault_server, make_fetcher, site, path,
                                                                     scorecard):
    """RFC 3986: `%2E%2E` is a dot segment and `%70` is `p`; robots.txt judges the path they resolve to."""
    fault_server.route("/robots.txt", robots("User-agent: *\nDisallow: /private/\n"))
    fault_server.route("/hop", S.redirect(path))
    responses = run(make_fetcher(), [site(path), site("/hop")])
    scorecard.add("robots_violations", len([e for e in fault_server.requests() if "private" in e.path
                                            or "%70" in e.path]))
    assert [r.outcome for r in responses] == ["blocked:robots", "blocked:robots"]
    assert [e.path for e in fault_server.page_requests()] == ["/hop"]


def test_g14_a_crawl_from_a_homepage_reads_robots_txt_once(tmp_path, fault_server):
    """The Fetcher reads robots.txt for its rules, discovery for its `Sitemap:` lines: one request per
    origin and run (with a Crawl-delay of 300 s a second one would double the wait), also for two seeds."""
    from scraper.config import Site
    from tests.reliability.crawling import crawl_in_process

    fault_server.route("/robots.txt", robots(f"User-agent: *\nSitemap: {fault_server.url('/sitemap.xml')}\n"))
    fault_server.route("/", S.page(b"<html><body><a href='/news/2026/05/harbour-ferry-story'>s</a></body>"))
    fault_server.route("/sitemap.xml", S.page(b"<urlset></urlset>", content_type="application/xml"))
    fault_server.route("/news/2026/05/harbour-ferry-story", S.page(HTML))
    for seeds in ([fault_server.url("/")], [fault_server.url("/"), fault_server.url("/?section=news")]):
        crawl_in_process(tmp_path / f"{len(seeds)}.db", [Site(name="s", seeds=tuple(seeds))])
    # two runs (one seed, then two seeds on the same origin): one request each
    assert len(fault_server.requests("/robots.txt")) == 2


def test_repeated_refusals_pause_the_host(fault_server, make_fetcher, site):
    fault_server.route("/robots.txt", S.status(404))
    for path in ("/a", "/b", "/c"):
        fault_server.route(path, S.status(403))
    fetcher = make_fetcher()
    responses = run(fetcher, [site(p) for p in ("/a", "/b", "/c", "/d")])
    assert [r.outcome for r in responses] == ["error:http", "error:http", "error:http", "blocked:paused"]
    assert len(fault_server.page_requests()) == 3
    report = fetcher.host_report()["news.test"]
    assert report["paused"] is True and "refusals" in report["stopped_because"]


def test_challenge_pages_pause_the_host(fault_server, make_fetcher, site):
    fault_server.route("/robots.txt", S.status(404))
    challenge = S.status(503, headers=[("cf-mitigated", "challenge")], body=b"<html>One moment...</html>")
    for path in ("/a", "/b", "/c"):
        fault_server.route(path, challenge)
    responses = run(make_fetcher(retries=0), [site(p) for p in ("/a", "/b", "/c", "/d")])
    assert [r.outcome for r in responses][-1] == "blocked:paused"
    assert len(fault_server.page_requests()) == 3


def test_page_budget_per_host(fault_server, make_fetcher, site):
    fault_server.route("/robots.txt", S.status(404))
    responses = run(make_fetcher(host_page_budget=3), [site(p) for p in ("/a", "/b", "/c", "/d", "/about")])
    assert [r.outcome for r in responses] == ["ok"] * 3 + ["deferred:budget"] * 2
    assert len(fault_server.page_requests()) == 3


def test_robots_cache_expires_after_24_hours(fault_server, make_fetcher, site, fake_clock):
    fault_server.route("/robots.txt", S.status(404))
    fetcher = make_fetcher()

    async def go():
        async with fetcher:
            await fetcher.fetch(site("/a"))
            fake_clock.now += ROBOTS_TTL + 1
            await fetcher.fetch(site("/b"))
    asyncio.run(go())
    assert len(fault_server.requests("/robots.txt")) == 2


# ----------------------------------------------------------------- the scheduler on its own


def test_delay_is_three_times_the_last_latency():
    clock = FakeClock()
    politeness = Politeness(min_delay=1.0, max_crawl_delay=300, retry_after_cap=3600, breaker_threshold=5,
                            host_page_budget=10, clock=clock, sleep=clock.sleep)

    async def go():
        async with politeness.slot("slow.test"):
            clock.now += 2.0                                 # the request took 2 s
        finished = clock.now
        async with politeness.slot("slow.test"):
            return clock.now - finished
    waited = asyncio.run(go())
    assert waited == pytest.approx(LATENCY_FACTOR * 2.0)
    assert clock.sleeps == [pytest.approx(6.0)]


def test_explicit_zero_delay_turns_latency_spacing_off():
    """--delay 0 (a benchmark on loopback) means no spacing at all; the default keeps 3x latency."""
    from scraper.fetch import Fetcher
    assert Fetcher(user_agent="t/1 (+https://example.org)", delay=0).politeness.latency_factor == 0
    agent = "t/1 (+https://example.org)"
    assert Fetcher(user_agent=agent, delay=0.5).politeness.latency_factor == LATENCY_FACTOR
    assert Fetcher(user_agent=agent).politeness.latency_factor == LATENCY_FACTOR


def test_backoff_is_full_jitter_and_capped():
    politeness = Politeness(min_delay=1, max_crawl_delay=300, retry_after_cap=3600, breaker_threshold=5,
                            host_page_budget=10, rng=random.Random(7))
    for attempt, ceiling in [(0, 2), (1, 4), (2, 8), (10, 300)]:
        waits = [politeness.backoff(attempt) for _ in range(200)]
        assert 0 <= min(waits) and max(waits) <= ceiling
        assert max(waits) > ceiling / 2                       # spread over the whole range, not fixed


@pytest.mark.parametrize("value, date, expected", [
    ("3", None, 3.0),
    ("  120 ", None, 120.0),
    ("Sat, 28 Nov 2026 06:00:10 GMT", "Sat, 28 Nov 2026 06:00:00 GMT", 10.0),
    ("Sat, 28 Nov 2026 05:00:00 GMT", "Sat, 28 Nov 2026 06:00:00 GMT", 0.0),
    ("soon", None, None),
    ("-5", None, None),
    ("", None, None),
])
def test_parse_retry_after(value, date, expected):
    assert parse_retry_after(value, date_header=date) == expected
