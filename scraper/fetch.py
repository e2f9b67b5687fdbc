"""Safe, bounded, polite HTTP fetching: `Fetcher.fetch(url) -> Response`, never an exception for a network,
content or policy problem. The outcome code on the response says what happened (CRAWL_CONTRACT.md).

One fetch, in order, for every hop of a redirect chain (we follow redirects ourselves, at most 5):

    scheme (http/https)  ->  host stopped? (paused / breaker / Retry-After / page budget)
    ->  robots.txt for the origin (robots)
    ->  resolve once, every address public or allowlisted (netpolicy)  ->  pin the checked addresses
    ->  the host's single slot after its delay (politeness)  ->  GET, dialling only the pinned addresses
    ->  3xx: next hop without reading the body; otherwise the body read raw and decoded by us, 64 KiB
        per step, under the size cap
    ->  retries (connect errors, timeouts, 408, 429, 5xx) with full-jitter back-off or Retry-After

Measured httpx pitfalls this works around (reliability.md): it decodes a compressed chunk in one go (we read
`aiter_raw()` and inflate with bounded output), its timeouts are per operation (we add a deadline over all
hops), `follow_redirects` skips our policy and reads 3xx bodies (we follow by hand), and it widens
Accept-Encoding when brotli or zstandard is importable (we set it explicitly).
"""
from __future__ import annotations

import asyncio
import base64
import functools
import random
import re
import select
import socket
import ssl
import time
import zlib
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from http.cookiejar import CookieJar, CookiePolicy
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from . import __version__
from .netpolicy import (
    ALLOWED_SCHEMES,
    DEFAULT_PORTS,
    AddressBlocked,
    NetPolicy,
    Pins,
    ResolutionFailed,
    Resolver,
    normalise_allow,
    numeric_address,
    system_resolver,
)
from .politeness import LATENCY_FACTOR, Clock, Politeness, Sleep, parse_retry_after
from .robots import ROBOTS_TTL, RobotsCache, RobotsRules, rules_from_response
from .urls import with_normal_path

# Identifies us in every request; the operator's contact URL (`--contact`, sites.toml `contact`) lets a
# site owner reach them. There is no default contact: the project's own address is not the operator's.
BOT_TOKEN = "NewsArchiveBot"

# Only what we decode ourselves, with bounded output. Never br/zstd: no bounded decoder for them here.
ACCEPT_ENCODING = "gzip, deflate"
ACCEPT = {
    "article": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    "section": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    "feed": "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1",
    "sitemap": "application/xml,text/xml;q=0.9,*/*;q=0.1",
    "robots": "text/plain,*/*;q=0.1",
}
# Output of one decompression step, and the bytes of an error page we look at (challenge detection).
DECODE_STEP = 64 * 2**10
ERROR_BODY_CAP = 64 * 2**10
DRAIN_CAP = 64 * 2**10
# httpcore bounds the header block (about 100 KiB); we also bound how many header lines we keep.
MAX_RESPONSE_HEADERS = 256
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
RETRY_OUTCOMES = frozenset({"error:connect", "error:timeout_connect", "error:timeout_read"})
TIMEOUT_OUTCOMES = frozenset({"error:timeout_connect", "error:timeout_read"})
# A request that timed out while the crawler's own event loop stood still is asked again, this often at
# most: the wait was ours, not the server's (LoopLag).
STALL_REPEATS = 2
REFUSAL_STATUSES = frozenset({403, 429})
# Headers that carry credentials; never sent to a different origin than the one they were given for.
CREDENTIAL_HEADERS = ("cookie", "authorization", "proxy-authorization")
# Markers of bot-challenge interstitials (on 403/429/503); we pause the host, we never solve them.
CHALLENGE_MARKERS = (b"cf-chl", b"challenge-platform", b"captcha", b"_incapsula_resource", b"px-captcha")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Content types that are certainly not a page, a feed or a sitemap.
BINARY_TYPE_PREFIXES = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip",
                        "application/octet-stream", "application/vnd.", "application/msword")
# Leading bytes of binary formats that servers mislabel as text/html.
BINARY_MAGIC = (b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x1f\x8b", b"RIFF",
                b"\x00\x00\x00", b"OggS", b"ID3", b"wOFF", b"wOF2", b"\xd0\xcf\x11\xe0")
GZIP_MAGIC = b"\x1f\x8b"
BUDGET_SPENT = "host page budget spent"
CRAWL_DELAY_OVER_CAP = "Crawl-delay over the cap: feeds and sitemaps only"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
UTF16_LABEL = re.compile(r"charset\s*=\s*[\"']?\s*utf-?16", re.I)


@dataclass(frozen=True)
class Limits:
    """Defaults from reliability.md "Default limits", except `min_delay`: the crawler's `--delay` defaults
    to 1 s (the issue's CLI default), below reliability.md's 2 s floor; pass `min_delay=2.0` for that."""

    max_body: int = 10 * 2**20
    max_sitemap_body: int = 50 * 2**20
    max_robots: int = 500 * 2**10
    connect_timeout: float = 10
    read_timeout: float = 15
    total_deadline: float = 30
    max_redirects: int = 5
    retries: int = 2
    min_delay: float = 1.0
    latency_factor: float = LATENCY_FACTOR   # the next request waits at least this x the last latency
    max_crawl_delay: float = 300
    breaker_threshold: int = 5
    host_page_budget: int = 500
    retry_after_cap: float = 3600

    def body_cap(self, kind: str) -> int:
        if kind == "robots":
            return self.max_robots
        return self.max_sitemap_body if kind == "sitemap" else self.max_body


