"""The Python API: one article from a URL, and a crawl you drive from Python.

    from scraper import crawl_articles, fetch_article

    article = fetch_article("https://www.example.com/news/story")      # parsers.Article
    for article in crawl_articles(["https://www.example.com/"], db="archive.db", max_pages=20):
        print(article.published, article.headline)

Both fetch as `scraper crawl` does: robots.txt, the same limits, delays and User-Agent, no private or
internal addresses. `crawl_articles` is the real crawl (frontier, WARC capture, versions, the run's
lock) and yields each article as it is stored.
"""
from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path

from parsers import Article

from .archive import Archive
from .config import Site, load, sites_from_seeds
from .crawl import Crawl, Options, Progress, article_from, fetcher_for, page_url
from .fetch import Response
from .lock import exclusive, lock_path
from .parsepool import parse_page
from .urls import site_scope
from .warc import warc_directory


class FetchError(Exception):
    """The page could not be fetched or parsed; `outcome` is the crawl's outcome code (README)."""

    def __init__(self, url: str, outcome: str, message: str | None = None):
        super().__init__(f"{url}: {outcome}" + (f" ({message})" if message else ""))
        self.url, self.outcome, self.message = url, outcome, message


@dataclass
class Fetched:
    """One URL fetched and parsed: the response, the article (None when the fetch or the parser failed)
    and the outcome code (`ok`, `parse:incomplete` for a page with no headline or body, or the fetch's)."""

    response: Response
    article: Article | None
    outcome: str


def site_for(url: str, configured: list[Site] = ()) -> Site:
    """The configured site the URL belongs to (its parser and name in the archive), else one of its own."""
    scope = site_scope(url)
    return next((s for s in configured if scope in s.scopes()), None) or sites_from_seeds([url])[0]


async def fetch_page(url: str, options: Options, site: Site | None = None) -> Fetched:
    """Fetch one URL as the crawl would (unconditionally) and parse it; nothing is stored."""
    site = site or site_for(url)
    async with fetcher_for(site, options) as fetcher:
        resp = await fetcher.fetch(url)
    return read_article(site, resp)


def read_article(site: Site, resp: Response) -> Fetched:
    """Parse a fetched page as the crawl does; a page with no headline or body is still returned as
    parsed, with the outcome `parse:incomplete`."""
    if not resp.ok:
        return Fetched(resp, None, resp.outcome)
    parsed = parse_page(resp.body, page_url(resp), resp.content_type, site.parser)
    article, outcome = article_from(site, resp, parsed)
    if article is None and parsed[0] is not None:
        article = replace(parsed[0], url=page_url(resp))
    return Fetched(resp, article, outcome)


def fetch_article(url: str, *, contact: str | None = None, user_agent: str | None = None,
                  proxy: str | None = None) -> Article:
    """Fetch and parse one article, politely; raises FetchError when that fails. A page with no
    headline or body (a homepage, a stub) comes back as parsed, those fields None."""
    from .fetch import user_agent as agent

    fetched = asyncio.run(fetch_page(url, Options(user_agent=agent(user_agent, contact), proxy=proxy)))
    if fetched.article is None:
        raise FetchError(url, fetched.outcome, fetched.response.error_message)
    return fetched.article


def crawl_articles(seeds: list[str] | None = None, *, db: str | Path = "archive.db",
                   sites_file: str | Path | None = None, max_pages: int | None = None,
                   max_time: float | None = None, delay: float | None = None, contact: str | None = None,
                   user_agent: str | None = None, proxy: str | None = None, refresh: bool = False,
                   parse_workers: int = 0) -> Iterator[Article]:
    """Crawl seed URLs (homepages, sections, feeds, sitemaps) or a sites file into the archive `db`,
    yielding each article as it is stored (new, changed or unchanged). The crawl runs in a thread of
    its own; leaving the loop early stops it after the page in hand. Raises LockBusy while another
    crawl writes to `db`, ConfigError for a bad seed or sites file."""
    from .fetch import user_agent as agent

    config = load(sites_file) if sites_file else None
    sites = (config.sites if config else []) + sites_from_seeds(list(seeds or []), delay=delay)
    defaults = config.defaults if config else {}
    agent_string = agent(user_agent or defaults.get("user_agent"), contact or defaults.get("contact"))
    options = Options(max_pages=max_pages, max_time=max_time, delay=delay, refresh=refresh,
                      user_agent=agent_string, proxy=proxy, parse_workers=parse_workers)
    stored: list[Article] = []
    ready = threading.Condition()
    state: dict = {"done": False, "error": None, "stop": None, "left": False}

    def on_stored(article: Article) -> None:       # on the crawl's archive thread
        with ready:
            stored.append(article)
            ready.notify()

    def run() -> None:
        loop = asyncio.new_event_loop()
        try:
            with exclusive(lock_path(db)), Archive(db) as archive:
                running = Crawl(archive, sites, options, warc_dir=warc_directory(db),
                                progress=Progress(False), on_stored=on_stored)
                with ready:
                    state["stop"] = lambda: loop.call_soon_threadsafe(running.stop.set)
                    if state["left"]:
                        running.stop.set()
                loop.run_until_complete(running.run())
        except BaseException as e:      # raised in the caller's thread
            state["error"] = e
        finally:
            loop.close()
            with ready:
                state["done"] = True
                ready.notify()

    worker = threading.Thread(target=run, name="scraper-crawl", daemon=True)
    worker.start()
    try:
        while True:
            with ready:
                ready.wait_for(lambda: stored or state["done"])
                batch, stored[:] = list(stored), []
                done = state["done"]
            yield from batch
            if done:
                break
        if state["error"] is not None:
            raise state["error"]
    finally:
        with ready:
            state["left"] = True
            stop = None if state["done"] else state["stop"]
        if stop is not None:            # the caller left early: the crawl stops after the page in hand
            with suppress(RuntimeError):
                stop()
        worker.join()
