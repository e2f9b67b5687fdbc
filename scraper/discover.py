"""Discovery: from a site's seeds, feeds and sitemaps to the article URLs worth fetching.

The parsing functions are pure (bytes in, hints out) and safe on hostile input: XML is parsed with
entities, DTDs and the network off, a DOCTYPE that declares entities is refused outright, gzip is
inflated in bounded steps, and feedparser only ever sees an `io.BytesIO` (given bytes or a str it
may take them for a file name and open it). `discover()` drives them with the crawler's fetch
function, which logs every request; it never fetches anything itself.
"""
from __future__ import annotations

import asyncio
import heapq
import io
import itertools
import json
import re
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import feedparser
from lxml import etree
from lxml import html as lxml_html

from .urls import ArticlePatterns, site_scope, trap_reason, try_canonical

if TYPE_CHECKING:
    from .config import Site

# The sitemap protocol's own limits (sitemaps.org): 50,000 URLs and 50 MiB uncompressed per file.
MAX_SITEMAP_URLS = 50_000
MAX_SITEMAP_BYTES = 50 * 2**20
# index -> index -> urlset at most; deeper nesting is a loop or a trap.
MAX_SITEMAP_DEPTH = 2
# Sitemaps fetched per site and run, newest first: a big site's archive index lists thousands of
# monthly files that never change, and the frontier already holds what they listed.
MAX_SITEMAPS_PER_RUN = 25
# Time to parse and filter one feed or sitemap (off the event loop, in a worker): a 10 MiB feed of
# 200,000 items takes about 15 s of CPU on a busy 2-core machine; a page gets 30 s (parsepool.py).
LISTING_TIMEOUT = 120.0
# gzip is inflated this many bytes at a time, so a bomb costs no more than the cap.
INFLATE_STEP = 64 * 2**10
# Where sites without a <link rel=alternate> usually keep their feed; tried in order, first hit wins.
COMMON_FEED_PATHS = ("/feed", "/rss", "/rss.xml", "/feed.xml", "/atom.xml", "/index.xml")
FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/feed+json", "application/json",
              "application/rdf+xml", "text/xml", "application/xml"}

# A section page linked from outside the navigation has a short path: /world/, /world/europe/.
MAX_HUB_SEGMENTS = 2
# Pages every site has that list no news: never read as section pages.
_NOT_A_HUB = re.compile(
    r"/(login|log-in|signin|sign-in|logout|register|signup|sign-up|subscribe|subscription|account|profile|"
    r"newsletters?|privacy|terms|cookies?|legal|imprint|impressum|contact|about|about-us|help|faq|search|"
    r"feed|rss|jobs|careers|advertise|advertising|shop|store|cart|donate|print|amp)(/|$)"
    r"|\.(jpe?g|png|gif|webp|svg|pdf|mp3|mp4|zip|css|js|xml|json|txt)$", re.I)
_ENTITY_DECL = re.compile(rb"<!DOCTYPE[^>\[]*\[[^\]]*<!ENTITY", re.I | re.S)
_SITEMAP_NS = re.compile(r"^\{[^}]*\}")
_FEED_PATH = re.compile(r"(^|[/._-])(rss|atom|feeds?|rdf)([/._-]|$)")


class UnsafeXML(ValueError):
    """XML that declares entities (billion laughs, XXE): refused without parsing."""


@dataclass(frozen=True)
class Hint:
    """A URL found by discovery, with what the source said about it."""

    url: str
    title: str | None = None
    published: str | None = None
    lastmod: str | None = None
    source: str | None = None      # the feed, sitemap or page that listed it


@dataclass
class Sitemap:
    children: list[Hint] = field(default_factory=list)   # from a <sitemapindex>
    urls: list[Hint] = field(default_factory=list)       # from a <urlset>
    is_news: bool = False                                # Google News: entries are articles


# ------------------------------------------------------------------------------------------ bytes

def inflate(body: bytes, limit: int = MAX_SITEMAP_BYTES) -> bytes:
    """Un-gzip a `.xml.gz` body (the Fetcher has already undone Content-Encoding) in bounded steps;
    stops at `limit` bytes, so a gzip bomb costs at most that much."""
    if body[:2] != b"\x1f\x8b":
        return body
    inflater = zlib.decompressobj(wbits=31)
    out = bytearray()
    data = body
    try:
        while data and len(out) < limit:
            out += inflater.decompress(data, INFLATE_STEP)
            data = inflater.unconsumed_tail
    except zlib.error:
        pass  # a truncated tail: keep what inflated cleanly, the XML parser recovers or refuses
    return bytes(out[:limit])


