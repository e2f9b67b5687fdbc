"""Parsing in worker processes, so a crawl uses more than one core.

The event loop downloads and the archive thread writes; parsing is the one CPU-heavy step, and
Python threads cannot run it beside them (the GIL). Worker processes can. They also give each page a
time limit: a page that keeps the parser busy past `timeout` (pathological markup, a parser bug) has
its worker killed and is recorded as `parse:timeout`; a worker that dies (a crash in a C library, the
kernel's OOM killer) costs its page a `parse:failed`. Either way the pool is rebuilt and the run goes on.

Workers come from a `forkserver` that has imported the parsers once (scraper/preload.py): a new worker
is a fork of a small, single-threaded process (never of the crawler with its threads and open
database), ready at once. A run that will surely parse starts the forkserver first thing (`warm`), so
its loading overlaps the run's first requests instead of holding up the first page to parse.
"""
from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from parsers import Article

    from .fetch import Response
    from .warc import Rendered

log = logging.getLogger("scraper.parse")

# A news page parses in tens of milliseconds; one that takes this long will not finish usefully.
PARSE_TIMEOUT = 30.0
# Starting the workers (a fork of the forkserver each) takes milliseconds, seconds on a loaded machine;
# it is not the page's time, and one that takes this long means the system cannot run them.
START_TIMEOUT = 120.0
# Pages handed to the pool per worker: the one it parses and the next two (with one, py-spy found the
# worker waiting for its next page 47 % of a bench-crawl run; with two 27 %, with three 16-25 %).
QUEUED_PER_WORKER = 3
# What the forkserver imports before it forks a worker.
PRELOAD = ["scraper.preload"]
# A page is tried again when its worker died: twice while it was being parsed, a few times more when a
# worker died with it still waiting in the queue.
MAX_TRIES = 4

ParseResult = tuple["Article | None", str, "str | None"]    # (article, outcome code, error message)


class ParseTimeout(Exception):
    """A task kept its worker busy past the time limit; the worker was stopped."""


class WorkerDied(Exception):
    """The worker process died during the task (twice: a crash or the OOM killer)."""


def default_workers() -> int:
    """One core stays with fetching and storing, the others parse (more than 4 rarely pays: the
    politeness delays, not parsing, bound a real crawl). On two cores, two workers: the crawler's own
    process keeps its core busy only part of the time (it waits for answers and for the disk), and a
    second worker parses in those gaps."""
    cores = os.cpu_count() or 1
    return min(4, max(cores - 1, min(cores, 2)))


def parse_page(body: bytes, url: str, content_type: str | None, parser: str | None) -> ParseResult:
    """Parse one page with the named parser (None: the registry's choice for the URL; "generic")."""
    from parsers import parse, parser_for, site_parsers  # here: a run that parses nothing never loads them

    try:
        chosen = parser_for(None) if parser == "generic" else site_parsers()[parser] if parser else None
        return parse(body, url=url, content_type=content_type, parser=chosen), "ok", None
    except Exception as e:   # one page's parser bug must not stop the run: recorded as parse:failed
        return None, "parse:failed", f"{type(e).__name__}: {e}"[:500]


def parse_and_render(function, resp: Response, url: str, parser: str | None) -> tuple[ParseResult, Rendered]:
    """In a worker: parse the page with `function` and render its WARC records, so the crawler's own
    process (where downloads, SQLite and the event loop share one interpreter lock) only writes bytes."""
    from .warc import render_fetch

    return function(resp.body, url, resp.content_type, parser), render_fetch(resp)


def _forkserver_context():
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def _succeeded(task: Future) -> bool:
    return task.done() and not task.cancelled() and task.exception() is None


