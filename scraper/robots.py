"""robots.txt per RFC 9309, parsed by protego, with the error handling crawlers most often get wrong.

    2xx                        the rules in the first 500 KiB
    4xx (not 429), a 2xx with  allow everything ("unavailable")
      an empty body, > 5
      redirects
    5xx, 429, network errors,  disallow everything for this run ("unreachable"), and try again next run
      timeouts, a hop our own
      policy refuses, a body
      we cannot decode

The group for our product token beats `*` (protego scores the longest matching token). Rules are cached per
origin for the run, and never longer than 24 hours.
"""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

# RFC 9309 2.5: cache for at most 24 hours.
ROBOTS_TTL = 24 * 3600.0

ALLOW_ALL, RULES, DISALLOW_ALL = "allow_all", "rules", "disallow_all"


@dataclass
class RobotsRules:
    status: str                     # ALLOW_ALL | RULES | DISALLOW_ALL
    reason: str                     # what the robots.txt fetch came back with, for the host report
    fetched_at: float
    parser: Protego | None = None
    # When the robots.txt fetch failed because of the host itself (our policy refused its address, or its
    # name does not resolve), page fetches report that outcome rather than blocked:robots.
    host_failure: str | None = None

    def allows(self, url: str, token: str) -> bool:
        if self.status == DISALLOW_ALL:
            return False
        if self.parser is None:
            return True
        return self.parser.can_fetch(url, token)

    def crawl_delay(self, token: str) -> float | None:
        return self.parser.crawl_delay(token) if self.parser is not None else None


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}/robots.txt"


def rules_from_response(outcome: str, status: int | None, body: bytes, *, fetched_at: float,
                        error_kind: str | None = None) -> RobotsRules:
    """Turn the result of fetching robots.txt into rules, following RFC 9309 section 2.3.1."""
    reason = f"{outcome} {status}" if status is not None else outcome
    if outcome == "ok" and status is not None and 200 <= status < 300:
        parser = Protego.parse(body.decode("utf-8", errors="replace"))
        return RobotsRules(RULES, reason, fetched_at, parser)
    if outcome == "skipped:empty":
        return RobotsRules(ALLOW_ALL, reason, fetched_at)
    if outcome == "error:http" and status is not None and 400 <= status < 500 and status != 429:
        return RobotsRules(ALLOW_ALL, reason, fetched_at)
    if outcome == "error:redirect_loop":
        # RFC 9309 2.3.1.2: after more than five redirects the crawler may assume robots.txt unavailable.
        return RobotsRules(ALLOW_ALL, reason, fetched_at)
    host_failure = outcome if outcome.startswith("blocked:") or error_kind == "dns" else None
    return RobotsRules(DISALLOW_ALL, reason, fetched_at, host_failure=host_failure)


class RobotsCache:
    """robots.txt rules per origin (scheme, host, port), fetched once per run through `fetch`."""

    def __init__(self, fetch: Callable[[str], Awaitable[RobotsRules]], *, clock: Callable[[], float]):
        self._fetch = fetch
        self._clock = clock
        self.rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def rules_for(self, url: str) -> RobotsRules:
        key = robots_url(url)
        async with self._locks.setdefault(key, asyncio.Lock()):
            rules = self.rules.get(key)
            if rules is None or self._clock() - rules.fetched_at > ROBOTS_TTL:
                rules = await self._fetch(key)
                self.rules[key] = rules
            return rules
