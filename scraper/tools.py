"""The archive tools on the command line: reparse, import-warc, search, export, history, stats, serve.
The work is done in `query`, `reprocess` and `serve`; this module only reads options and prints."""
from __future__ import annotations

import csv
import json
import os
import sqlite3
import sys
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import click

from .archive import ArchiveError, connect_readonly
from .query import (
    EXPORT_BATCH,
    MAX_ROWS,
    SEARCH_COLUMNS,
    SORTS,
    Filters,
    QueryError,
    QueryTimeout,
    article_columns,
    article_rows,
    export_csv,
    export_jsonl,
    export_parquet,
    history,
    resolve_article,
    search,
    stats,
)

EXIT_SOME_FAILED, EXIT_USAGE, EXIT_CANNOT_RUN = 1, 2, 3

db_option = click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
                         default="archive.db", show_default=True, help="The archive database.")
site_option = click.option("--site", help="Only this site: its sites.toml name, or for a site crawled from a"
                                           " command-line URL its registrable domain (articles.site).")
since_option = click.option("--since", metavar="DATE", help="Published on or after DATE (YYYY-MM-DD or ISO).")
until_option = click.option("--until", metavar="DATE", help="Published on or before DATE.")
author_option = click.option("--author", help="An author's name or the byline contains this (case and accents"
                                              " ignored: kovac finds Kovač).")


dask_option = click.option(
    "--dask", metavar="tcp://HOST:8786|local",
    help="Run the tasks on Dask workers (a scheduler's address, or 'local' for a LocalCluster of --jobs"
         " single-threaded worker processes). Needs the cluster extra.")


def _fail(message: str, code: int = EXIT_USAGE):
    click.echo(f"scraper: {message}", err=True)
    sys.exit(code)


@contextmanager
def _reading(db_path: Path):
    """A read-only connection; the errors a researcher can meet become one line and an exit code."""
    try:
        conn = connect_readonly(db_path)
    except ArchiveError as e:
        _fail(str(e), EXIT_CANNOT_RUN)
    try:
        yield conn
    except QueryError as e:
        _fail(str(e))
    except QueryTimeout as e:
        _fail(str(e), EXIT_SOME_FAILED)
    except sqlite3.DatabaseError as e:
        _fail(f"{db_path}: cannot read the archive ({e})", EXIT_CANNOT_RUN)
    finally:
        conn.close()


# ---------------------------------------------------------------------------------------- search