def _refuse_entities(body: bytes) -> None:
    if _ENTITY_DECL.search(body[:65536]):
        raise UnsafeXML("the document declares XML entities (refused: expansion bombs and XXE)")


def sniff(body: bytes, content_type: str | None = None) -> str:
    """What a seed response is: 'sitemap', 'feed' or 'page'."""
    head = inflate(body[:4096], limit=4096) if body[:2] == b"\x1f\x8b" else body[:4096]
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"{") and b"jsonfeed.org" in text:
        return "feed"
    if b"<urlset" in text or b"<sitemapindex" in text:
        return "sitemap"
    if re.search(rb"<(rss|feed|rdf:rdf)[\s>]", text):
        return "feed"
    return "page"


def seed_kind(url: str) -> str:
    """The fetch kind a seed URL most likely is: 'sitemap', 'feed' or 'section'."""
    path = urlsplit(url).path.lower()
    if "sitemap" in path and path.endswith((".xml", ".xml.gz", ".gz")):
        return "sitemap"
    if _FEED_PATH.search(path) or path.endswith((".xml", ".rss", ".atom")):
        return "feed"
    return "section"


# ------------------------------------------------------------------------------------------ feeds

def _iso(struct) -> str | None:
    if not struct:
        return None
    try:
        return datetime(*struct[:6], tzinfo=UTC).isoformat()
    except (TypeError, ValueError):
        return None


def parse_feed(body: bytes, base_url: str) -> list[Hint]:
    """Entries of an RSS 0.9x/1.0/2.0, Atom or JSON Feed document, in the feed's order. XML is read
    streaming with lxml (a 200,000-item feed in about a second, where feedparser took minutes and
    hundreds of MiB); a feed that yields nothing that way (broken markup) gets feedparser's loose parser."""
    stripped = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        return _parse_json_feed(stripped, base_url)
    _refuse_entities(body)
    return _xml_feed(body, base_url) or _loose_feed(body, base_url)


def _xml_events(body: bytes):
    """lxml's streaming parser, entities, DTDs and the network off, recovering from what it can."""
    return etree.iterparse(io.BytesIO(body), events=("end",), resolve_entities=False, no_network=True,
                           load_dtd=False, huge_tree=False, recover=True, remove_comments=True)


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


_PUBLISHED, _UPDATED = ("pubdate", "published", "date", "issued"), ("updated", "modified")
_RDF_ABOUT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"


def _xml_feed(body: bytes, base_url: str) -> list[Hint]:
    hints = []
    try:
        for _, element in _xml_events(body):
            if _local(element.tag) in ("item", "entry"):
                hint = _feed_entry(element, base_url)
                if hint:
                    hints.append(hint)
                element.clear()
    except etree.XMLSyntaxError:
        pass  # recover=True keeps going where it can; what parsed before a fatal error is kept
    return hints


def _feed_entry(element, base_url: str) -> Hint | None:
    """One RSS <item> or Atom <entry>: its link (RSS <link>, Atom <link rel=alternate href>, a
    permalink <guid>, RDF's rdf:about), title and publication date."""
    link = guid = title = None
    dates: dict[str, str] = {}
    for child in element:
        name, text = _local(child.tag), (child.text or "").strip()
        if name == "link" and link is None:
            href = child.get("href")
            if href is None:
                link = text or None
            elif child.get("rel", "alternate") == "alternate":
                link = href.strip() or None
        elif name == "guid" and child.get("isPermaLink", "true").lower() != "false":
            guid = text or None
        elif name == "title" and title is None:
            title = text or None
        elif name in _PUBLISHED + _UPDATED and text:
            dates.setdefault(name, text)
    link = link or guid or element.get(_RDF_ABOUT)
    url = try_canonical(link, base_url) if link else None
    if not url:
        return None
    stamp = next((dates[name] for name in _PUBLISHED + _UPDATED if name in dates), None)
    return Hint(url, title=title, published=_feed_date(stamp))


def _feed_date(text: str | None) -> str | None:
    """An RFC 822 (RSS) or ISO 8601 (Atom, dc:date) date as ISO 8601 in UTC, else None."""
    if not text:
        return None
    try:
        value = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            return None
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat()


