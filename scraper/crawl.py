"""The crawl loop: seeds -> discover -> frontier -> fetch -> raw capture -> parse -> archive.

    for each site (several at once):  discover() queues article URLs in the `urls` table
        for each host of the site:    one URL at a time (the Fetcher keeps the delay)
            visit(url):               fetch (event loop)
            _store(url):              parse (a worker process, parsepool.py) -> WARC and
                                      Archive.record (the archive thread), while the host's
                                      next URL downloads

A page is stored whole or not at all (a savepoint of its own), in one transaction with the other
pages waiting for the archive thread at that moment (group commit: one disk sync for them all);
fetches that store no article (304s, errors) are committed in batches (BATCH_RECORDS,
BATCH_SECONDS). Every URL a run touches gets exactly one `fetches` row with its outcome code; a
failure is caught for that URL, recorded, and the loop goes on. State lives in the `urls` table (due
times, ETag, Last-Modified, body hash), so a run can stop anywhere (deadline, signal, `kill -9`) and
the next one carries on.
"""
from __future__ import annotations

import asyncio
import hashlib
import logging
import signal
import sys
import time
from collections import Counter, defaultdict, deque
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .archive import Archive, FetchRecord, article_key, utcnow
from .config import Site
from .discover import CONFIGURED, FOUND, GUESS, NEXT_PAGE, Earlier, discover
from .fetch import Fetcher, Limits, Response, user_agent
from .netpolicy import is_public_address, numeric_address
from .parsepool import ParsePool, ParseResult, parse_page
from .urls import site_scope, try_canonical
from .warc import Capture, Rendered, WarcRef, WarcWriter

if TYPE_CHECKING:
    from parsers import Article

log = logging.getLogger("scraper.crawl")

# Revisit schedule: (article younger than, check again after). Young stories are edited often; old
# ones almost never, so they are looked at monthly.
REVISITS = ((timedelta(hours=6), timedelta(hours=1)), (timedelta(days=2), timedelta(hours=6)),
            (timedelta(days=7), timedelta(days=1)), (timedelta(days=30), timedelta(weeks=1)))
OLD_REVISIT = timedelta(days=30)
# After a failure: wait this long, doubled per consecutive failure, up to a week.
RETRY_BASE, RETRY_MAX = timedelta(hours=1), timedelta(days=7)
# Outcomes that will not change by asking again soon.
PERMANENT = ("blocked:ssrf", "blocked:scheme", "blocked:scope", "blocked:trap", "skipped:content_type",
             "parse:incomplete", "parse:timeout")
# A body shorter than this many words is not an article body (a teaser, a paywall stub).
MIN_BODY_WORDS = 50
DEADLINE = "deferred:run_deadline"
INTERRUPTED = "deferred:interrupted"       # SIGINT/SIGTERM stopped the run while this URL was in hand
# A guess at a usual feed or sitemap place that failed is not asked again for this long.
GUESS_REST = timedelta(days=7)
# Non-TTY progress: one log line this often.
PROGRESS_EVERY = 10.0
# Fetches that store no article (304s, unchanged bodies, errors) are committed together, up to this many
# or this old: a --refresh of a big archive is thousands of 304s, and one disk sync each would dominate it.
# A crash loses at most these log rows, and their URLs are simply checked again next run.
BATCH_RECORDS, BATCH_SECONDS = 256, 1.0
# A host's next page downloads while this many of its pages are still being parsed and stored: the
# parse workers and the archive thread are shared by all hosts, so one slow store must not stall a host.
STORES_AHEAD = 3


@dataclass
class Options:
    max_pages: int | None = None
    max_time: float | None = None
    delay: float | None = None          # overrides every site's delay
    concurrency: int = 16               # pages in flight at once, over all hosts (each host: one)
    user_agent: str | None = None      # None: the Fetcher's default (bot token, version, contact URL)
    refresh: bool = False
    parse_workers: int = 0              # processes that parse pages; 0: parse on the archive thread
    proxy: str | None = None            # an HTTP proxy for every site (else each site's own, if any)
    discover: bool = True               # read robots.txt, feeds, sitemaps and sections first (a cluster
                                        # shard's later slices go on with what its first one found)
    log_deadline: bool = True           # log what the deadline leaves unfetched as deferred:run_deadline
                                        # (not when a cluster shard's next slice goes on with it at once)


@dataclass
class SiteStats:
    discovered: int = 0                 # URLs new to the frontier this run
    fetched: int = 0                    # article fetches that got a response
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0                 # same body as another URL's
    robots: int = 0                     # skipped by robots.txt
    deferred: int = 0
    responses: int = 0                  # any fetch (feeds too) that got an answer: 0 means unreachable
    outcomes: Counter = field(default_factory=Counter)
    health: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)   # failures: the run exits 1
    notes: list[str] = field(default_factory=list)      # worth saying, not a failure

    @property
    def errors(self) -> dict[str, int]:
        return {k: v for k, v in self.outcomes.items()
                if k.startswith(("error:", "parse:", "skipped:", "blocked:")) and k != "blocked:robots"}

    def failed(self) -> bool:
        return (self.responses == 0 or bool(self.problems)
                or any(k.startswith(("error:", "parse:failed")) for k in self.outcomes))


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds")