@click.command("search")
@click.argument("query")
@db_option
@site_option
@since_option
@until_option
@author_option
@click.option("--limit", type=click.IntRange(1, MAX_ROWS), default=20, show_default=True)
@click.option("--sort", type=click.Choice(list(SORTS)), default="rank", show_default=True,
              help="rank: bm25, headline matches first; newest/oldest: by publication date.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
def search_cmd(query, db_path, site, since, until, author, limit, sort, fmt):
    """Full-text search over headline, byline and body. Type words as you would (COVID-19, U.S., e-mail,
    don't are found as written); "a phrase", prefix*, AND / OR / NOT in capitals, NEAR(a b, 10) and
    headline: word work too. Case and accents are folded: cafe finds Café."""
    with _reading(db_path) as conn:
        hits = search(conn, query, Filters(site, since, until, author), limit=limit, sort=sort)
    if fmt == "json":
        click.echo(json.dumps(hits, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=SEARCH_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(hits)
    else:
        for n, hit in enumerate(hits, 1):
            meta = " · ".join(x for x in (hit["site"], (hit["published"] or "")[:10], hit["byline"]) if x)
            click.echo(f"{n:>3}. {hit['headline'] or '(no headline)'}  [{meta}]")
            click.echo(f"     {hit['url']}")
            click.echo(f"     {' '.join((hit['snippet'] or '').split())}")
        click.echo(f"{len(hits)} result{'s' if len(hits) != 1 else ''}", err=True)


# ---------------------------------------------------------------------------------------- export

@click.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default="jsonl",
              show_default=True)
@click.option("--query", "-q", metavar="SEARCH",
              help="Only the articles this search matches (as `scraper search` reads it), all of them.")
@site_option
@since_option
@until_option
@author_option
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here (atomically: FILE appears only when complete). Default: stdout;"
                   " parquet needs a file.")
def export_cmd(db_path, fmt, query, site, since, until, author, output):
    """Export articles (latest versions), streamed from one consistent snapshot: every article, or
    every one a search matches, with the filters search has."""
    if output is not None and not output.parent.is_dir():
        _fail(f"--output {output}: no directory {output.parent} (create it first)")
    if fmt == "parquet":
        if output is None:
            _fail("--format parquet needs --output FILE")
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            _fail("parquet export needs pyarrow: pip install 'news-scraper[export]'", EXIT_CANNOT_RUN)
    partial = output.with_name(output.name + ".partial") if output else None
    with _reading(db_path) as conn:
        rows = article_rows(conn, Filters(site, since, until, author), EXPORT_BATCH, query=query)
        columns = article_columns(conn)
        unreadable: list[str] = []
        try:
            if fmt == "parquet":
                count = export_parquet(rows, str(partial), columns, unreadable=unreadable)
            else:
                with (open(partial, "w", encoding="utf-8", newline="") if partial else _stdout()) as out:
                    count = export_jsonl(rows, out) if fmt == "jsonl" else export_csv(rows, out, columns)
        except BaseException:
            if partial:
                partial.unlink(missing_ok=True)
            raise
    if partial:
        os.replace(partial, output)
    if unreadable:
        click.echo(f"scraper: {len(unreadable)} dates are not ISO 8601 and were exported as null, first:"
                   f" {unreadable[0]}", err=True)
    click.echo(f"exported {count} article{'s' if count != 1 else ''}" + (f" to {output}" if output else ""),
               err=True)


@contextmanager
def _stdout():
    yield sys.stdout


# ---------------------------------------------------------------------------------------- history

@click.command("history")
@click.argument("url")
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def history_cmd(url, db_path, fmt):
    """An article's versions, each with what changed from the one before (a diff for the body)."""
    with _reading(db_path) as conn:
        key = resolve_article(conn, url)
        if key is None:
            _fail(f"{url}: not in the archive", EXIT_SOME_FAILED)
        versions = history(conn, key)
    if fmt == "json":
        click.echo(json.dumps({"url": key, "versions": versions}, ensure_ascii=False, indent=2))
        return
    click.echo(f"{key}: {len(versions)} version{'s' if len(versions) != 1 else ''}")
    for v in versions:
        changed = ", ".join(v.get("changes", {})) or "nothing (a reparse or a re-keying)"
        click.echo(f"\nversion {v['version']}  {v['fetched_at']}  parser {v['parser']}"
                   + (f"  changed: {changed}" if v["version"] > 1 else "  (first seen)"))
        if v["version"] == 1:
            for name in ("headline", "byline", "published"):
                if name in v["fields"]:
                    click.echo(f"  {name}: {v['fields'][name]}")
            continue
        for name, change in v["changes"].items():
            if "diff" in change:
                click.echo(f"  {name}:")
                for line in change["diff"][2:]:  # skip the ---/+++ header, the version line says it
                    click.echo(f"    {line}")
            else:
                click.echo(f"  {name}: - {_short(change['old'])}")
                click.echo(f"  {' ' * len(name)}  + {_short(change['new'])}")


def _short(value, width: int = 200) -> str:
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


# ---------------------------------------------------------------------------------------- stats

@click.command("stats")
@db_option
@click.option("--days", type=click.IntRange(1, 366), default=14, show_default=True,
              help="How many of the archive's latest days to count articles for.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def stats_cmd(db_path, days, fmt):
    """Articles per site and day, fetch outcomes by code and kind, and site health: a site whose
    headline, byline, date or body share fell by 0.25 or more against its previous runs is flagged."""
    with _reading(db_path) as conn:
        report = stats(conn, days=days)
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    t = report["totals"]
    click.echo(f"{t['articles']} articles ({t['versions']} versions) from {t['sites']} sites;"
               f" {t['fetches']} fetches")
    click.echo("\nArticles per day and site")
    for row in report["articles_per_day"]:
        click.echo(f"  {row['day']}  {row['site'] or '-':<30} {row['articles']:>7}")
    click.echo("\nFetch outcomes (all runs / last run)")
    for row in report["outcomes"]:
        click.echo(f"  {row['outcome']:<24} {row['kind'] or '-':<10} {row['fetches']:>8}"
                   f" {row['last_run']:>8}")
    click.echo("\nSite health, latest run (shares of pages: headline byline date body; before -> now)")
    for row in report["site_health"]:
        shares = "  ".join(f"{_pct(row[f + '_before'])}->{_pct(row[f + '_now'])}"
                           for f in ("headline", "byline", "date", "body"))
        flag = f"  DROPPED: {row['dropped']}" if row["dropped"] else ""
        click.echo(f"  {row['site']:<30} {row['pages']:>5} pages  {shares}{flag}")


def _pct(share) -> str:
    return "  -" if share is None else f"{round(share * 100):>3}%"


# ---------------------------------------------------------------------------------------- reparse, import

@click.command("reparse")
@db_option
@site_option
@click.option("--since", metavar="DATE", help="Only articles seen (fetched) on or after DATE.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=os.cpu_count() or 1, show_default="CPUs")
@dask_option
def reparse_cmd(db_path, site, since, jobs, dask):
    """Run the current parsers over the raw WARC captures, offline, and add a version wherever the
    output changed. A parser fix upgrades the whole archive."""
    from .query import parse_day_or_time
    from .reprocess import MissingExtra, reparse

    try:
        since = parse_day_or_time(since, "--since") if since else None
    except QueryError as e:
        _fail(str(e))
    if not db_path.exists():
        _fail(f"{db_path}: no such archive", EXIT_CANNOT_RUN)
    try:
        counts = reparse(db_path, site=site, since=since, jobs=jobs, dask=dask,
                         on_error=lambda url, why: click.echo(f"scraper: {url}: {why[:500]}", err=True))
    except (ArchiveError, MissingExtra) as e:
        _fail(str(e), EXIT_CANNOT_RUN)
    click.echo("reparse: " + _summary(counts, ("new", "updated", "unchanged", "key_kept", "no_capture",
                                               "unreadable_capture", "parse_failed")))
    sys.exit(EXIT_SOME_FAILED if counts["parse_failed"] else 0)


@click.command("import-warc")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@db_option
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Files read and parsed at once, in worker processes.")
@dask_option
def import_warc_cmd(files, db_path, jobs, dask):
    """Archive the HTML responses of WARC files made by other tools (Browsertrix, Heritrix,
    Common Crawl's CC-NEWS). Other records are skipped and counted; importing twice adds nothing."""
    from .reprocess import TORN, MissingExtra, import_warc

    def report(path: Path, counts: Counter):
        click.echo(f"{path}: " + _summary(counts, (
            "new", "updated", "unchanged", "already_imported", "incomplete", "parse_failed", "other",
            "too_large", "bad_record", "torn", "unreadable_file")))
        if counts["torn"]:
            click.echo(f"{path}: {TORN}")

    try:
        total = import_warc(db_path, list(files), report=report, jobs=jobs, dask=dask)
    except (ArchiveError, MissingExtra) as e:
        _fail(str(e), EXIT_CANNOT_RUN)
    broken = total["unreadable_file"] + total["torn"] + total["bad_record"]
    sys.exit(EXIT_SOME_FAILED if broken or total["parse_failed"] else 0)


def _summary(counts: Counter, order: tuple[str, ...]) -> str:
    return ", ".join(f"{counts[k]} {k.replace('_', ' ')}" for k in order if counts[k]) or "nothing to do"


# ---------------------------------------------------------------------------------------- serve

@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Listen here; 0.0.0.0 exposes the archive to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
def serve_cmd(db_path, host, port):
    """Browse and query the archive in Datasette, read-only: articles to read, facets, search that takes
    everyday words, charts, canned queries. Prints the address; Ctrl-C stops it."""
    if not db_path.exists():
        _fail(f"{db_path}: no such archive", EXIT_CANNOT_RUN)
    try:
        import datasette  # noqa: F401
        import datasette_dashboards  # noqa: F401
        import datasette_template_sql  # noqa: F401
    except ImportError as e:
        _fail(f"serve needs Datasette and its plugins ({e.name} is missing):"
              " pip install 'news-scraper[serve]' (or make serve)", EXIT_CANNOT_RUN)
    from .serve import serve

    serve(db_path, host, port, say=click.echo)


COMMANDS = (search_cmd, export_cmd, history_cmd, stats_cmd, reparse_cmd, import_warc_cmd, serve_cmd)