@dataclass(frozen=True)
class Exchange:
    """An answer a fetch received before its last one (a redirect, a retried error), kept so the raw
    capture holds every response; its body was not read."""

    url: str
    status: int
    reason: str
    headers: list[tuple[str, str]]
    request_headers: list[tuple[str, str]]
    started_at: str
    outcome: str                     # "redirect", or why it was retried ("error:http", ...)
    body: bytes = b""

    @property
    def final_url(self) -> str:
        return self.url


@dataclass
class Response:
    url: str
    final_url: str
    status: int | None
    reason: str
    headers: list[tuple[str, str]]
    request_headers: list[tuple[str, str]]
    body: bytes                      # content-decoded, capped; empty unless the outcome is ok
    content_type: str | None
    started_at: str                  # when the first request went out (when fetch() was called, if none did)
    elapsed_ms: int                  # network time: requests sent to bodies read, over all hops and retries
    outcome: str                     # "ok", "not_modified" or a code from CRAWL_CONTRACT.md
    error_kind: str | None
    error_message: str | None
    redirects: list[str]             # every URL that answered with a redirect, in order
    raw_bytes: int = 0               # body bytes read off the wire for the final response (before decoding)
    http_version: str | None = None  # "HTTP/1.1" or "HTTP/2", for the status line of a WARC record
    wait_ms: int = 0                 # time before and between the requests: robots.txt, the host's delay,
                                     # back-off (the rest of the fetch's wall time, beside elapsed_ms)
    exchanges: list[Exchange] = field(default_factory=list)   # the answers before this one, in order

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"


def user_agent(setting: str | None = None, contact: str | None = None) -> str:
    """Our User-Agent: the configured string, or the bot token and version; with the operator's contact
    URL appended unless the string already names it."""
    agent = setting or f"{BOT_TOKEN}/{__version__}"
    return f"{agent} (+{contact})" if contact and contact not in agent else agent


def product_token(agent: str) -> str:
    """The token robots.txt groups are matched against (RFC 9309 2.2.1): the agent's first word."""
    return agent.split("/", 1)[0].split()[0].lower()


# ---------------------------------------------------------------- bounded content decoding


class DecodeError(Exception):
    """The body does not decode with its declared Content-Encoding."""


class TruncatedStream(Exception):
    """A compressed body ended before its end-of-stream marker."""


class _Inflater:
    """One gzip or deflate layer, never producing more than DECODE_STEP bytes per call."""

    def __init__(self, coding: str):
        self.coding = coding
        self._obj: zlib._Decompress | None = None
        self._pending = b""   # bytes too few to judge: a body's first two, or what follows a gzip member
        self.ended = False

    def _start(self, head: bytes) -> zlib._Decompress:
        if self.coding == "deflate":
            # "deflate" is zlib-wrapped per RFC 9110, but many servers send raw deflate: check the header.
            wrapped = len(head) >= 2 and head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0
            return zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        return zlib.decompressobj(32 + zlib.MAX_WBITS)   # gzip, tolerating a zlib stream labelled gzip

    def feed(self, data: bytes) -> Iterator[bytes]:
        data, self._pending = self._pending + data, b""
        if self._obj is None:
            if len(data) < 2:
                self._pending = data
                return
            self._obj = self._start(data)
        while data:
            if self.ended:
                # A gzip body may hold several members; anything else after the end is padding we ignore.
                if len(data) < 2:
                    self._pending = data
                    return
                if self.coding == "deflate" or not data.startswith(GZIP_MAGIC):
                    return
                self._obj, self.ended = self._start(data), False
            try:
                out = self._obj.decompress(data, DECODE_STEP)
            except zlib.error as e:
                raise DecodeError(f"{self.coding}: {e}") from e
            data = self._obj.unconsumed_tail
            if self._obj.eof:
                self.ended = True
                data = data or self._obj.unused_data
            if out:
                yield out

    def finish(self) -> None:
        if (self._obj is None and self._pending) or (self._obj is not None and not self.ended):
            raise TruncatedStream(f"{self.coding} stream ended early")


class BoundedDecoder:
    """Undo a Content-Encoding chain (`gzip, gzip` is two layers), one bounded step at a time."""

    def __init__(self, content_encoding: str | None):
        codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
        codings = [c for c in codings if c and c != "identity"]
        unknown = [c for c in codings if c not in ("gzip", "x-gzip", "deflate")]
        if unknown:
            raise DecodeError(f"unsupported Content-Encoding {unknown[0]!r}")
        # The last coding applied is the first one to undo.
        self.layers = [_Inflater("deflate" if c == "deflate" else "gzip") for c in reversed(codings)]

    def feed(self, data: bytes) -> Iterator[bytes]:
        pieces: Iterable[bytes] = (data,)
        for layer in self.layers:
            pieces = _through(layer, pieces)
        yield from pieces

    def finish(self) -> None:
        for layer in self.layers:
            layer.finish()


def _through(layer: _Inflater, pieces: Iterable[bytes]) -> Iterator[bytes]:
    for piece in pieces:
        yield from layer.feed(piece)


# ---------------------------------------------------------------- the client: dial only checked addresses