def _when(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def next_visit(published: str | None, first_seen: str | None, now: datetime) -> datetime:
    """When to look at an article again, by its age (publication date, else when we first saw it)."""
    born = _when(published) or _when(first_seen) or now
    age = now - born
    for younger_than, interval in REVISITS:
        if age < younger_than:
            return now + interval
    return now + OLD_REVISIT


def retry_after_failure(outcome: str, failures: int, now: datetime) -> datetime:
    if outcome.startswith("deferred:"):
        return now                                  # not the page's fault: next run
    if outcome in PERMANENT:
        return now + OLD_REVISIT
    return now + min(RETRY_BASE * 2 ** max(failures - 1, 0), RETRY_MAX)


def loopback_allowances(urls) -> set[tuple[str, int]]:
    """(ip, port) pairs a seed on a loopback or private address may use: that host and port only.
    A public site needs none, and a name is never looked up here (the Fetcher checks every hop)."""
    allow = set()
    for url in urls:
        host, port = _split(url) or (None, 0)
        addresses = ["127.0.0.1", "::1"] if host == "localhost" else numeric_address(host or "") or []
        allow |= {(address, port) for address in addresses if not is_public_address(address)}
    return allow


def fetcher_for(site: Site, options: Options) -> Fetcher:
    """The Fetcher a crawl uses for one site: its delay, budget and proxy unless the run overrides them,
    the run's User-Agent, and its loopback seeds' host and port allowed."""
    delay = options.delay if options.delay is not None else site.delay
    limits = Limits() if site.budget is None else replace(Limits(), host_page_budget=site.budget)
    return Fetcher(user_agent=user_agent(options.user_agent), limits=limits, delay=delay,
                   allow=loopback_allowances(site.urls()), proxy=options.proxy or site.proxy)


def _split(url: str) -> tuple[str, int] | None:
    parts = urlsplit(url)
    if not parts.hostname:
        return None
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


class Crawl:
    """One run over some sites. `run()` returns the exit code (0 all well, 1 some pages failed)."""

    def __init__(self, archive: Archive, sites: list[Site], options: Options, *, warc_dir: Path,
                 make_fetcher=None, progress=None, on_stored=None):
        self.archive, self.sites, self.options = archive, sites, options
        self.warc = WarcWriter(warc_dir)
        self.make_fetcher = make_fetcher or self._fetcher
        self.stats = {site.name: SiteStats() for site in sites}
        self.pages = 0
        self.run_id: int | None = None
        self.slots = asyncio.Semaphore(max(1, options.concurrency))
        self.stop = asyncio.Event()
        self.deadline = time.monotonic() + options.max_time if options.max_time else None
        self.progress = progress or Progress(sys.stderr.isatty())
        # called on the archive thread with each article stored (new, updated or unchanged)
        self.on_stored = on_stored
        self.interrupted = False
        self.archive_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="archive")
        self.parsers = ParsePool(options.parse_workers)
        # listing URL -> (ETag, Last-Modified), stored once what it lists is in the frontier
        self.validators: dict[str, tuple[str | None, str | None]] = {}
        # robots.txt answers the fetchers got this run, by URL: autodiscovery reads these, never asks again
        self.robots_answers: dict[str, Response] = {}
        self.pending: list[tuple] = []      # article-less fetch records not yet committed (archive thread)
        self.pending_since = 0.0
        # pages parsed and waiting for the archive thread, stored together by one committer task
        self.to_store: list[tuple[partial, asyncio.Future]] = []
        self.committer: asyncio.Future | None = None

    # ------------------------------------------------------------------------------------- the run

    async def run(self) -> int:
        self.run_id = self.archive.start_run({"sites": [s.name for s in self.sites], **vars(self.options)})
        if self._will_parse():
            self.parsers.warm()
        self.progress.start(self)
        signals = self._catch_signals()
        try:
            await asyncio.gather(*(self.crawl_site(site) for site in self.sites))
        finally:
            for sig in signals:
                asyncio.get_running_loop().remove_signal_handler(sig)
            self._close()
        code = 1 if any(s.failed() for s in self.stats.values()) else 0
        for site in self.sites:
            self._record_health(site)
        self.archive.finish_run(self.run_id, self.totals(), code)
        self.progress.done(self)
        return code

    def _will_parse(self) -> bool:
        """Whether this run is sure to parse pages: a site crawled for the first time, or URLs found
        earlier and never fetched. (A run of re-checks, mostly 304s, may parse nothing.)"""
        return any(self.archive.conn.execute(
            "SELECT NOT EXISTS (SELECT 1 FROM urls WHERE site = ?)"
            " OR EXISTS (SELECT 1 FROM urls WHERE site = ? AND status = 'new')",
            (site.name, site.name)).fetchone()[0] for site in self.sites)

    async def fetch_one(self, url: str) -> tuple[Response, Article | None]:
        """One URL of the first site, now and unconditionally, fetched as the crawl fetches (robots.txt,
        limits, User-Agent), then captured, parsed and stored like a crawled page, in a run of its own:
        `scraper get --save`. Returns the response and the article stored (None: see the outcome)."""
        site = self.sites[0]
        self.run_id = self.archive.start_run({"get": url, **vars(self.options)})
        fetcher = self.make_fetcher(site)
        try:
            resp = await fetcher.fetch(url)
            row = {"url": url, "etag": None, "last_modified": None, "content_hash": None, "failures": 0,
                   "first_seen": None, "article_url": None, "published": None, "capture": None}
            digest = hashlib.sha256(resp.body).hexdigest() if resp.ok else None
            article = await self.store_in_turn(partial(self.store, site, row, resp, digest))
        finally:
            await fetcher.aclose()
            self._close()
        code = 1 if self.stats[site.name].failed() else 0
        self._record_health(site)
        self.archive.finish_run(self.run_id, self.totals(), code)
        return resp, article

    def _close(self) -> None:
        """Commit the batched records; the page being stored is finished, never cut."""
        self.archive_thread.submit(self.commit_pending)
        self.archive_thread.shutdown(wait=True)
        self.parsers.close()
        self.warc.close()

    def _catch_signals(self) -> list[int]:
        """SIGINT and SIGTERM stop the run after the page in hand. Only the main thread can take them: a
        crawl driven from another thread (`scraper.api.crawl` in a notebook's worker) is stopped by
        its caller instead."""
        caught = []
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                asyncio.get_running_loop().add_signal_handler(sig, self._on_signal, sig)
            except (RuntimeError, ValueError):
                break
            caught.append(sig)
        return caught

    def _on_signal(self, sig: int) -> None:
        log.warning("crawl: %s received, finishing the page in hand and stopping", signal.Signals(sig).name)
        self.interrupted = True
        self.stop.set()

    def _fetcher(self, site: Site) -> Fetcher:
        return fetcher_for(site, self.options)

    def remaining(self) -> float | None:
        return None if self.deadline is None else max(0.0, self.deadline - time.monotonic())

    def stopping(self) -> bool:
        return self.stop.is_set() or self.remaining() == 0.0 or self._page_cap_reached()

    def _page_cap_reached(self) -> bool:
        return self.options.max_pages is not None and self.pages >= self.options.max_pages

    async def db(self, fn, *args, **kwargs):
        """Run archive work (SQLite, WARC, parsing) on the one archive thread: writes stay serial and
        in order, and the event loop keeps other hosts' downloads moving during a commit's fsync."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.archive_thread, partial(fn, *args, **kwargs))

    async def bounded(self, coro) -> Response | None:
        """Await a fetch unless the run deadline passes or a signal arrives first (then None)."""
        task = asyncio.ensure_future(coro)
        stopper = asyncio.ensure_future(self.stop.wait())
        done, _ = await asyncio.wait({task, stopper}, timeout=self.remaining(),
                                     return_when=asyncio.FIRST_COMPLETED)
        stopper.cancel()
        if task in done:
            return task.result()
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
        return None

    # ------------------------------------------------------------------------------------- a site

    async def crawl_site(self, site: Site) -> None:
        stats = self.stats[site.name]
        fetcher = self.make_fetcher(site)
        fetcher.on_robots = partial(self._robots_fetched, site)
        try:
            if self.options.discover:
                await self.read_listings(fetcher, site)
            by_host, beyond = await self.db(self.due, site, fetcher.limits.host_page_budget)
            self.progress.add(sum(map(len, by_host.values())))
            site_slots = asyncio.Semaphore(site.concurrency)
            await asyncio.gather(*(self.crawl_host(fetcher, site, rows, site_slots, beyond[host])
                                   for host, rows in by_host.items()))
        finally:
            for host, report in fetcher.host_report().items():
                if report.get("stopped"):
                    because = report.get("stopped_because") or "no reason given"
                    note = f"{host}: {report['stopped']} ({because})"
                    # a paused host or an open breaker is a failure; a Retry-After is the site's wish
                    wish = report["stopped"].startswith("deferred:")
                    (stats.notes if wish else stats.problems).append(note)
            await fetcher.aclose()

    async def read_listings(self, fetcher: Fetcher, site: Site) -> None:
        """Read the site's listings and queue the article URLs they name."""
        stats = self.stats[site.name]
        earlier = await self.db(self._earlier, site)
        async with self.slots:
            found = await discover(site, partial(self.fetch_listing, fetcher, site), earlier,
                                   self.parsers.run)
        await self.db(self.commit_pending)        # the listings' rows, before what follows updates them
        await self.db(self._remember, found.autodiscovered)
        stats.problems += found.errors
        traps = [(url, "blocked:trap", reason) for url, reason in found.traps.items()]
        refused = traps + await self._inadmissible(fetcher, found.articles)
        await self.db(self._log_unfetched, site, refused)
        stats.discovered = await self.db(self.archive.add_urls, [
            {"url": url, "site": site.name, "source": hint.source, "hint_title": hint.title,
             "hint_published": hint.published} for url, hint in found.articles.items()])
        await self.db(self._keep_hubs, site, found.hubs)
        await self.db(self._keep_validators, found.fetched)

    def _earlier(self, site: Site) -> Earlier:
        """What earlier runs left for discovery: the feeds and sitemaps autodiscovery found, and the
        guesses that failed within the week."""
        listings = self.archive.conn.execute(
            "SELECT url, kind FROM urls WHERE site = ? AND source = 'autodiscovery' ORDER BY first_seen",
            (site.name,)).fetchall()
        now = utcnow()
        resting = self.archive.conn.execute(
            "SELECT url FROM urls WHERE site = ? AND source = 'guess' AND next_due > ?",
            (site.name, now)).fetchall()
        hubs = self.archive.conn.execute(
            "SELECT url, depth FROM urls WHERE site = ? AND kind = 'section' AND depth >= 1 AND next_due <= ?"
            " ORDER BY depth, last_fetched IS NOT NULL, last_fetched", (site.name, now)).fetchall()
        return Earlier(listings=listings, resting={url for (url,) in resting}, hubs=hubs,
                       known=partial(self.db, self._in_frontier))

    def _in_frontier(self, urls: list[str]) -> set[str]:
        """Which of these URLs the frontier holds (discovery asks before this run's finds are added)."""
        known = set()
        for start in range(0, len(urls), 500):
            chunk = urls[start:start + 500]
            known |= {url for (url,) in self.archive.conn.execute(
                f"SELECT url FROM urls WHERE url IN ({','.join('?' * len(chunk))})", chunk)}
        return known

    def _keep_hubs(self, site: Site, hubs: dict[str, tuple[int, str]]) -> None:
        """Section pages found this run join the frontier, with their depth and the page that linked
        them; they are read every run (the longest unread first, up to the site's hubs_per_run)."""
        if not hubs:
            return
        now = utcnow()
        with self.archive.transaction() as c:
            c.executemany(
                "INSERT INTO urls(url, site, kind, first_seen, source, next_due, status, depth)"
                " VALUES (?, ?, 'section', ?, ?, ?, 'new', ?) ON CONFLICT(url) DO UPDATE"
                " SET depth = coalesce(urls.depth, excluded.depth),"
                " source = coalesce(urls.source, excluded.source)",
                [(url, site.name, now, source, now, depth) for url, (depth, source) in hubs.items()])

    def _keep_validators(self, listings: list[str]) -> None:
        """Store the ETag and Last-Modified of listings whose entries are now in the frontier."""
        rows = [(*self.validators.pop(url), url) for url in listings if url in self.validators]
        if rows:
            with self.archive.transaction() as c:
                c.executemany("UPDATE urls SET etag = ?, last_modified = ? WHERE url = ?", rows)

    def _remember(self, listings: list[tuple[str, str]]) -> None:
        if listings:
            with self.archive.transaction() as c:
                c.executemany("UPDATE urls SET source = 'autodiscovery' WHERE url = ?",
                              [(url,) for url, _ in listings])

    def due(self, site: Site, per_host: int) -> tuple[dict[str, list[dict]], Counter]:
        """This site's article URLs to visit now, by host: new ones first, newest story first (by the
        feed's or sitemap's date), so a big archive sitemap never starves today's news; then the longest
        overdue. At most `per_host` (the page budget) are kept per host; the rest are only counted, so a
        backlog far over budget costs this run a count, not a row each in memory and in the log."""
        limit = -1 if self.options.max_pages is None else self.options.max_pages
        rows = self.archive.conn.execute(
            "SELECT u.url, u.etag, u.last_modified, u.content_hash, u.failures, u.first_seen, u.article_url,"
            " COALESCE(a.published, u.hint_published) AS published, " + CAPTURE_COLUMNS +
            " FROM urls u LEFT JOIN articles a ON a.url = u.article_url"
            " WHERE u.site = ? AND u.kind = 'article' AND (? OR u.next_due <= ?)"
            " ORDER BY u.status = 'new' DESC, CASE WHEN u.status = 'new' THEN u.hint_published END DESC,"
            " u.next_due LIMIT ?",
            (site.name, self.options.refresh, utcnow(), limit))
        columns = ("url", "etag", "last_modified", "content_hash", "failures", "first_seen", "article_url",
                   "published", "capture")
        by_host: dict[str, list[dict]] = defaultdict(list)
        beyond: Counter = Counter()
        for row in rows:
            host = row[0].split("/", 3)[2]      # canonical: scheme://host[:port]/...
            if len(by_host[host]) < per_host:
                by_host[host].append(dict(zip(columns, (*row[:8], _capture(row[8:])), strict=True)))
            else:
                beyond[host] += 1
        return by_host, beyond

    async def crawl_host(self, fetcher: Fetcher, site: Site, rows: list[dict], site_slots,
                         beyond: int) -> None:
        """One host's URLs in order (and `beyond` more due that are over its budget). The run's slots are
        taken page by page, and asyncio hands them out first come, first served, so with more hosts than
        slots every host gets its turns. Once the host takes no more pages this run (budget spent,
        breaker, Retry-After, paused), the URLs left are recorded once, as one count, and stay due."""
        async with site_slots:
            storing: deque[asyncio.Future] = deque()    # earlier pages' stores, overlapping this download
            try:
                for i, row in enumerate(rows):
                    async with self.slots:
                        if self.stopping():
                            if self.remaining() == 0.0:
                                await self._log_cut_off(site, [r["url"] for r in rows[i:]], DEADLINE)
                            return
                        if refused := fetcher.refuses_articles(row["url"]):
                            await self.db(self._log_host_stop, site, row["url"], *refused,
                                          len(rows) - i + beyond)
                            return
                        self.pages += 1
                        resp = await self.visit(fetcher, site, row)
                    if resp is not None:
                        storing.append(asyncio.ensure_future(self._store(site, row, resp)))
                    if len(storing) > STORES_AHEAD:
                        await storing.popleft()
                    else:
                        await asyncio.sleep(0)      # a host waiting for the slot takes it before we ask again
            finally:
                # in-flight writes finish, also on a signal, the deadline or a failed store; the first
                # failure is raised once all have finished
                failures = [r for r in await asyncio.gather(*storing, return_exceptions=True)
                            if isinstance(r, BaseException)]
                if failures and sys.exc_info()[0] is None:
                    raise failures[0]

    # ------------------------------------------------------------------------------------- a page

    async def fetch_listing(self, fetcher: Fetcher, site: Site, url: str, kind: str,
                            why: str) -> bytes | None:
        """Discovery's fetch: feeds, sitemaps, seed pages, robots.txt. Conditional (ETag and
        Last-Modified stored in `urls`), logged, and None unless there is a new body to read. Only a
        configured listing's failure fails the run; what autodiscovery found or guessed is a finding,
        and a failed guess rests for a week."""
        if kind == "robots" and url in self.robots_answers:     # the fetcher asked already: logged, kept
            answer = self.robots_answers[url]
            return answer.body if answer.ok else None
        if self.stopping():
            if self.remaining() == 0.0:     # like the articles the deadline leaves: still due next run
                await self._log_cut_off(site, [url], DEADLINE, kind=kind)
            return None
        self.progress.reading(kind, url)
        known = await self.db(self._known, url)
        resp = await self.bounded(fetcher.fetch(url, kind=kind, etag=known["etag"],
                                                last_modified=known["last_modified"]))
        if resp is None:
            await self._log_cut_off(site, [url], self._cut_off(), kind=kind)
            return None
        await self._listing_fetched(site, resp, kind, why, known)
        return resp.body if resp.ok else None

    async def _robots_fetched(self, site: Site, resp: Response) -> None:
        """The fetcher asked for a robots.txt (before a host's first request): logged and kept like
        any listing, and remembered so autodiscovery reads it without asking again."""
        self.robots_answers[resp.url] = resp
        known = await self.db(self._known, resp.url)
        await self._listing_fetched(site, resp, "robots", FOUND, known)

    def _known(self, url: str) -> dict:
        """What the frontier holds about a listing: validators, body hash, the capture of its body."""
        row = self.archive.conn.execute(
            f"SELECT etag, last_modified, content_hash, {CAPTURE_COLUMNS} FROM urls WHERE url = ?",
            (url,)).fetchone() or (None,) * 7
        return {"etag": row[0], "last_modified": row[1], "content_hash": row[2], "capture": _capture(row[3:])}

    async def _listing_fetched(self, site: Site, resp: Response, kind: str, why: str, known: dict) -> None:
        stats = self.stats[site.name]
        stats.responses += resp.status is not None
        # listings and section pages are read every run; a listing's next page only through the one before
        frontier = {"site": site.name, "kind": kind, "last_fetched": resp.started_at, "status": resp.outcome,
                    "next_due": None if why == NEXT_PAGE else utcnow()}
        if resp.outcome not in ("ok", "not_modified"):
            finding = f"{kind} {resp.url}: {resp.outcome}"
            finding += f" ({resp.error_message})" if resp.error_message else ""
            if why == CONFIGURED:
                stats.problems.append(finding)
            elif why == GUESS or (why == FOUND and kind == "section"):
                # a guess that missed, or a section page gone from the site: not asked again for a week
                stats.notes.append(f"{finding}; not asked again for a week")
                frontier["next_due"] = _iso(datetime.now(UTC) + GUESS_REST)
                if why == GUESS:
                    frontier["source"] = "guess"
            else:
                stats.notes.append(finding)
        if resp.ok:   # kept once what it lists is queued: a 304 must never hide entries we did not keep
            self.validators[resp.url] = (_header(resp, "etag"), _header(resp, "last-modified"))
        await self.db(self._store_listing, site, resp, kind, known, frontier)

    def _store_listing(self, site: Site, resp: Response, kind: str, known: dict, frontier: dict) -> None:
        """Raw capture and the fetch log for a feed, sitemap, page or robots.txt (on the archive thread),
        committed with the next batch: a section page read is a few dozen of them, and a disk sync each
        held up every host's discovery."""
        digest = hashlib.sha256(resp.body).hexdigest() if resp.ok else None
        ref = self.warc.write_fetch(resp, original=known["capture"],
                                    same_payload=digest is not None and digest == known["content_hash"])
        if ref is not None and ref.capture is not None:
            frontier |= {"content_hash": digest, **_capture_fields(ref.capture)}
        self._log_later(self._fetch_record(site, resp, kind, ref=ref), frontier)

    async def visit(self, fetcher: Fetcher, site: Site, row: dict) -> Response | None:
        """Fetch one article URL; the caller stores what happened (`_store`) while the host's next
        page downloads."""
        resp = await self.bounded(fetcher.fetch(row["url"], etag=row["etag"],
                                                last_modified=row["last_modified"]))
        if resp is None:
            await self._log_cut_off(site, [row["url"]], self._cut_off())
        return resp

    def _cut_off(self) -> str:
        """The outcome of a fetch `bounded()` gave up on: a signal's, or the run deadline's."""
        return INTERRUPTED if self.interrupted else DEADLINE

    async def _log_cut_off(self, site: Site, urls: list[str], outcome: str, kind: str = "article") -> None:
        """URLs a signal or the run deadline left unfetched: still due, logged with that outcome. A
        cluster slice's deadline ends no run (its next slice goes on with them at once): not logged."""
        if outcome != DEADLINE or self.options.log_deadline:
            await self.db(self._log_unfetched, site, [(url, outcome, "") for url in urls], kind=kind)

    async def _store(self, site: Site, row: dict, resp: Response) -> None:
        """Parse and render the raw capture in a worker process (when the run has them) while other
        pages download and commit, then write it and commit on the archive thread (serial, in order)."""
        digest = hashlib.sha256(resp.body).hexdigest() if resp.ok else None
        parsed = rendered = None
        if self.parsers.workers and digest and digest != row["content_hash"]:
            # a body new for this URL (store may still find it is another URL's twin)
            parsed, rendered = await self.parsers.parse_and_render(resp, page_url(resp), site.parser)
        await self.store_in_turn(partial(self.store, site, row, resp, digest, parsed, rendered))
        self.progress.tick(self)

    async def store_in_turn(self, store: partial) -> Article | None:
        """Run `store` (a page's `self.store`) on the archive thread and return what it returns, in one
        transaction with the pages that queued up while the previous ones committed (group commit). A
        page waits for the archive thread either way; this way a dozen waiting pages cost one disk sync,
        not a dozen in a row (with `synchronous=FULL` a sync was most of a page's store)."""
        stored = asyncio.get_running_loop().create_future()
        self.to_store.append((store, stored))
        if self.committer is None or self.committer.done():
            self.committer = asyncio.ensure_future(self._commit_stores())
        return await stored

    async def _commit_stores(self) -> None:
        while self.to_store:
            batch, self.to_store = self.to_store, []
            try:
                results = await self.db(self.store_batch, [store for store, _ in batch])
            except BaseException as e:      # the commit itself failed (disk full): every page of it
                results = [(None, e)] * len(batch)
            for (_, stored), (article, error) in zip(batch, results, strict=True):
                if not stored.done():
                    stored.set_exception(error) if error is not None else stored.set_result(article)

    def store_batch(self, stores: list[partial]) -> list[tuple[Article | None, BaseException | None]]:
        """Pages stored in one transaction, each in a savepoint of its own: a page is stored whole or not
        at all, and one that fails is rolled back alone and raises for its own caller. `on_stored`
        hears of an article once it is committed."""
        results: list[tuple[Article | None, BaseException | None]] = []
        with self.archive.transaction():
            for store in stores:
                try:
                    with self.archive.transaction():
                        results.append((store(), None))
                except Exception as e:
                    results.append((None, e))
        if self.on_stored:
            for article, _ in results:
                if article is not None:
                    self.on_stored(article)
        return results

    def store(self, site: Site, row: dict, resp: Response, digest: str | None,
              parsed: ParseResult | None = None, rendered: Rendered | None = None) -> Article | None:
        """Raw capture, parse, and one transaction for the fetch log, the article and its frontier row.
        Returns the article stored, if any."""
        url, stats = row["url"], self.stats[site.name]
        stats.fetched += resp.status is not None
        stats.responses += resp.status is not None
        now = datetime.now(UTC)
        frontier = {"site": site.name, "last_fetched": resp.started_at, "status": resp.outcome, "failures": 0}
        article, outcome = None, resp.outcome
        if resp.outcome == "not_modified":
            ref = self.warc.write_fetch(resp, original=row["capture"])
            frontier["next_due"] = _iso(next_visit(row["published"], row["first_seen"], now))
            stats.unchanged += 1
        elif resp.ok:
            frontier |= {"etag": _header(resp, "etag"), "last_modified": _header(resp, "last-modified"),
                         "content_hash": digest,
                         "next_due": _iso(next_visit(row["published"], row["first_seen"], now))}
            same = digest == row["content_hash"]
            twin, twin_capture = (None, None) if same else self._same_body(digest, url)
            # the same bytes as this URL's last capture, or another URL's: a revisit naming that capture
            original = row["capture"] if same else twin_capture
            if original is None and rendered is not None:     # a new body, its records rendered by the worker
                ref = self.warc.append(rendered)
            else:
                ref = self.warc.write_fetch(resp, original=original, same_payload=original is not None)
            if ref.capture is not None:
                frontier |= _capture_fields(ref.capture)
            if same or twin:
                frontier |= {"status": "unchanged" if not twin else "duplicate",
                             "article_url": row["article_url"] if not twin else twin}
                stats.unchanged += not twin
                stats.duplicates += bool(twin)
            else:
                article, outcome = article_from(site, resp, parsed or parse_page(
                    resp.body, page_url(resp), resp.content_type, site.parser))
                if article is not None:
                    frontier["article_url"] = article_key(article)
                else:
                    frontier |= {"status": outcome, "next_due": _iso(retry_after_failure(outcome, 1, now))}
        else:
            ref = self.warc.write_fetch(resp)
            failures = (row["failures"] or 0) + 1
            frontier |= {"failures": failures, "next_due": _iso(retry_after_failure(outcome, failures, now))}
            if outcome.startswith("deferred:"):   # the host's state, not the page's fault
                stats.deferred += 1
                frontier["failures"] = row["failures"] or 0
        record = self._fetch_record(site, resp, "article", outcome=outcome, ref=ref)
        if article is None:
            self._log_later(record, frontier)
        elif result := self.archive.record(record, run_id=self.run_id, article=article, frontier=frontier):
            setattr(stats, result, getattr(stats, result) + 1)
            self._count_health(stats, article)
        stats.robots += outcome == "blocked:robots"
        stats.outcomes[outcome] += 1
        return article

    def _log_later(self, record: FetchRecord, frontier: dict) -> None:
        if not self.pending:
            self.pending_since = time.monotonic()
        self.pending.append((record, self.run_id, frontier))
        if len(self.pending) >= BATCH_RECORDS or time.monotonic() - self.pending_since >= BATCH_SECONDS:
            self.commit_pending()

    def commit_pending(self) -> None:
        """Commit the batched article-less records (on the archive thread; also at the end of the run)."""
        records, self.pending = self.pending, []
        self.archive.record_batch(records)

    def _same_body(self, digest: str, url: str) -> tuple[str | None, Capture | None]:
        """The article another URL already gave for exactly these bytes (a mirror, a session-id or
        print variant), so this one is recorded as a duplicate instead of parsed again; and the capture
        of that body, for the revisit record."""
        row = self.archive.conn.execute(
            f"SELECT article_url, {CAPTURE_COLUMNS} FROM urls"
            " WHERE content_hash = ? AND url != ? AND article_url IS NOT NULL LIMIT 1",
            (digest, url)).fetchone()
        return (row[0], _capture(row[1:])) if row else (None, None)

    # ------------------------------------------------------------------------------------- records

    def _fetch_record(self, site: Site, resp: Response, kind: str, *, outcome: str | None = None,
                      ref: WarcRef | None = None) -> FetchRecord:
        return FetchRecord(
            url=resp.url, outcome=outcome or resp.outcome, started_at=resp.started_at, site=site.name,
            kind=kind, status=resp.status, bytes=len(resp.body), elapsed_ms=resp.elapsed_ms,
            wait_ms=resp.wait_ms, error_kind=resp.error_kind,
            error_message=resp.error_message, final_url=resp.final_url, content_type=resp.content_type,
            warc_file=ref.file if ref else None, warc_offset=ref.offset if ref else None,
            warc_length=ref.length if ref else None)

    async def _inadmissible(self, fetcher: Fetcher, articles: dict) -> list[tuple[str, str, str]]:
        """Discovered URLs on a host we must not contact (an internal address, a bad scheme): taken
        out of `articles` and returned as (url, outcome, reason). One check per host."""
        verdicts: dict[tuple[str, int] | None, str | None] = {}
        refused = []
        for url in list(articles):
            host = _split(url)
            if host not in verdicts:
                verdicts[host] = await fetcher.admissible(url)
            if (verdicts[host] or "").startswith("blocked:"):
                refused.append((url, verdicts[host], "not a host this crawl may contact"))
                del articles[url]
        return refused

    def _log_unfetched(self, site: Site, rows: list[tuple[str, str, str]], kind: str = "article") -> None:
        """URLs that get an outcome without a response (traps, forbidden hosts, and those the run
        deadline or a signal left: still due next run), logged in one transaction."""
        if not rows:
            return
        now = utcnow()
        self.archive.record_batch([
            (FetchRecord(url=url[:4096], outcome=outcome, started_at=now, site=site.name, kind=kind,
                         error_message=reason or None), self.run_id, None) for url, outcome, reason in rows])
        stats = self.stats[site.name]
        for _, outcome, _ in rows:
            stats.outcomes[outcome] += 1
            stats.deferred += outcome in (DEADLINE, INTERRUPTED)

    def _log_host_stop(self, site: Site, url: str, outcome: str, reason: str, left: int) -> None:
        """One row for a host that takes no more pages this run, however many of its URLs are left
        (kind 'host', the URL its origin); their frontier rows stay as they are: due next run."""
        origin = "/".join(url.split("/", 3)[:3]) + "/"
        message = f"{left} URLs left due for the next run: {reason}"
        self._log_unfetched(site, [(origin, outcome, message)], kind="host")
        stats = self.stats[site.name]
        stats.deferred += left
        if outcome == "deferred:budget":    # a stopped host (breaker, paused, ...) is reported by crawl_site
            stats.notes.append(f"{origin}: {outcome}, {message}")

    @staticmethod
    def _count_health(stats: SiteStats, article: Article) -> None:
        stats.health["pages"] += 1
        stats.health["headline"] += bool(article.headline)
        stats.health["byline"] += bool(article.byline or article.authors)
        stats.health["date"] += bool(article.published)
        stats.health["body"] += article.word_count >= MIN_BODY_WORDS

    def _record_health(self, site: Site) -> None:
        health = self.stats[site.name].health
        if health["pages"]:
            shares = {k: round(health[k] / health["pages"], 3)
                      for k in ("headline", "byline", "date", "body")}
            self.archive.record_site_health(self.run_id, site.name, health["pages"], shares)

    def totals(self) -> dict:
        return {name: {"discovered": s.discovered, "fetched": s.fetched, "new": s.new, "updated": s.updated,
                       "unchanged": s.unchanged, "duplicates": s.duplicates, "robots": s.robots,
                       "deferred": s.deferred, "errors": s.errors, "problems": s.problems[:20],
                       "notes": s.notes[:20]}
                for name, s in self.stats.items()}