def _loose_feed(body: bytes, base_url: str) -> list[Hint]:
    parsed = feedparser.parse(io.BytesIO(body), response_headers={"content-location": base_url})
    hints = []
    for entry in parsed.entries:
        hrefs = [x.get("href") for x in entry.get("links", []) if x.get("href")]
        link = entry.get("link") or (hrefs[0] if hrefs else None)
        url = try_canonical(link, base_url) if link else None
        if url:
            hints.append(Hint(url, title=(entry.get("title") or None),
                              published=_iso(entry.get("published_parsed") or entry.get("updated_parsed"))))
    return hints


def _parse_json_feed(body: bytes, base_url: str) -> list[Hint]:
    try:
        doc = json.loads(body)
    except (ValueError, RecursionError):
        return []
    items = doc.get("items") if isinstance(doc, dict) else None
    hints = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        link = item.get("url") or item.get("external_url")
        url = try_canonical(link, base_url) if isinstance(link, str) else None
        if url:
            title, published = item.get("title"), item.get("date_published")
            hints.append(Hint(url, title=title if isinstance(title, str) else None,
                              published=published if isinstance(published, str) else None))
    return hints


# --------------------------------------------------------------------------------------- sitemaps

def parse_sitemap(body: bytes, base_url: str) -> Sitemap:
    """A sitemap index or urlset (gzipped or not); news:title and news:publication_date are kept as
    hints. Stops at MAX_SITEMAP_URLS entries."""
    body = inflate(body)
    _refuse_entities(body)
    result = Sitemap()
    try:
        for _, element in _xml_events(body):
            tag = _SITEMAP_NS.sub("", element.tag) if isinstance(element.tag, str) else ""
            if tag not in ("url", "sitemap"):
                continue
            fields = {_SITEMAP_NS.sub("", child.tag): (child.text or "").strip()
                      for child in element.iter() if isinstance(child.tag, str)}
            url = try_canonical(fields.get("loc", ""), base_url) if fields.get("loc") else None
            if url:
                hint = Hint(url, title=fields.get("title") or None,
                            published=fields.get("publication_date") or None,
                            lastmod=fields.get("lastmod") or None)
                if "publication_date" in fields:
                    result.is_news = True
                (result.children if tag == "sitemap" else result.urls).append(hint)
            element.clear()
            if len(result.urls) + len(result.children) >= MAX_SITEMAP_URLS:
                break
    except etree.XMLSyntaxError:
        pass  # recover=True keeps going where it can; what parsed before a fatal error is kept
    return result


def robots_sitemaps(body: bytes, base_url: str) -> list[str]:
    """The `Sitemap:` lines of a robots.txt."""
    found = []
    for line in body[:500 * 1024].decode("utf-8", "replace").splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap":
            url = try_canonical(value.strip(), base_url)
            if url:
                found.append(url)
    return found


# ------------------------------------------------------------------------------------------ pages

def _html_tree(body: bytes, base_url: str):
    try:
        return lxml_html.document_fromstring(body, base_url=base_url)
    except (etree.ParserError, ValueError):
        return None


def _base(tree, page_url: str) -> str:
    """What the page's relative links are relative to: its first `<base href>` (an http(s) URL,
    itself resolved against the page's URL), else the page's URL. Where the links then lead is
    judged by the site's scope rules like any other."""
    for base in tree.iter("base"):
        href = base.get("href")
        if href and href.strip():
            return try_canonical(href, page_url) or page_url
    return page_url


@dataclass
class Page:
    """What discovery reads on a homepage or a section page."""

    links: list[str] = field(default_factory=list)       # every distinct http(s) link, canonical, in order
    navigation: set[str] = field(default_factory=set)    # those in the site's navigation: nav, header, menus
    next_page: str | None = None                         # rel=next, or the link to this page's number + 1
    feeds: list[str] = field(default_factory=list)       # feeds advertised with <link rel="alternate">