class _CountingStream(httpcore.AsyncNetworkStream):
    """Counts the bytes received per host, so tests and the host report see what really came in."""

    def __init__(self, inner: httpcore.AsyncNetworkStream, counter: dict[str, int], host: str):
        self._inner, self._counter, self._host = inner, counter, host
        self._socket: socket.socket | None = None

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data = await self._inner.read(max_bytes, timeout)
        self._counter[self._host] = self._counter.get(self._host, 0) + len(data)
        return data

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        inner = await self._inner.start_tls(ssl_context, server_hostname, timeout)
        return _CountingStream(inner, self._counter, self._host)

    def get_extra_info(self, info: str):
        if info == "is_readable":
            # Asked before every request on a kept-alive connection (has the server closed it?). anyio
            # builds its whole attribute table for each ask, a tenth of a --refresh run's CPU: the
            # socket is looked up once and polled here.
            self._socket = self._socket or self._inner.get_extra_info("socket")
            return self._socket is None or _readable(self._socket)
        return self._inner.get_extra_info(info)


def _readable(sock: socket.socket) -> bool:
    """Data (or the end of the stream) is waiting on the socket: a kept connection the server closed."""
    if sock.fileno() < 0:
        return True
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    return bool(poller.poll(0))


class _PinnedBackend(httpcore.AsyncNetworkBackend):
    """Connects to the addresses `Pins` holds for the host, never resolving a name itself: the address
    dialled is the address that was checked (no DNS rebinding between check and connect)."""

    def __init__(self, pins: Pins, counter: dict[str, int]):
        self._pins, self._counter = pins, counter
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        addresses = self._pins.lookup(host, port)
        for index, address in enumerate(addresses):
            try:
                stream = await self._inner.connect_tcp(address, port, timeout=timeout,
                                                       local_address=local_address,
                                                       socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout):
                if index == len(addresses) - 1:
                    raise
                continue
            return _CountingStream(stream, self._counter, host.lower())
        raise AddressBlocked(f"{host}:{port}: no address to connect to")

    async def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise AddressBlocked("unix sockets are never used")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _RefuseAllCookies(CookiePolicy):
    """No cookie is stored or sent: every fetch is a fresh, anonymous visit."""

    netscape, rfc2965, hide_cookie2 = True, False, False

    def set_ok(self, cookie, request) -> bool:
        return False

    def return_ok(self, cookie, request) -> bool:
        return False

    def domain_return_ok(self, domain, request) -> bool:
        return False

    def path_return_ok(self, path, request) -> bool:
        return False


@functools.cache
def default_ssl_context() -> ssl.SSLContext:
    """Certificate verification against certifi's roots; loading them takes a while, so once a process."""
    return httpx.create_ssl_context(trust_env=False)


