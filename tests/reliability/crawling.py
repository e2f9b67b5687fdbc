"""Helpers for reliability tests that crawl: a guarded `scraper crawl` subprocess in the jail, and an
in-process crawl with scaled-down fetch limits for the fast tier."""

from __future__ import annotations

import asyncio
import io
import sqlite3
from dataclasses import replace
from pathlib import Path

from scraper.archive import Archive
from scraper.crawl import Crawl, Options, Progress, loopback_allowances
from scraper.fetch import Fetcher, Limits

from .guard import Guarded, run_guarded
from .jailed import JAIL_LINE

AGENT = "NewsArchiveBot/0.1 (+https://example.org/newsarchivebot)"
# reliability.md 6.4: a 1 MiB body cap, a 2 s read timeout, a 4 s deadline for the timing cases
SCALED = Limits(max_body=2**20, max_sitemap_body=2**20, connect_timeout=1, read_timeout=2, total_deadline=4)


def crawl_subprocess(tmp_path: Path, *args: str, timeout: float = 120) -> Guarded:
    result = run_guarded(
        ["-m", "tests.reliability.jailed", "crawl", *args, "--db", str(tmp_path / "a.db"), "--delay", "0"],
        timeout=timeout,
        cwd=tmp_path,
    )
    result.jail_violations = jail_violations(result.stderr)
    return result


def jail_violations(stderr: str) -> int | None:
    for line in reversed(stderr.splitlines()):
        if line.startswith(JAIL_LINE):
            return int(line.split()[1])
    return None


def crawl_in_process(db: Path, sites, *, limits: Limits = SCALED, **options) -> tuple[int, Crawl]:
    """One run with `limits` on every site's fetcher (loopback seeds allowed, as the real run allows them)."""

    def fetcher(site) -> Fetcher:
        budget = {} if site.budget is None else {"host_page_budget": site.budget}
        return Fetcher(
            user_agent=AGENT,
            limits=replace(limits, **budget),
            delay=0,
            allow=loopback_allowances(site.urls()),
        )

    with Archive(db) as archive:
        crawl = Crawl(
            archive,
            sites,
            Options(**{"delay": 0, **options}),
            warc_dir=db.with_name("a-warc"),
            make_fetcher=fetcher,
            progress=Progress(False, io.StringIO()),
        )
        code = asyncio.run(crawl.run())
    return code, crawl


def rows(db: Path, sql: str, *args) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def everything_stored(db: Path) -> str:
    """Every text value in the archive, for "the secret appears nowhere" checks."""
    conn = sqlite3.connect(db)
    try:
        parts = []
        for (table,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'articles_fts%'"
        ):
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                parts.extend(str(v) for v in row if v is not None)
        return "\n".join(parts)
    finally:
        conn.close()