def read_page(body: bytes, url: str) -> Page:
    """The links of a page (one parse): all of them, those in its navigation, the next page of a paginated
    listing, and the feeds it advertises."""
    tree = _html_tree(body, url)
    page = Page()
    if tree is None:
        return page
    base = _base(tree, url)
    links: dict[str, None] = {}
    for anchor in tree.iter("a"):
        href = anchor.get("href")
        link = try_canonical(href, base) if href else None
        if link:
            links[link] = None
            if page.next_page is None and "next" in (anchor.get("rel") or "").lower().split():
                page.next_page = link
    page.links = list(links)
    page.navigation = {link for anchor in _NAV_ANCHORS(tree, words=_NAV_WORDS)
                       if (link := try_canonical(anchor.get("href"), base)) in links}
    for element in tree.iter("link"):
        rel = (element.get("rel") or "").lower().split()
        href = element.get("href")
        if not href:
            continue
        if "next" in rel:
            page.next_page = try_canonical(href, base) or page.next_page
        kind = (element.get("type") or "").lower().split(";")[0].strip()
        if "alternate" in rel and kind in FEED_TYPES:
            feed = try_canonical(href, base)
            if feed and feed not in page.feeds:
                page.feeds.append(feed)
    if page.next_page is None:
        page.next_page = _numbered_next(url, page.links)
    return page


# Anchors inside a site's navigation: <nav>, <header>, <menu>, role=navigation, or an element whose class
# or id names a nav or menu (`main-nav`, `site-navigation`, `menu-primary`; not `canvas`).
_NAV_ANCHORS = etree.XPath(
    "//nav//a[@href] | //header//a[@href] | //menu//a[@href] | //*[@role='navigation']//a[@href]"
    " | //*[re:test(@class, $words, 'i') or re:test(@id, $words, 'i')]//a[@href]",
    namespaces={"re": "http://exslt.org/regular-expressions"}, smart_strings=False)
_NAV_WORDS = r"(^|[\s_-])(nav|navbar|navigation|menu|menubar|topnav|mainnav)([\s_-]|$)"
# How a listing numbers its pages: ?page=2 (and the usual spellings), or /page/2.
_PAGE_PARAMS = ("page", "p", "pg", "paged", "pagina", "seite")
_PAGE_PATH = re.compile(r"/page/(\d{1,6})/?$")


def _page_number(url: str) -> tuple[str, int]:
    """(the listing without its page number, the page number): page 1 when the URL names none."""
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    for i, (name, value) in enumerate(pairs):
        if name.lower() in _PAGE_PARAMS and value.isdigit() and len(value) <= 6:
            rest = urlencode(pairs[:i] + pairs[i + 1:])
            return urlunsplit((parts.scheme, parts.netloc, parts.path, rest, "")), int(value)
    numbered = _PAGE_PATH.search(parts.path)
    if numbered:
        path = parts.path[:numbered.start()] or "/"
        return urlunsplit((parts.scheme, parts.netloc, path, parts.query, "")), int(numbered.group(1))
    return url, 1


def _numbered_next(url: str, links: list[str]) -> str | None:
    """The link to this listing's next page by number, for pages without rel=next."""
    listing, number = _page_number(url)
    for link in links:
        other, other_number = _page_number(link)
        if other_number == number + 1 and other.rstrip("/") == listing.rstrip("/"):
            return link
    return None


# -------------------------------------------------------------------------------------- discovery

@dataclass
class Discovered:
    """What discovery found for one site in one run."""

    articles: dict[str, Hint] = field(default_factory=dict)
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    # section pages found this run, url -> (depth, the page that linked it): the crawler keeps them in
    # the frontier, to be read every run (up to the site's hubs_per_run)
    hubs: dict[str, tuple[int, str]] = field(default_factory=dict)
    fetched: list[str] = field(default_factory=list)   # every URL discovery asked for, in order
    out_of_scope: int = 0
    traps: dict[str, str] = field(default_factory=dict)   # url -> why it is a trap (blocked:trap)
    # Feeds and sitemaps autodiscovery found (url, kind): the crawler remembers them, so they are
    # read again next run even when the homepage that advertised them answers 304.
    autodiscovered: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def merge(self, other: Discovered) -> None:
        """Take in what one listing gave (its articles, traps and URLs out of scope)."""
        for url, hint in other.articles.items():
            self.articles.setdefault(url, hint)
        for url, reason in other.traps.items():
            self.traps.setdefault(url, reason)
        self.out_of_scope += other.out_of_scope