def check_proxy(url: str) -> str:
    """The proxy URL as given, or ValueError saying what is wrong with it (http:// or https://, a host)."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, UnicodeError) as e:
        raise ValueError(f"proxy {url!r} is not a URL ({e})") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ValueError(f"proxy {url!r}: expected http://HOST:PORT or https://HOST:PORT")
    return url


def build_transport(pins: Pins, counter: dict[str, int], ssl_context: ssl.SSLContext | None = None,
                    proxy: str | None = None) -> httpx.AsyncHTTPTransport:
    """HTTP/1.1 and HTTP/2 (where TLS offers it), no proxies from the environment, and connections only
    to pinned addresses, with the bytes received counted per host.

    With `proxy` (an institution's HTTP proxy, set by the operator) every request goes through it: the
    pool dials only the proxy, whatever its address, and the proxy dials the target. The targets are
    checked as without one (resolved, every address public or allowlisted) before each request is sent."""
    ssl_context = ssl_context or default_ssl_context()
    transport = httpx.AsyncHTTPTransport(verify=ssl_context, http2=True, trust_env=False)
    # httpx has no parameter for a network backend; the pool it builds is replaced by the same pool with
    # our backend (httpx's default pool settings, plus HTTP/2).
    pool = dict(ssl_context=ssl_context, http1=True, http2=True, max_connections=100,
                max_keepalive_connections=20, keepalive_expiry=5.0)
    if proxy:
        url = httpx.URL(check_proxy(proxy))
        transport._pool = httpcore.AsyncHTTPProxy(
            proxy_url=str(url.copy_with(username=None, password=None)),
            proxy_auth=(url.username, url.password) if url.username else None,
            network_backend=httpcore.AnyIOBackend(), **pool)
    else:
        transport._pool = httpcore.AsyncConnectionPool(network_backend=_PinnedBackend(pins, counter), **pool)
    return transport


def build_client(*, agent: str, limits: Limits, transport: httpx.AsyncBaseTransport) -> httpx.AsyncClient:
    """The one HTTP client of a crawl: our headers and timeouts, no redirects, no cookie jar, no proxies.

    The fetcher builds requests with it and sends them straight to `transport` (`Fetcher._request`): the
    client's own send would parse every Location header and apply redirect and cookie logic that we do
    ourselves, hop by hop."""
    return httpx.AsyncClient(
        transport=transport, trust_env=False, follow_redirects=False,
        cookies=CookieJar(policy=_RefuseAllCookies()),
        timeout=httpx.Timeout(connect=limits.connect_timeout, read=limits.read_timeout,
                              write=limits.read_timeout, pool=limits.connect_timeout),
        headers={"User-Agent": agent, "Accept-Encoding": ACCEPT_ENCODING},
    )


# ---------------------------------------------------------------- one fetch


class _Outcome(Exception):
    """Ends a fetch early with an outcome code (internal control flow, never escapes `fetch`)."""

    def __init__(self, outcome: str, message: str = "", kind: str | None = None):
        super().__init__(message)
        self.outcome, self.message, self.kind = outcome, message, kind


@dataclass
class _Attempt:
    """What one request came back with."""

    outcome: str
    status: int | None = None
    reason: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    raw_bytes: int = 0
    content_type: str | None = None
    http_version: str | None = None
    location: str | None = None
    refused: bool = False
    error_kind: str | None = None
    error_message: str | None = None
    url: str = ""
    sent_at: str = ""
    loop_stalled: bool = False       # timed out while our own event loop stood still: ask again

    def exchange(self) -> Exchange:
        return Exchange(self.url, self.status, self.reason, self.headers, self.request_headers, self.sent_at,
                        self.outcome)


@dataclass
class _Trail:
    """Where a fetch has got to: the URL of the current hop, the URLs that redirected, and when its
    first request went out."""

    current: str
    redirects: list[str] = field(default_factory=list)
    sent_at: str | None = None
    answers: list[_Attempt] = field(default_factory=list)    # answered attempts before the last one


class LoopLag:
    """How long the event loop stood still when it had work due: a heartbeat every TICK seconds notes
    how late it ran. A timeout during which the loop itself stood still for much of it measured the
    wait for the loop (a listing parsed on it, a starved process), not the server."""

    TICK = 0.05

    def __init__(self) -> None:
        self.stalled = 0.0              # seconds, over the run
        self._loop: asyncio.AbstractEventLoop | None = None
        self._handle: asyncio.TimerHandle | None = None
        self._due = 0.0

    def start(self) -> None:
        loop = asyncio.get_running_loop()
        if self._loop is not loop:      # first use, or a new event loop
            self._loop, self._due = loop, loop.time() + self.TICK
            self._handle = loop.call_at(self._due, self._beat)

    def _beat(self) -> None:
        now = self._loop.time()
        if now - self._due > self.TICK:
            self.stalled += now - self._due
        self._due = now + self.TICK
        self._handle = self._loop.call_at(self._due, self._beat)

    def stop(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
        self._loop = self._handle = None


class _Deadline:
    """The wall-clock budget for the network part of one fetch (all hops and attempts); waiting for the
    host's delay or a back-off is scheduling, not network time, and does not count."""

    def __init__(self, seconds: float):
        self.left = seconds
        self.spent = 0.0

    def spend(self, seconds: float) -> None:
        self.left -= seconds
        self.spent += seconds


def _host_key(url: httpx.URL) -> str:
    """The host as it goes on the wire (IDNA-encoded, IPv6 without brackets): the key for pins, robots
    and politeness, and what the connection layer is asked to dial."""
    return url.raw_host.decode("ascii").lower()


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, _host_key(url), url.port or DEFAULT_PORTS.get(url.scheme)


def _media_type(content_type: str | None) -> str | None:
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    return media_type or None


def _looks_binary(head: bytes, content_type: str | None) -> bool:
    if head.startswith(UTF16_BOMS) or UTF16_LABEL.search(content_type or ""):
        return False                     # UTF-16 text is full of NUL bytes and still a page
    return head.startswith(BINARY_MAGIC) or b"\x00" in head[:512]


def _acceptable(kind: str, content_type: str | None, head: bytes) -> bool:
    """Whether a body is worth keeping for this kind of fetch: declared binary types and binary bytes
    under a text label are not pages. A gzip file is a fine sitemap (`.xml.gz`)."""
    media_type = _media_type(content_type)
    if kind == "robots":
        return True
    if kind == "sitemap" and head.startswith(GZIP_MAGIC):
        return True
    if media_type and media_type.startswith(BINARY_TYPE_PREFIXES):
        return False
    if kind in ("article", "section") and media_type and media_type not in HTML_TYPES \
            and not media_type.startswith("text/"):
        return False
    return not _looks_binary(head, content_type)


def _is_challenge(status: int, headers: httpx.Headers, body: bytes) -> bool:
    if status not in (403, 429, 503):
        return False
    if headers.get("cf-mitigated", "").lower() == "challenge":
        return True
    lowered = body[:ERROR_BODY_CAP].lower()
    return any(marker in lowered for marker in CHALLENGE_MARKERS)


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")     # as the archive writes times, to the ms


class Fetcher:
    """Fetches URLs for one crawl run. Not thread-safe; use from one event loop."""

    def __init__(self, *, user_agent: str, limits: Limits = Limits(),
                 allow: Iterable[tuple[str, int]] = frozenset(),
                 resolver: Resolver | None = None, clock: Clock | None = None, sleep: Sleep | None = None,
                 transport: httpx.AsyncBaseTransport | None = None, delay: float | None = None,
                 rng: random.Random | None = None, ssl_context: ssl.SSLContext | None = None,
                 on_robots: Callable[[Response], Awaitable[None]] | None = None, proxy: str | None = None):
        if delay is not None:
            # An explicit --delay 0 (benchmarks on loopback) turns the latency-based spacing off too;
            # robots.txt Crawl-delay still applies.
            limits = replace(limits, min_delay=delay, latency_factor=limits.latency_factor if delay else 0.0)
        self.limits = limits
        self.user_agent = user_agent
        self.robots_token = product_token(user_agent)
        self.policy = NetPolicy(resolver or system_resolver, normalise_allow(allow))
        self.clock = clock or time.monotonic
        self.pins = Pins()
        self.bytes_received: dict[str, int] = {}
        self.transport = transport or build_transport(self.pins, self.bytes_received, ssl_context, proxy)
        self.client = build_client(agent=user_agent, limits=limits, transport=self.transport)
        self.politeness = Politeness(
            min_delay=limits.min_delay, max_crawl_delay=limits.max_crawl_delay,
            retry_after_cap=limits.retry_after_cap, breaker_threshold=limits.breaker_threshold,
            host_page_budget=limits.host_page_budget, clock=self.clock, sleep=sleep, rng=rng,
            latency_factor=limits.latency_factor)
        self.robots = RobotsCache(self._fetch_robots, clock=self.clock)
        # robots.txt URL -> (outcome, status, body, error kind, wall time read): what `carry_over` hands on
        self.robots_read: dict[str, tuple[str, int | None, bytes, str | None, float]] = {}
        self.lag = LoopLag()
        # Told of every robots.txt response the fetcher asks for itself, so the crawler can log and keep it.
        self.on_robots = on_robots

    async def aclose(self) -> None:
        self.lag.stop()
        await self.client.aclose()

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc) -> None:
        await self.aclose()

    def host_report(self) -> dict[str, dict]:
        """Per host: requests, pages, delay, why it stopped (paused / breaker / deferred), robots status."""
        report = {}
        for host in self.politeness.hosts:
            entry = self.politeness.report(host)
            entry["bytes_received"] = self.bytes_received.get(host, 0)
            entry["robots"] = {url: rules.reason for url, rules in self.robots.rules.items()
                               if urlsplit(url).hostname == host}
            report[host] = entry
        return report

    async def admissible(self, url: str) -> str | None:
        """The outcome code that rules `url` out by scheme or address (blocked:scheme, blocked:ssrf,
        error:protocol, error:connect for a name that does not resolve), or None. For filtering discovered
        links before they are queued; `fetch` checks again, at every hop."""
        try:
            target = self._check_url(url)
            await self.policy.resolve_checked(_host_key(target), target.port or DEFAULT_PORTS[target.scheme])
        except _Outcome as stop:
            return stop.outcome
        except AddressBlocked:
            return "blocked:ssrf"
        except ResolutionFailed:
            return "error:connect"
        return None

    def refuses_articles(self, url: str) -> tuple[str, str] | None:
        """(outcome, reason) when `url`'s host takes no more article pages this run (paused, breaker,
        Retry-After beyond the cap, page budget spent, Crawl-delay over the cap), else None: a crawler
        asks before each page and stops asking for that host, instead of a refused fetch per URL."""
        try:
            host = _host_key(httpx.URL(url))
        except (httpx.InvalidURL, UnicodeError):
            return None
        stopped = self.politeness.refusal(host, count_page=True)
        if stopped:
            return stopped, self.politeness.host(host).stopped_because or BUDGET_SPENT
        if self.politeness.crawl_delay_over_cap(host):
            return "deferred:budget", CRAWL_DELAY_OVER_CAP
        return None

    async def fetch(self, url: str, *, kind: str = "article", etag: str | None = None,
                    last_modified: str | None = None, headers: dict[str, str] | None = None) -> Response:
        """Fetch one URL. `headers` (for example a Cookie a seed needs) go to the URL's own origin only."""
        called_at, t0 = datetime.now(UTC), time.monotonic()
        trail = _Trail(current=url)
        deadline = _Deadline(self.limits.total_deadline)
        try:
            attempt = await self._follow(url, kind, etag, last_modified, headers or {}, trail, deadline)
        except _Outcome as stop:
            attempt = _Attempt(stop.outcome, error_kind=stop.kind or stop.outcome.split(":")[-1],
                               error_message=stop.message or None)
        if attempt.outcome != "ok":
            attempt.body = b""
        total_ms = int((time.monotonic() - t0) * 1000)
        network_ms = min(total_ms, int(deadline.spent * 1000))
        return Response(
            url=url, final_url=trail.current, status=attempt.status, reason=attempt.reason,
            headers=attempt.headers, request_headers=attempt.request_headers, body=attempt.body,
            content_type=attempt.content_type,
            started_at=trail.sent_at or called_at.isoformat(timespec="milliseconds"),
            elapsed_ms=network_ms, wait_ms=total_ms - network_ms, outcome=attempt.outcome,
            error_kind=attempt.error_kind, error_message=attempt.error_message, redirects=trail.redirects,
            raw_bytes=attempt.raw_bytes, http_version=attempt.http_version,
            exchanges=[answer.exchange() for answer in trail.answers])

    async def _follow(self, url: str, kind: str, etag: str | None, last_modified: str | None,
                      extra: dict[str, str], trail: _Trail, deadline: _Deadline) -> _Attempt:
        headers = {"Accept": ACCEPT.get(kind, ACCEPT["article"]), **extra}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen = {url}
        first_origin = None
        for hop in range(self.limits.max_redirects + 1):
            target = self._check_url(trail.current)
            if first_origin is None:
                first_origin = _origin(target)
            elif _origin(target) != first_origin:
                headers = {k: v for k, v in headers.items() if k.lower() not in CREDENTIAL_HEADERS}
            await self._admit(target, kind, first_hop=hop == 0)
            attempt = await self._request_with_retries(target, kind, headers, deadline, trail)
            if attempt.location is None:
                return attempt
            trail.answers.append(attempt)
            try:
                following = urljoin(trail.current, attempt.location)
            except ValueError as e:
                raise _Outcome("error:protocol", f"bad Location {attempt.location[:200]!r}: {e}") from None
            if following in seen:
                raise _Outcome("error:redirect_loop", f"{trail.current} redirects back to {following[:200]}")
            seen.add(following)
            trail.redirects.append(trail.current)
            trail.current = following
        raise _Outcome("error:redirect_loop", f"more than {self.limits.max_redirects} redirects")

    def _check_url(self, url: str) -> httpx.URL:
        """The URL to request: http(s), parsable, with a host, no credentials, and its path normalised
        (RFC 3986), so robots.txt and the server judge the same path (`/a/%2E%2E/private/` is `/private/`)."""
        try:
            url = with_normal_path(url)
            scheme = urlsplit(url).scheme.lower()
        except ValueError as e:
            raise _Outcome("error:protocol", f"invalid URL {url[:200]}: {e}") from None
        if scheme not in ALLOWED_SCHEMES:
            raise _Outcome("blocked:scheme", f"scheme {scheme or '(none)'!r} is not fetched: {url[:200]}")
        try:
            target = httpx.URL(url)
        except (httpx.InvalidURL, UnicodeError) as e:     # UnicodeError: a host that is not valid IDNA
            # Still classify the address the host spells, so an unparsable private address reads as SSRF.
            self._classify_unparsable(url)
            raise _Outcome("error:protocol", f"invalid URL {url[:200]}: {e}") from e
        if not target.raw_host:
            raise _Outcome("error:protocol", f"no host in {url[:200]}")
        if target.port is not None and not 0 < target.port < 65536:
            raise _Outcome("error:protocol", f"port {target.port} out of range in {url[:200]}")
        # Credentials in a URL would become an Authorization header; we never send them.
        return target.copy_with(username=None, password=None) if target.userinfo else target

    def _classify_unparsable(self, url: str) -> None:
        parts = urlsplit(url)
        try:
            port = parts.port or DEFAULT_PORTS[parts.scheme.lower()]
        except ValueError:
            return
        numeric = numeric_address(parts.hostname or "")
        if numeric and not all(self.policy.permits(a, port) for a in numeric):
            raise _Outcome("blocked:ssrf", f"{parts.hostname} is the non-public address {numeric[0]}")

    async def _admit(self, target: httpx.URL, kind: str, *, first_hop: bool) -> None:
        """Everything that must hold before a request to `target`: the host still takes requests,
        robots.txt allows the path, and its address is public (resolved once, then pinned)."""
        host = _host_key(target)
        counts_page = first_hop and kind != "robots"
        stopped = self.politeness.refusal(host, count_page=counts_page)
        if stopped:
            raise _Outcome(stopped, self.politeness.host(host).stopped_because or BUDGET_SPENT)
        if kind != "robots":
            rules = await self.robots.rules_for(str(target))
            if not rules.allows(str(target), self.robots_token):
                if rules.host_failure:
                    raise _Outcome(rules.host_failure, f"robots.txt fetch failed: {rules.reason}",
                                   kind="dns" if rules.host_failure == "error:connect" else None)
                raise _Outcome("blocked:robots", f"robots.txt ({rules.reason}) disallows {str(target)[:200]}")
            if kind == "article" and self.politeness.crawl_delay_over_cap(host):
                # Crawl-delay above our cap: honour the capped delay for feeds and sitemaps only this run.
                raise _Outcome("deferred:budget", CRAWL_DELAY_OVER_CAP)
        # Resolved last, right before the request, and pinned: the request dials exactly this answer.
        port = target.port or DEFAULT_PORTS[target.scheme]
        try:
            addresses = await self.policy.resolve_checked(host, port)
        except AddressBlocked as e:
            raise _Outcome("blocked:ssrf", str(e)) from None
        except ResolutionFailed as e:
            raise _Outcome("error:connect", str(e), kind="dns") from None
        self.pins.pin(host, port, addresses)
        if counts_page:
            self.politeness.count_page(host)

    async def _fetch_robots(self, robots_url: str) -> RobotsRules:
        response = await self.fetch(robots_url, kind="robots")
        if self.on_robots is not None:
            await self.on_robots(response)
        return self._robots_rules(robots_url, response.outcome, response.status, response.body,
                                  response.error_kind, time.time())

    def _robots_rules(self, robots_url: str, outcome: str, status: int | None, body: bytes,
                      error_kind: str | None, read_at: float) -> RobotsRules:
        self.robots_read[robots_url] = (outcome, status, body, error_kind, read_at)
        rules = rules_from_response(outcome, status, body, fetched_at=self.clock() - (time.time() - read_at),
                                    error_kind=error_kind)
        host = _host_key(httpx.URL(robots_url))
        self.politeness.set_crawl_delay(host, rules.crawl_delay(self.robots_token))
        return rules

    def carry_over(self) -> dict:
        """What a crawl that goes on elsewhere (a cluster shard's next slice, maybe on another machine)
        needs to treat these hosts as this fetcher did: each host's clock, budget, breaker and pause
        (Politeness.carry_over), and the robots.txt answers read, bodies base64-encoded (JSON)."""
        robots = {url: {"outcome": outcome, "status": status, "body": base64.b64encode(body).decode(),
                        "error_kind": error_kind, "read_at": read_at}
                  for url, (outcome, status, body, error_kind, read_at) in self.robots_read.items()}
        return {"hosts": self.politeness.carry_over(), "robots": robots}

    def take_over(self, state: dict, *, same_run: bool, after_crash: bool) -> None:
        """Go on from `carry_over()`'s state. robots.txt is read once per run (RFC 9309 allows a day's
        caching): within the same run the answers are kept, a new run asks again."""
        for url, answer in state.get("robots", {}).items() if same_run else ():
            if time.time() - answer["read_at"] < ROBOTS_TTL:
                self.robots.rules[url] = self._robots_rules(url, answer["outcome"], answer["status"],
                                                            base64.b64decode(answer["body"]),
                                                            answer["error_kind"], answer["read_at"])
        self.politeness.take_over(state.get("hosts", {}), same_run=same_run, after_crash=after_crash)

    async def _request_with_retries(self, target: httpx.URL, kind: str, headers: dict[str, str],
                                    deadline: _Deadline, trail: _Trail) -> _Attempt:
        host = _host_key(target)
        retry = repeats = 0
        while True:
            async with self.politeness.slot(host):
                # Checked again in the slot: the request ahead of us may have stopped the host.
                stopped = self.politeness.refusal(host, count_page=False)
                if stopped:
                    raise _Outcome(stopped, self.politeness.host(host).stopped_because or stopped)
                attempt = await self._request(target, kind, headers, deadline)
                trail.sent_at = trail.sent_at or attempt.sent_at
            if attempt.loop_stalled and repeats < STALL_REPEATS:
                repeats += 1                # our wait, not the server's failure: asked again, not counted
                continue
            status = attempt.status
            failed = attempt.outcome in RETRY_OUTCOMES or status in RETRY_STATUSES
            self.politeness.record(host, status=status, failed=failed, refused=attempt.refused)
            if status in (429, 503):
                retry_after = parse_retry_after(_header(attempt.headers, "retry-after"),
                                                date_header=_header(attempt.headers, "date"))
                if retry_after is not None and not self.politeness.hold_off(host, retry_after):
                    attempt.outcome = "deferred:retry_after"
                    return attempt
            if not failed or retry == self.limits.retries or self.politeness.refusal(host, count_page=False):
                return attempt
            if status is not None:
                trail.answers.append(attempt)
            # Full-jitter back-off; a longer Retry-After, already applied above, still wins.
            self.politeness.hold_off(host, self.politeness.backoff(retry))
            retry += 1

    async def _request(self, target: httpx.URL, kind: str, headers: dict[str, str],
                       deadline: _Deadline) -> _Attempt:
        if deadline.left <= 0:
            raise _Outcome("error:timeout_total", f"{self.limits.total_deadline:.0f} s fetch deadline spent")
        self.lag.start()
        started, stalled_before, allowed = time.monotonic(), self.lag.stalled, deadline.left
        attempt = _Attempt("error:protocol", url=str(target), sent_at=_now_iso())
        try:
            request = self.client.build_request("GET", target, headers=headers)
            attempt.request_headers = request.headers.multi_items()
            async with asyncio.timeout(deadline.left):
                response = await self.transport.handle_async_request(request)
                response.request = request
                try:
                    await self._read(response, kind, attempt)
                finally:
                    await response.aclose()
        except TimeoutError:
            message = f"{self.limits.total_deadline:.0f} s fetch deadline reached on {str(target)[:200]}"
            if not self._loop_stalled(stalled_before, allowed):
                raise _Outcome("error:timeout_total", message) from None
            attempt.outcome, attempt.error_kind = "error:timeout_total", "timeout_total"
            attempt.error_message, attempt.loop_stalled = message, True
        except (httpx.HTTPError, UnicodeEncodeError) as e:    # the latter: a header value that is not ASCII
            attempt.outcome, attempt.error_kind = _classify_error(e, body_started=attempt.status is not None)
            attempt.error_message = f"{type(e).__name__}: {e}"[:500]
            attempt.body = b""
            limit = self.limits.connect_timeout if attempt.outcome == "error:timeout_connect" \
                else self.limits.read_timeout
            attempt.loop_stalled = attempt.outcome in TIMEOUT_OUTCOMES and self._loop_stalled(stalled_before,
                                                                                             limit)
        except AddressBlocked as e:
            raise _Outcome("blocked:ssrf", str(e)) from None
        finally:
            # Time the loop stood still is not the exchange's: the deadline is spent by the rest.
            deadline.spend(max(0.0, time.monotonic() - started - (self.lag.stalled - stalled_before)))
        return attempt

    def _loop_stalled(self, stalled_before: float, limit: float) -> bool:
        """Whether our event loop stood still for half or more of a time limit that just ran out."""
        return self.lag.stalled - stalled_before >= limit / 2

    async def _read(self, response: httpx.Response, kind: str, attempt: _Attempt) -> None:
        attempt.status, attempt.reason = response.status_code, response.reason_phrase
        attempt.http_version = response.http_version
        if len(response.headers.raw) > MAX_RESPONSE_HEADERS:
            attempt.outcome = "error:protocol"
            attempt.error_message = f"{len(response.headers.raw)} header lines (limit {MAX_RESPONSE_HEADERS})"
            return
        attempt.headers = response.headers.multi_items()
        attempt.content_type = response.headers.get("content-type")
        status = response.status_code
        if status in REDIRECT_STATUSES and "location" in response.headers:
            # Nobody needs a redirect's body: a small one is skipped over to keep the connection.
            attempt.outcome, attempt.location = "redirect", response.headers["location"]
            await _drain(response)
            return
        if status == 304:
            attempt.outcome = "not_modified"
            await _drain(response)
            return
        if status == 204:
            attempt.outcome = "skipped:empty"
            await _drain(response)
            return
        if not 200 <= status < 300:
            attempt.outcome, attempt.error_kind = "error:http", f"http_{status}"
            if status not in (403, 429, 503):
                await _drain(response)
            else:
                try:
                    body = await _read_body(response, ERROR_BODY_CAP, attempt, truncate=True)
                except (_BodyError, httpx.HTTPError):
                    body = b""                # the status is the answer; a broken error page changes nothing
                # robots.txt answers are judged by RFC 9309 (robots.py), not counted as refusals of pages.
                attempt.refused = kind != "robots" and (
                    status in REFUSAL_STATUSES or _is_challenge(status, response.headers, body))
            return
        cap = self.limits.body_cap(kind)
        try:
            declared = response.headers.get("content-length", "")
            if kind != "robots" and declared.isdigit() and int(declared) > cap:
                raise _BodyError("skipped:too_large", f"Content-Length {declared} exceeds the {cap} byte cap")
            body = await _read_body(response, cap, attempt, truncate=kind == "robots")
            if kind == "sitemap" and body.startswith(GZIP_MAGIC):
                # A `.xml.gz` sitemap is a gzip file inside the HTTP body: inflate it under the same bounds.
                body = _gunzip(body, cap)
        except _BodyError as e:
            attempt.outcome, attempt.error_message = e.outcome, e.message
            return
        if not body:
            attempt.outcome = "skipped:empty"
        elif not _acceptable(kind, response.headers.get("content-type"), body[:1024]):
            attempt.outcome = "skipped:content_type"
        else:
            attempt.outcome, attempt.body = "ok", body


