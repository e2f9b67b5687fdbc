"""`scraper get URL`: one page, fetched as the crawler fetches (robots.txt, limits, User-Agent), parsed
and printed; with `--save` also stored in the archive like a crawled page (WARC capture, fetch log,
versions), through the crawl's own `Crawl.fetch_one`."""
from __future__ import annotations

import asyncio
import logging
import sqlite3
import sys
from pathlib import Path

import click

from .archive import Archive, ArchiveError
from .cli import EXIT_CANNOT_RUN, EXIT_SOME_FAILED, EXIT_USAGE, FORMATS, format_article
from .config import Config, ConfigError, load
from .crawlcmd import proxy_option, run_agent
from .lock import LockBusy, exclusive, lock_path
from .urls import try_canonical


def _fail(message: str, code: int) -> None:
    click.echo(f"scraper get: {message}", err=True)
    sys.exit(code)


@click.command("get")
@click.argument("url")
@click.option("--save", is_flag=True,
              help="Also store it in the archive (--db) with its raw WARC capture, as a crawl would.")
@click.option("--db", default="archive.db", show_default=True, type=click.Path(dir_okay=False),
              help="The archive --save writes to.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--sites", "sites_file", type=click.Path(dir_okay=False),
              help="Sites file for the contact, User-Agent, proxy and the URL's site settings"
                   " [default: ./sites.toml if there is one].")
@click.option("--user-agent", help="User-Agent string [default: as the crawl's].")
@click.option("--contact", help="A URL (or mailto:) where site owners can reach you (in the User-Agent).")
@click.option("--proxy", metavar="URL", callback=lambda ctx, param, value: proxy_option(value),
              help="Fetch through this HTTP proxy (http://host:port).")
def get_cmd(url, save, db, fmt, sites_file, user_agent, contact, proxy):
    """Fetch one URL politely, parse it and print the article (text, Markdown or JSON).

    Exit 0 with an article, 1 when the fetch failed or the page has no headline or body, 2 for a bad
    URL or option, 3 when the archive cannot be used."""
    from .api import Fetched, read_article, site_for
    from .crawl import Crawl, Options
    from .warc import warc_directory

    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="%(message)s")
    target = try_canonical(url)
    if target is None:
        _fail(f"{url!r} is not an http(s) URL", EXIT_USAGE)
    if sites_file is None and Path("sites.toml").exists():
        sites_file = "sites.toml"
    try:
        config = load(sites_file) if sites_file else Config(sites=[])
    except ConfigError as e:
        _fail(str(e), EXIT_USAGE)
    site = site_for(target, config.sites)
    options = Options(user_agent=run_agent(user_agent, contact, config.defaults, "get"), proxy=proxy)
    if save:
        try:
            with exclusive(lock_path(db)), Archive(db) as archive:
                crawl = Crawl(archive, [site], options, warc_dir=warc_directory(db))
                resp, stored = asyncio.run(crawl.fetch_one(target))
        except LockBusy as e:
            _fail(f"{e}; try again when it has finished", EXIT_SOME_FAILED)
        except (ArchiveError, sqlite3.Error, OSError) as e:
            _fail(f"cannot save: {e}", EXIT_CANNOT_RUN)
        fetched = Fetched(resp, stored, "ok") if stored else read_article(site, resp)
    else:
        from .api import fetch_page

        fetched = asyncio.run(fetch_page(target, options, site))
    resp = fetched.response
    if fetched.article is None:
        _fail(f"{target}: {fetched.outcome}" + (f" ({resp.error_message})" if resp.error_message else "")
              + (f", HTTP {resp.status}" if resp.status and not resp.ok else ""), EXIT_SOME_FAILED)
    click.echo(format_article(fetched.article, fmt))
    if save:
        stats = crawl.stats[site.name]
        result = ("a new article" if stats.new else "a new version" if stats.updated
                  else "unchanged" if stats.unchanged else "not stored: " + ", ".join(stats.outcomes))
        click.echo(f"scraper get: saved in {db} (site {site.name}): {result}", err=True)
    if fetched.outcome != "ok":
        click.echo(f"scraper get: {fetched.outcome}: no headline or body found; is this an article page?",
                   err=True)
        sys.exit(EXIT_SOME_FAILED)