def _watch_crawler(lifeline) -> None:
    """A worker's first act: exit when the crawler is gone, even by `kill -9`. The crawler holds the only
    other end of `lifeline`; its death closes it. (Without this a worker waits for work forever, as its
    task queue's other end is open in the worker itself, and keeps the forkserver alive with it.)

    Ctrl-C on a terminal signals the whole process group: the crawler finishes the page in hand and
    closes the pool, so a worker ignores SIGINT (it would otherwise die printing a traceback)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    def watch() -> None:
        try:
            lifeline.recv()         # nothing is ever sent: this returns only when the crawler has gone
        except (EOFError, OSError):
            pass
        os._exit(0)
    threading.Thread(target=watch, name="crawler-watch", daemon=True).start()


class ParsePool:
    """`await pool.parse(body, url, content_type, parser)` -> (article, outcome, error).

    With `workers=0` pages are parsed in the calling thread (no processes, no time limit): for
    library use and tests that do not need more than one core."""

    def __init__(self, workers: int, *, timeout: float = PARSE_TIMEOUT, function=parse_page):
        self.workers, self.timeout, self.function = workers, timeout, function
        self._executor: ProcessPoolExecutor | None = None
        self._started: list = []            # one warm-up task per worker: done when the workers are up
        self._lifeline = None               # (worker end, crawler end) of the pipe _watch_crawler reads
        # Each worker has its next page waiting in the pool's queue, so it never idles while the crawler
        # takes in the page it just parsed (the crawler's process is busy: that hand-off takes a while).
        self._queued = asyncio.Semaphore(QUEUED_PER_WORKER * max(workers, 1))
        # Held by the pages being parsed, handed on in order of submission, which is the order the workers
        # take them in: a page's time limit starts once the one ahead of it is done, not when it was queued.
        self._parsing = asyncio.Semaphore(max(workers, 1))
        self._in_order: deque[Future] = deque()     # the pool's tasks, in the order the workers take them
        self._culprits: set[Future] = set()         # tasks being parsed when their pool broke

    def warm(self) -> None:
        """Start the forkserver now, in the background: loading the parsers takes it half a second or
        more, which the first page to parse would otherwise wait for, every host with it. For a run
        that will surely parse (a run of re-checks may parse nothing and never start it). A system
        that cannot run it is found out, and told, by `start`."""
        if self.workers and self._executor is None:
            try:
                _forkserver_context()
                from multiprocessing import forkserver
                forkserver.ensure_running()
            except (OSError, ImportError, NotImplementedError, ValueError) as e:
                log.debug("parse: forkserver not started early (%s: %s)", type(e).__name__, e)

    def start(self) -> bool:
        """Start the workers (at the first page to parse: a run of 304s needs none). False when this
        system cannot run them (no working semaphores or /dev/shm, a sandbox that forbids fork): the
        pages are then parsed in the calling process, and the run goes on."""
        if self.workers and self._executor is None:
            try:
                context = _forkserver_context()
                if self._lifeline is None:
                    self._lifeline = context.Pipe(duplex=False)
                worker_end = self._lifeline[0]
                self._executor = ProcessPoolExecutor(self.workers, mp_context=context,
                                                     initializer=_watch_crawler, initargs=(worker_end,))
                self._started = [self._executor.submit(os.getpid) for _ in range(self.workers)]
            except (OSError, ImportError, NotImplementedError, ValueError) as e:
                log.warning("parse: no worker processes here (%s: %s); parsing in the crawler's process",
                            type(e).__name__, e)
                self.close()
                self.workers = 0
        return bool(self.workers)

    async def parse(self, body: bytes, url: str, content_type: str | None, parser: str | None) -> ParseResult:
        return await self._run(url, self.function, body, url, content_type, parser)

    async def parse_and_render(self, resp: Response, url: str, parser: str | None,
                               ) -> tuple[ParseResult, Rendered | None]:
        """The page parsed and its WARC records rendered, in a worker; the records are None where the
        worker failed (the caller renders them)."""
        result = await self._run(url, parse_and_render, self.function, resp, url, parser)
        return result if len(result) == 2 else (result, None)

    async def _run(self, url: str, function, *args):
        """A page's `function(*args)` in a worker (in this thread without workers), or a ParseResult
        saying why not (timeout, a dead worker)."""
        if not self.workers:
            return function(*args)
        try:
            return await self.run(function, *args)
        except ParseTimeout as e:
            log.warning("parse: %s: %s", url, e)
            return None, "parse:timeout", str(e)
        except WorkerDied as e:
            log.warning("parse: %s: %s", url, e)
            return None, "parse:failed", str(e)

    async def run(self, function, *args, timeout: float | None = None):
        """`function(*args)` (picklable) in a worker process within the time limit, off the event loop:
        pages, and the feeds and sitemaps discovery reads (parsing and filtering a 200,000-item listing
        on the loop would stand every other site still). Without workers, in a thread: still off the
        loop, without a time limit. `timeout` overrides the pool's. Raises ParseTimeout, WorkerDied, or
        what `function` raised."""
        timeout = timeout or self.timeout
        if not self.workers:
            return await asyncio.to_thread(function, *args)
        async with self._queued:
            blamed = 0
            for _ in range(MAX_TRIES):
                if not self.start():
                    return await asyncio.to_thread(function, *args)
                executor = self._executor
                submitted = None
                try:
                    await self._workers_up(executor)
                    while self._in_order and _succeeded(self._in_order[0]):
                        self._in_order.popleft()
                    submitted = executor.submit(function, *args)
                    self._in_order.append(submitted)
                    async with self._parsing:
                        return await asyncio.wait_for(asyncio.wrap_future(submitted), timeout)
                except TimeoutError:
                    self._replace(executor)
                    raise ParseTimeout(f"parsing took over {timeout:.0f} s (worker stopped)") from None
                except BrokenProcessPool:
                    # A worker died or was stopped, and every task of the pool with it. One that was being
                    # parsed may be to blame and gets one more try; one still waiting its turn is not.
                    self._replace(executor)
                    blamed += submitted in self._culprits
                    if blamed == 2:
                        break
            raise WorkerDied("the parser process died (a crash or out of memory)")

    async def _workers_up(self, executor: ProcessPoolExecutor) -> None:
        """Wait for the workers to start, so a page's clock counts its parsing only: a pool replaced
        after a stuck page must not charge its start-up to the next page."""
        if all(started.done() for started in self._started):
            return
        try:
            await asyncio.wait_for(asyncio.gather(*map(asyncio.wrap_future, self._started)), START_TIMEOUT)
        except TimeoutError:
            self._replace(executor)
            raise WorkerDied(f"the parser processes did not start within {START_TIMEOUT:.0f} s") from None

    def _replace(self, executor: ProcessPoolExecutor) -> None:
        """Kill `executor`'s workers (a stuck page never returns by itself) and drop it; the next
        page starts a new pool."""
        if self._executor is not executor:
            return                                  # already replaced for another page
        self._executor = None
        # The first tasks not done (the workers take them in order) were being parsed: the suspects.
        unfinished = [task for task in self._in_order if not _succeeded(task)]
        self._culprits = set(unfinished[:self.workers])
        self._in_order.clear()
        # The executor has no public way to stop a busy worker before Python 3.14's terminate_workers().
        for process in list((executor._processes or {}).values()):
            process.kill()
        executor.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
        if self._lifeline is not None:
            for end in self._lifeline:
                end.close()
            self._lifeline = None