class Sieve:
    """A site's rules for the URLs discovery finds: within its scope, not a trap, an article. What
    passes, and what does not, is noted in `found`."""

    def __init__(self, site: Site, found: Discovered):
        self.patterns = ArticlePatterns(site.allow, site.deny)
        self.scopes = site.scopes()
        self.found = found

    def add(self, hint: Hint, source: str, *, trusted: bool) -> bool:
        """Queue an article URL found by a feed or news sitemap (`trusted`: listed as an article) or
        by a page or plain sitemap (must look like an article). True if it is a wanted article."""
        url = hint.url
        if site_scope(url) not in self.scopes:
            self.found.out_of_scope += 1
            return False
        reason = trap_reason(url)
        if reason:
            self.found.traps[url] = reason
            return False
        wanted = not self.patterns.is_denied(url) if trusted else self.patterns.is_article(url)
        if wanted and url not in self.found.articles:
            self.found.articles[url] = Hint(url, hint.title, hint.published, hint.lastmod, source)
        return wanted


@dataclass
class Listing:
    """What one feed or sitemap lists, through the site's rules."""

    found: Discovered
    children: list[Hint] = field(default_factory=list)   # a sitemap index's sitemaps, newest first


def read_listing(kind: str, body: bytes, url: str, site: Site) -> Listing:
    """A feed ('feed') or sitemap ('sitemap') parsed and its entries filtered: pure, so the crawler runs
    it in a worker process with a time limit, off the event loop. Raises UnsafeXML."""
    listing = Listing(Discovered())
    sieve = Sieve(site, listing.found)
    if kind == "feed":
        for hint in parse_feed(body, url):
            sieve.add(hint, url, trusted=True)
    else:
        sitemap = parse_sitemap(body, url)
        for hint in sitemap.urls:
            sieve.add(hint, url, trusted=sitemap.is_news)
        # Newest first: ISO dates sort as text; children without a lastmod keep their order, last.
        listing.children = sorted(sitemap.children, key=lambda h: h.lastmod or "", reverse=True)
    return listing


# Why discovery asks for a URL, which decides what its failure means: a `configured` listing or seed
# that fails is a failure of the run; one it `found` (advertised by the site, a sitemap index's child,
# a section page) or a `guess` at the usual places is a finding. A failed guess rests for a week. A
# `next-page` of a listing is read only when the page before it has news, never on its own schedule.
CONFIGURED, FOUND, GUESS, NEXT_PAGE = "configured", "found", "guess", "next-page"

# The crawler's fetch: (url, kind, why) -> body bytes, or None when unchanged (304) or failed (the
# crawler has logged the outcome either way).
FetchBody = Callable[[str, str, str], Awaitable[bytes | None]]
# Runs a pure function off the event loop: (function, *args, timeout=) -> its result (the crawler's: a
# worker process with that time limit, ParsePool.run; by default a thread, without one).
OffLoop = Callable[..., Awaitable]


async def _in_thread(function, *args, timeout: float | None = None):
    return await asyncio.to_thread(function, *args)


@dataclass
class Earlier:
    """What earlier runs left for this one's discovery."""

    # feeds and sitemaps autodiscovery found, (url, kind): read every run, even when the homepage that
    # advertised them answers 304
    listings: list[tuple[str, str]] = field(default_factory=list)
    # guesses at the usual places that failed within the week: not probed again yet
    resting: set[str] = field(default_factory=set)
    # section pages due this run, (url, depth), the longest unread first
    hubs: list[tuple[str, int]] = field(default_factory=list)
    # which of some URLs the frontier held before this run (None: none of them)
    known: Callable[[list[str]], Awaitable[set[str]]] | None = None


async def _nothing_known(urls: list[str]) -> set[str]:
    return set()


