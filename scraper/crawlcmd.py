"""`scraper crawl`: the cron entry point. Exit codes: 0 all well, 1 some pages failed, 2 usage or
config error, 3 could not run (archive unusable, disk full)."""
from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
import sys
from pathlib import Path

import click

from .archive import Archive, ArchiveError
from .cli import EXIT_CANNOT_RUN, EXIT_OK, EXIT_USAGE
from .config import Config, ConfigError, load, sites_from_seeds
from .fetch import check_proxy, user_agent
from .lock import LockBusy, exclusive, lock_path
from .warc import warc_directory


def _select_sites(seeds: tuple[str, ...], sites_file: str | None, delay: float | None) -> Config:
    """Command-line seeds are URLs, or names of sites in the sites file (`scraper crawl bbc`)."""
    if sites_file is None and not seeds and Path("sites.toml").exists():
        sites_file = "sites.toml"
    if sites_file is None and not seeds:
        raise ConfigError("nothing to crawl: give SEED URLs or --sites sites.toml")
    config = load(sites_file) if sites_file else Config(sites=[])
    by_name = {site.name: site for site in config.sites}
    if not seeds:
        return config
    chosen = [by_name[s] for s in seeds if s in by_name]
    given = sites_from_seeds([s for s in seeds if s not in by_name], delay=delay)
    return Config(chosen + given, config.defaults)


def run_agent(agent: str | None, contact: str | None, defaults: dict, command: str) -> str:
    """The run's User-Agent from the options, else sites.toml [defaults]. With no contact in it, the run
    goes on but says once that site owners have no way to reach the operator: the project's own address
    is never sent as theirs."""
    contact = contact or defaults.get("contact")
    agent = user_agent(agent or defaults.get("user_agent"), contact)
    if not re.search(r"https?://|mailto:|@", agent):
        click.echo(f"scraper {command}: no contact set, so site owners who see this crawler in their logs"
                   " cannot reach you. Give a URL or mailto: address with --contact, or contact = \"...\""
                   " in sites.toml [defaults].", err=True)
    return agent


def proxy_option(value: str | None) -> str | None:
    try:
        return check_proxy(value) if value else None
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


def crawl_options(command):
    """What to crawl and how, shared by `crawl` and `cluster crawl`."""
    for option in reversed((
        click.argument("seeds", nargs=-1),
        click.option("--sites", "sites_file", type=click.Path(dir_okay=False),
                     help="Sites file (default: ./sites.toml when no SEED is given)."),
        click.option("--db", default="archive.db", show_default=True, type=click.Path(dir_okay=False),
                     help="The SQLite archive; raw captures go to <db>-warc/ beside it."),
        click.option("--max-pages", type=click.IntRange(min=1), help="Stop after this many article fetches."),
        click.option("--delay", type=click.FloatRange(min=0),
                     help="Seconds between requests to one host (all sites)."),
        click.option("--concurrency", default=16, show_default=True, type=click.IntRange(min=1),
                     help="Pages in flight at once, over all hosts (each host still gets one at a time)."),
        click.option("--user-agent",
                     help="User-Agent string [default: NewsArchiveBot/<version>, and the contact URL]."),
        click.option("--contact", help="A URL (or mailto:) where site owners can reach you; added to the"
                                       " User-Agent [default: sites.toml [defaults] contact]."),
        click.option("--proxy", metavar="URL", callback=lambda ctx, param, value: proxy_option(value),
                     help="Send every request through this HTTP proxy (http://host:port) [default: none, or"
                          " sites.toml proxy]. Targets are still checked: no private or internal addresses."),
        click.option("--refresh", is_flag=True,
                     help="Re-check every known article now, not on its schedule."),
        click.option("--parse-workers", type=click.IntRange(min=0),
                     help="Processes that parse pages beside the downloads [default: the cores but one, 1 to"
                          " 4, and 2 on two cores, for `crawl`; 0 for `cluster crawl`: 0 parses in the"
                          " crawler's own process]."),
    )):
        command = option(command)
    return command


def chosen_sites(seeds, sites_file, delay, command: str) -> Config:
    """The sites to crawl, or exit 2 with the config error."""
    try:
        return _select_sites(seeds, sites_file, delay)
    except ConfigError as e:
        click.echo(f"scraper {command}: {e}", err=True)
        sys.exit(EXIT_USAGE)


@click.command("crawl")
@crawl_options
@click.option("--max-time", type=click.FloatRange(min=1),
              help="Run deadline in seconds; the rest resumes next run.")
@click.option("--wait", is_flag=True, help="If another crawl holds the lock, wait for it instead of exiting.")
def crawl_cmd(seeds, sites_file, db, max_pages, max_time, delay, concurrency, user_agent, contact, proxy,
              refresh, wait, parse_workers):
    """Crawl SEED URLs (homepages, sections, feeds, sitemaps) or the sites in a sites file.

    Safe to run from cron: a second run while one is going exits 0 at once (or waits with --wait)."""
    from .crawl import Crawl, Options
    from .parsepool import default_workers

    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)   # one line per request drowns the summary
    config = chosen_sites(seeds, sites_file, delay, "crawl")
    sites = config.sites
    db_path = Path(db)
    options = Options(max_pages=max_pages, max_time=max_time, delay=delay, concurrency=concurrency,
                      user_agent=run_agent(user_agent, contact, config.defaults, "crawl"), refresh=refresh,
                      parse_workers=default_workers() if parse_workers is None else parse_workers,
                      proxy=proxy)
    try:
        with exclusive(lock_path(db_path), wait=wait):
            with Archive(db_path) as archive:
                code = asyncio.run(Crawl(archive, sites, options, warc_dir=warc_directory(db_path)).run())
    except LockBusy as e:
        click.echo(f"scraper crawl: {e}; not starting a second run", err=True)
        sys.exit(EXIT_OK)
    except (ArchiveError, sqlite3.Error, OSError) as e:
        click.echo(f"scraper crawl: cannot run: {e}", err=True)
        sys.exit(EXIT_CANNOT_RUN)
    sys.exit(code)