class _BodyError(Exception):
    def __init__(self, outcome: str, message: str):
        super().__init__(message)
        self.outcome, self.message = outcome, message


class _CappedBody:
    """Collects decoded bytes up to a cap: with `truncate` the first `cap` bytes are kept (robots.txt,
    error pages), otherwise passing the cap makes the body too large."""

    def __init__(self, content_encoding: str | None, cap: int, *, truncate: bool):
        try:
            self.decoder = BoundedDecoder(content_encoding)
        except DecodeError as e:
            raise _BodyError("error:decode", str(e)) from None
        self.cap, self.truncate = cap, truncate
        self.parts: list[bytes] = []
        self.size = 0
        self.full = False

    def feed(self, raw: bytes) -> bool:
        """Decode one raw chunk; True once the cap is passed and reading should stop."""
        try:
            for piece in self.decoder.feed(raw):
                self.size += len(piece)
                self.parts.append(piece)
                if self.size > self.cap:
                    self.full = True
                    break
        except DecodeError as e:
            raise _BodyError("error:decode", str(e)) from None
        return self.full

    def result(self) -> bytes:
        if self.full:
            if not self.truncate:
                raise _BodyError("skipped:too_large", f"body exceeds the {self.cap} byte cap")
            return b"".join(self.parts)[:self.cap]
        try:
            self.decoder.finish()
        except TruncatedStream as e:
            raise _BodyError("error:truncated", str(e)) from None
        return b"".join(self.parts)


