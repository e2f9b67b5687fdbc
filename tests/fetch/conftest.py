"""Fetch-layer tests: every test runs inside the network jail, against loopback servers, with fake DNS and
(for politeness) a fake clock. Limits are scaled down (1 MiB body cap, 1 s read timeout, 2 s deadline)."""
from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from scraper.fetch import Fetcher, Limits, Response
from tests.harness.fixtures import decoy, fake_clock, fault_server, network_jail  # noqa: F401
from tests.harness.resolver import FakeResolver

MiB = 2**20
AGENT = "NewsArchiveBot/0.1 (+https://example.org/newsarchivebot)"
TEST_LIMITS = Limits(max_body=MiB, max_sitemap_body=MiB, connect_timeout=1, read_timeout=1, total_deadline=2)
NAMES = {
    "news.test": ["127.0.0.1"],
    "other.test": ["127.0.0.1"],
    "r.test": ["127.0.0.1"],
    "xn--bcher-kva.test": ["127.0.0.1"],          # bücher.test
    "private.test": ["10.0.0.1"],
    "mixed.test": ["127.0.0.1", "192.168.1.1"],
    "rebind.test": [["127.0.0.1"], ["10.0.0.1"]],
}


@pytest.fixture(autouse=True)
def _jail(network_jail):  # noqa: F811
    return network_jail


@pytest.fixture
def resolver():
    return FakeResolver(NAMES)


@pytest.fixture
def make_fetcher(fault_server, resolver, fake_clock):  # noqa: F811
    """A Fetcher allowed to reach the fault server only, on the fake clock, with scaled-down limits."""
    def make(*, allow=None, clock=fake_clock, sleep=None, **limits) -> Fetcher:
        return Fetcher(user_agent=AGENT, limits=replace(TEST_LIMITS, **limits),
                       allow={("127.0.0.1", fault_server.port)} if allow is None else allow,
                       resolver=resolver, clock=clock, sleep=sleep or clock.sleep)
    return make


def run(fetcher: Fetcher, urls: list[str], *, concurrent: bool = False, **kwargs) -> list[Response]:
    """Fetch `urls` in one event loop (in order, or all at once) and close the fetcher."""
    async def go():
        async with fetcher:
            if concurrent:
                return await asyncio.gather(*(fetcher.fetch(url, **kwargs) for url in urls))
            return [await fetcher.fetch(url, **kwargs) for url in urls]
    return asyncio.run(go())