CAPTURE_COLUMNS = "capture_id, capture_uri, capture_date, capture_digest"


def _capture(columns) -> Capture | None:
    """The capture named by a row's CAPTURE_COLUMNS (None for a URL whose body we never kept)."""
    return Capture(*columns) if columns and all(columns) else None


def _capture_fields(capture: Capture) -> dict:
    return {"capture_id": capture.record_id, "capture_uri": capture.target, "capture_date": capture.date,
            "capture_digest": capture.digest}


def article_from(site: Site, resp: Response, parsed: ParseResult) -> tuple[Article | None, str]:
    """The article, or None and why not (parse:failed for an exception, parse:timeout, parse:incomplete
    for a page without a headline or body: a listing, a stub, or a layout the parser cannot read)."""
    url = page_url(resp)
    article, outcome, error = parsed
    if article is None:
        log.warning("crawl: %s: %s: %s", url, outcome, error)
        return None, outcome
    if not article.headline or not article.body:
        return None, "parse:incomplete"
    # rel=canonical is trusted only within the site: a page must not claim another site's key.
    canonical = try_canonical(article.canonical_url) if article.canonical_url else None
    if canonical is None or site_scope(canonical) not in site.scopes() | {site_scope(url)}:
        canonical = url
    # The archive names a site as sites.toml does (or, for a command-line seed, by its registrable
    # domain), in every table: `--site` filters must find what a crawl stored.
    return replace(article, url=url, canonical_url=canonical, site=site.name), "ok"