async def _read_body(response: httpx.Response, cap: int, attempt: _Attempt, *, truncate: bool) -> bytes:
    """Read the raw bytes and decode them ourselves; stop once `cap` raw or decoded bytes are passed."""
    body = _CappedBody(response.headers.get("content-encoding"), cap, truncate=truncate)
    async for raw in response.aiter_raw():
        attempt.raw_bytes += len(raw)
        if body.feed(raw):
            break
        if attempt.raw_bytes > cap:
            body.full = True
            break
    return body.result()


async def _drain(response: httpx.Response) -> None:
    """Read and drop a body nobody needs, so the connection goes back to the pool for the host's next
    request (an unread body closes it: a 304 re-check would open a new connection every time). A body
    declared or found to be over DRAIN_CAP, or a broken one, is not worth it: the connection is closed."""
    declared = response.headers.get("content-length", "")
    if not declared.isdigit() or int(declared) > DRAIN_CAP:
        return      # unknown (chunked, or until close) or large: never read
    received = 0
    try:
        async for raw in response.aiter_raw():
            received += len(raw)
            if received > DRAIN_CAP:
                return
    except httpx.HTTPError:
        return


def _gunzip(data: bytes, cap: int) -> bytes:
    body = _CappedBody("gzip", cap, truncate=False)
    body.feed(data)
    return body.result()


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    return next((value for key, value in headers if key.lower() == name), None)


def _classify_error(error: Exception, *, body_started: bool) -> tuple[str, str]:
    """Outcome code and error kind for an httpx exception; a broken connection after the status line
    means the body was cut short."""
    kind = type(error).__name__
    if isinstance(error, httpx.ConnectTimeout | httpx.PoolTimeout):
        return "error:timeout_connect", kind
    if isinstance(error, httpx.TimeoutException):
        return "error:timeout_read", kind
    if body_started and isinstance(error, httpx.RemoteProtocolError | httpx.ReadError):
        return "error:truncated", kind
    if isinstance(error, httpx.ConnectError | httpx.ReadError | httpx.WriteError | httpx.CloseError):
        return "error:connect", kind
    return "error:protocol", kind