class _Walk:
    def __init__(self, site: Site, fetch: FetchBody, earlier: Earlier, off_loop: OffLoop):
        self.site, self.earlier = site, earlier
        self._fetch, self.off_loop = fetch, off_loop
        self.known = earlier.known or _nothing_known
        self.found = Discovered()
        self.sieve = Sieve(site, self.found)
        self.patterns, self.scopes = self.sieve.patterns, self.sieve.scopes
        self.seen_sitemaps: set[str] = set()
        self.seen_feeds: set[str] = set()
        self.seen_pages: set[str] = set(site.seeds)
        self.hubs_read = 0
        # section pages to read, (depth, rank, order, url): by depth; then those in the site's navigation,
        # those earlier runs found (the longest unread first), the others; each in page order
        self.queue: list[tuple[int, int, int, str]] = []
        self.order = itertools.count()

    async def fetch(self, url: str, kind: str, why: str) -> bytes | None:
        self.found.fetched.append(url)
        return await self._fetch(url, kind, why)

    def add(self, hint: Hint, source: str, *, trusted: bool) -> bool:
        return self.sieve.add(hint, source, trusted=trusted)

    def is_hub(self, url: str, in_navigation: bool) -> bool:
        """A link to a section or topic page: within the site, not an article, not a trap, not one of
        the pages every site has that list no news (login, about, search), not a listing's page N
        (reached through page N - 1), without a query, and in the site's navigation or at a short path
        (`/world/`, `/world/europe/`)."""
        parts = urlsplit(url)
        segments = [s for s in parts.path.split("/") if s]
        return (site_scope(url) in self.scopes and not parts.query and bool(segments)
                and not _PAGE_PATH.search(parts.path)
                and (in_navigation or len(segments) <= MAX_HUB_SEGMENTS)
                and not self.patterns.is_article(url) and not self.patterns.is_denied(url)
                and not _NOT_A_HUB.search(parts.path) and trap_reason(url) is None)

    async def _listing(self, url: str, kind: str, body: bytes | None, why: str) -> Listing | None:
        """A feed's or sitemap's entries, fetched unless `body` is given and read off the event loop
        (`read_listing`); None when there is nothing new to read or it could not be read (recorded)."""
        body = body if body is not None else await self.fetch(url, kind, why)
        if body is None:
            return None
        listing = await self._off_loop(url, kind, read_listing, kind, body, url, self.site,
                                       timeout=LISTING_TIMEOUT)
        if listing is not None:
            self.found.merge(listing.found)
        return listing

    async def _off_loop(self, url: str, kind: str, function, *args, timeout: float | None = None):
        """`function(*args)` off the event loop; None, and an error for the site, if it fails: unsafe
        XML, over its time limit, its worker died, or a parser bug (one listing, not the run)."""
        try:
            return await self.off_loop(function, *args, timeout=timeout)
        except Exception as e:
            self.found.errors.append(f"{url}: {kind} not read: {e}" if not isinstance(e, UnsafeXML)
                                     else f"{url}: {e}")
            return None

    async def feed(self, url: str, body: bytes | None = None, why: str = FOUND) -> None:
        if url in self.seen_feeds:
            return
        self.seen_feeds.add(url)
        if await self._listing(url, "feed", body, why) is not None:
            self.found.feeds.append(url)

    async def sitemap(self, url: str, depth: int = 0, body: bytes | None = None, why: str = FOUND) -> None:
        if url in self.seen_sitemaps or depth > MAX_SITEMAP_DEPTH:
            return
        if len(self.seen_sitemaps) >= MAX_SITEMAPS_PER_RUN:
            return
        self.seen_sitemaps.add(url)
        listing = await self._listing(url, "sitemap", body, why)
        if listing is None:
            return
        self.found.sitemaps.append(url)
        for child in listing.children:
            await self.sitemap(child.url, depth + 1)

    async def seed(self, url: str) -> None:
        """A seed is an article, a homepage, a section page, a feed or a sitemap: an article by its URL
        (the article patterns: it is fetched and archived as one), the rest guessed from the URL for
        the request (the Fetcher's caps and accepted types differ) and decided from the body."""
        kind = seed_kind(url)
        if kind == "section" and self.patterns.is_article(url):
            self.add(Hint(url), "seed", trusted=True)
            return
        body = await self.fetch(url, kind, CONFIGURED)
        if body is None:
            return
        kind = sniff(body)
        if kind == "sitemap":
            self.seen_sitemaps.discard(url)
            await self.sitemap(url, body=body)
        elif kind == "feed":
            self.seen_feeds.discard(url)
            await self.feed(url, body=body)
        else:
            page = await self.page(url, body, depth=0)
            if self.site.autodiscover:
                await self.autodiscover(url, page)

    async def page(self, url: str, body: bytes, *, depth: int, number: int = 1) -> Page:
        """A homepage's or section page's links: its articles, the section pages it leads to (while
        they are within the site's hub_depth), and its next page while this one has news."""
        page = await self._off_loop(url, "page", read_page, body, url) or Page()
        articles = []
        for link in page.links:
            if link == page.next_page or link in self.seen_pages:
                continue
            if self.patterns.is_article(link) or trap_reason(link):     # a trap is recorded as one
                if self.add(Hint(link), url, trusted=False):
                    articles.append(link)
            elif depth + 1 < self.site.hub_depth and link not in self.found.hubs \
                    and self.is_hub(link, link in page.navigation):
                self.found.hubs[link] = (depth + 1, url)
                rank = 0 if link in page.navigation else 2
                heapq.heappush(self.queue, (depth + 1, rank, next(self.order), link))
        await self.next_page(url, page, articles, depth=depth, number=number)
        return page

    async def next_page(self, url: str, page: Page, articles: list[str], *, depth: int, number: int) -> None:
        """Page 2, 3, ... of a listing, while each page shows a story the frontier did not hold before
        this run (older pages then hold nothing new either), up to the site's pages_per_hub. A listing
        that goes on past the cap (an endless paginator) is recorded as a trap at the first page over."""
        following = page.next_page
        if not following or following in self.seen_pages or site_scope(following) not in self.scopes:
            return
        if not articles or not set(articles) - await self.known(articles):
            return
        if number >= self.site.pages_per_hub:
            self.found.traps[following] = (f"page {number + 1} of the listing {url}: over the site's"
                                           f" pages_per_hub ({self.site.pages_per_hub})")
            return
        reason = trap_reason(following)
        if reason:
            self.found.traps[following] = reason
            return
        self.seen_pages.add(following)
        body = await self.fetch(following, "section", NEXT_PAGE)
        if body is not None:
            await self.page(following, body, depth=depth, number=number + 1)

    async def hubs(self) -> None:
        """The section pages: those the seeds (and they themselves) link to, and those earlier runs
        found that are due, by depth, up to the site's hubs_per_run (a listing begun is read to its end)."""
        for url, depth in self.earlier.hubs:
            if depth < self.site.hub_depth:
                heapq.heappush(self.queue, (depth, 1, next(self.order), url))
        while self.queue and self.hubs_read < self.site.hubs_per_run:
            depth, _, _, url = heapq.heappop(self.queue)
            if url in self.seen_pages:
                continue
            self.seen_pages.add(url)
            self.hubs_read += 1
            body = await self.fetch(url, "section", FOUND)
            if body is not None and sniff(body) == "page":
                await self.page(url, body, depth=depth)

    async def autodiscover(self, page_url: str, page: Page) -> None:
        """Feeds and sitemaps of a bare homepage: robots.txt `Sitemap:` lines, <link rel=alternate>,
        then the usual places, stopping at the first feed that answers."""
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(page_url))
        robots_txt = origin + "/robots.txt"
        robots = None if robots_txt in self.earlier.resting else await self.fetch(robots_txt, "robots", GUESS)
        sitemaps = robots_sitemaps(robots, origin) if robots else []
        feeds = page.feeds
        guessing = not feeds and not sitemaps
        if guessing:
            sitemaps = [origin + "/sitemap.xml"]
            feeds = [origin + path for path in COMMON_FEED_PATHS]
        why = GUESS if guessing else FOUND
        for url in sitemaps:
            if url in self.earlier.resting:
                continue
            await self.sitemap(url, why=why)
            if url in self.found.sitemaps:
                self.found.autodiscovered.append((url, "sitemap"))
        for url in feeds:
            if url in self.earlier.resting:
                continue
            await self.feed(url, why=why)
            if url in self.found.feeds:
                self.found.autodiscovered.append((url, "feed"))
                if guessing:
                    break       # the first of the usual places that answers with a feed is enough


async def discover(site: Site, fetch: FetchBody, earlier: Earlier | None = None,
                   off_loop: OffLoop = _in_thread) -> Discovered:
    """Walk one site's configured feeds and sitemaps, those autodiscovery found on earlier runs, and its
    seeds; return the article URLs found."""
    earlier = earlier or Earlier()
    walk = _Walk(site, fetch, earlier, off_loop)
    for url in site.feeds:
        await walk.feed(url, why=CONFIGURED)
    for url in site.sitemaps:
        await walk.sitemap(url, why=CONFIGURED)
    for url, kind in earlier.listings:
        await (walk.feed(url) if kind == "feed" else walk.sitemap(url))
    for url in site.seeds:
        await walk.seed(url)
    await walk.hubs()
    return walk.found
