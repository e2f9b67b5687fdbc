"""reliability.md group B: time. Short real deadlines (1 s connect and read timeouts, 2 s per fetch); the
politeness delays run on the fake clock so they cost nothing here."""
from __future__ import annotations

import asyncio
import socket
import time

import pytest

from scraper.fetch import Fetcher
from tests.harness import server as S

from .conftest import AGENT, TEST_LIMITS, run


def timed_fetch(make_fetcher, server, path, **limits):
    server.route("/robots.txt", S.status(404))
    fetcher = make_fetcher(**limits)
    started = time.monotonic()
    [response] = run(fetcher, [server.url(path, host="news.test")])
    return response, time.monotonic() - started


def test_b1_no_status_line_is_read_timeout(fault_server, make_fetcher):
    fault_server.route("/silent", S.stall())
    response, took = timed_fetch(make_fetcher, fault_server, "/silent", retries=0)
    assert response.outcome == "error:timeout_read"
    assert abs(took - 1.0) <= 1.0, took


def test_b2_headers_then_stall_is_read_timeout(fault_server, make_fetcher):
    fault_server.route("/half", S.stall(after_headers=True))
    response, took = timed_fetch(make_fetcher, fault_server, "/half", retries=0)
    assert response.outcome == "error:timeout_read" and response.status == 200
    assert abs(took - 1.0) <= 1.0, took


def test_b3_drip_feed_hits_the_total_deadline(fault_server, make_fetcher):
    """One byte per 0.25 s never trips a 1 s read timeout; only the 2 s deadline over the fetch stops it."""
    fault_server.route("/drip", S.drip(0.25))
    response, took = timed_fetch(make_fetcher, fault_server, "/drip")
    assert response.outcome == "error:timeout_total"
    assert took <= 2 + 1, took


def test_deadline_covers_retries_and_redirect_hops(fault_server, make_fetcher):
    """Three 1 s read timeouts do not fit in 2.5 s: the third attempt is cut by the fetch deadline."""
    fault_server.route("/hop", S.redirect("/silent"))
    fault_server.route("/silent", S.stall())
    response, took = timed_fetch(make_fetcher, fault_server, "/hop", total_deadline=2.5)
    assert response.outcome == "error:timeout_total"
    assert len(fault_server.requests("/silent")) == 3
    assert took <= 2.5 + 1, took


def test_connection_refused_is_connect_error_after_retries(fault_server, resolver, fake_clock):
    with socket.socket() as probe:         # a loopback port with nobody listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    fetcher = Fetcher(user_agent=AGENT, limits=TEST_LIMITS, allow={("127.0.0.1", port)},
                      resolver=resolver, clock=fake_clock, sleep=fake_clock.sleep)
    [response] = run(fetcher, [f"http://news.test:{port}/a"])
    # robots.txt could not be reached (network error), so the whole host is off limits for the run.
    assert response.outcome == "blocked:robots"
    report = fetcher.host_report()["news.test"]
    assert report["requests"] == 3                        # robots.txt: one attempt and two retries
    assert list(report["robots"].values()) == ["error:connect"]


def test_unresolvable_name_is_connect_error(make_fetcher):
    [response] = run(make_fetcher(), ["http://nowhere.test/a"])
    assert response.outcome == "error:connect" and response.error_kind == "dns"


def test_real_clock_is_wired_up(fault_server, resolver):
    """Without a fake clock the delay between two requests to a host is really waited."""
    fault_server.route("/robots.txt", S.status(404))
    fault_server.route("/a", S.page(b"<html>a</html>"))
    fetcher = Fetcher(user_agent=AGENT, limits=TEST_LIMITS, allow={("127.0.0.1", fault_server.port)},
                      resolver=resolver, delay=0.3)
    starts = []

    async def go():
        async with fetcher:
            for _ in range(2):
                starts.append(time.monotonic())
                await fetcher.fetch(fault_server.url("/a", host="news.test"))
    asyncio.run(go())
    # robots.txt, then /a after >= 0.3 s, then /a again after >= 0.3 s.
    assert time.monotonic() - starts[0] >= 0.6


def test_started_at_and_elapsed_ms_measure_the_exchange_not_the_politeness_wait(fault_server, resolver):
    """A 0.5 s delay before the second request is waiting (wait_ms), not latency: elapsed_ms is the request
    itself, and started_at is when it went out."""
    from datetime import datetime

    fault_server.route("/robots.txt", S.status(404))
    fault_server.route("/a", S.page(b"<html>a</html>"))
    fetcher = Fetcher(user_agent=AGENT, limits=TEST_LIMITS, allow={("127.0.0.1", fault_server.port)},
                      resolver=resolver, delay=0.5)
    called = []

    async def go():
        async with fetcher:
            responses = []
            for _ in range(2):
                called.append(datetime.now().astimezone())
                responses.append(await fetcher.fetch(fault_server.url("/a", host="news.test")))
            return responses
    first, second = asyncio.run(go())
    assert first.outcome == second.outcome == "ok"
    # the first fetch waited for robots.txt and its delay; the second for the delay after the first
    assert second.wait_ms >= 400 and second.elapsed_ms < 300, (second.wait_ms, second.elapsed_ms)
    assert (datetime.fromisoformat(second.started_at) - called[1]).total_seconds() >= 0.4


@pytest.mark.slow
def test_b3_full_size_drip_deadline(fault_server, make_fetcher):
    """The default 30 s deadline, for real: a drip-feed of 1 byte per 0.5 s ends at <= 31 s."""
    fault_server.route("/drip", S.drip(0.5))
    response, took = timed_fetch(make_fetcher, fault_server, "/drip", read_timeout=15, total_deadline=30)
    assert response.outcome == "error:timeout_total" and took <= 31


def test_b6_a_stalled_event_loop_is_not_the_servers_timeout(fault_server, make_fetcher):
    """The page is on its way in 0.2 s, but the crawler's own event loop stands still for 2.5 s (a
    listing parsed on it, a starved process): the 1 s read timeout and 2 s deadline measure the exchange,
    not the wait for the loop, so the fetch is asked again instead of recorded as the server's timeout."""
    fault_server.route("/robots.txt", S.status(404))

    async def quick(request, conn):
        await asyncio.sleep(0.2)
        await S.page(b"<html><body><p>On time.</p></body></html>")(request, conn)

    fault_server.route("/quick", quick)
    fetcher = make_fetcher()

    async def go():
        async with fetcher:
            await fetcher.fetch(fault_server.url("/robots.txt", host="news.test"), kind="robots")
            asyncio.get_running_loop().call_later(0.05, time.sleep, 2.5)
            return await fetcher.fetch(fault_server.url("/quick", host="news.test"))
    response = asyncio.run(go())
    assert response.outcome == "ok", (response.outcome, response.error_message)
    assert fetcher.host_report()["news.test"]["breaker"] is False