def page_url(resp: Response) -> str:
    """The URL a page was found at: after redirects, canonicalised."""
    return try_canonical(resp.final_url) or resp.url


def _header(resp: Response, name: str) -> str | None:
    return next((v for k, v in resp.headers if k.lower() == name), None)


class Progress:
    """What the run is doing from its first second: the listing being read while sites are discovered,
    then a one-line bar on a terminal (a log line every PROGRESS_EVERY seconds otherwise), and the
    per-site summary at the end."""

    def __init__(self, tty: bool, stream=None):
        self.tty, self.stream = tty, stream or sys.stderr
        self.total = self.done_pages = self.listings = 0
        self.started = self.last = time.monotonic()

    def start(self, crawl: Crawl) -> None:
        names = ", ".join(site.name for site in crawl.sites[:5]) + (" ..." if len(crawl.sites) > 5 else "")
        self._say(f"crawl: {len(crawl.sites)} site{'s' if len(crawl.sites) != 1 else ''} ({names}):"
                  f" reading robots.txt, feeds, sitemaps and seed pages")

    def reading(self, kind: str, url: str) -> None:
        """Discovery is reading a listing (a feed, a sitemap, a seed page)."""
        self.listings += 1
        now = time.monotonic()
        if self.tty:
            self._line(f"discovery: {self.listings} read, now {kind} {url}")
        elif now - self.last >= PROGRESS_EVERY:
            self.last = now
            log.info("crawl: discovery: %d listings read, now %s %s", self.listings, kind, url[:200])

    def add(self, n: int) -> None:
        self.total += n

    def _line(self, text: str) -> None:
        """Overwrite the terminal's current line (clearing what a longer line left)."""
        self.stream.write(f"\r{text[:150]}\x1b[K")
        self.stream.flush()

    def _say(self, text: str) -> None:
        if self.tty:
            self.stream.write(text + "\n")
        else:
            log.info("%s", text)

    def tick(self, crawl: Crawl) -> None:
        self.done_pages += 1
        now = time.monotonic()
        rate = self.done_pages / max(now - self.started, 1e-6)
        if self.tty:
            width = 30
            filled = int(width * self.done_pages / max(self.total, 1))
            self._line(f"[{'#' * filled}{'.' * (width - filled)}] {self.done_pages}/{self.total}"
                       f" pages  {rate:.1f}/s")
        elif now - self.last >= PROGRESS_EVERY:
            self.last = now
            new = sum(s.new for s in crawl.stats.values())
            log.info("crawl: %d/%d pages, %d new articles, %.1f pages/s",
                     self.done_pages, self.total, new, rate)

    def done(self, crawl: Crawl) -> None:
        if self.tty:
            self.stream.write("\n")
        lines = [f"{'site':<16} {'found':>6} {'fetched':>7} {'new':>5} {'updated':>7} {'same':>5} {'dup':>4}"
                 f" {'robots':>6}  errors"]
        for name, s in crawl.stats.items():
            errors = ", ".join(f"{k}={v}" for k, v in sorted(s.errors.items())) or "-"
            lines.append(f"{name[:16]:<16} {s.discovered:>6} {s.fetched:>7} {s.new:>5} {s.updated:>7}"
                         f" {s.unchanged:>5} {s.duplicates:>4} {s.robots:>6}  {errors}")
            for problem in s.problems[:3]:
                lines.append(f"    ! {problem[:300]}")
            for note in s.notes[:3]:
                lines.append(f"    - {note[:300]}")
            if len(s.problems) > 3:
                lines.append(f"    ! ... and {len(s.problems) - 3} more (see the fetches table)")
        failed = [name for name, s in crawl.stats.items() if s.failed()]
        if failed:
            lines.append(f"{len(failed)} of {len(crawl.stats)} sites had failures: {', '.join(failed[:10])}"
                         f"{' ...' if len(failed) > 10 else ''} (outcome codes in the fetches table)")
        if crawl.interrupted:
            lines.append("interrupted by a signal: the rest is still due and the next run resumes it")
        elif crawl.remaining() == 0.0:
            lines.append("run deadline reached: the rest is recorded as deferred:run_deadline"
                         " and resumes next run")
        self.stream.write("\n".join(lines) + "\n")
        self.stream.flush()
