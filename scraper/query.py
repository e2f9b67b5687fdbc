"""The researcher's side of the archive: search, export, history and stats, all over read-only
connections (`connect_readonly`), so they can run while a crawl writes.

Every value reaches SQL as a bound parameter; the only SQL text chosen at run time is picked from
fixed whitelists (`SORTS`, `EXPORT_FORMATS`), never built from user input.
"""
from __future__ import annotations

import csv
import difflib
import json
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import IO

from .archive import CONTENT_FIELDS, JSON_FIELDS

# Reader limits (reliability.md "Default limits": the Datasette defaults).
SEARCH_TIME_LIMIT = 1.0
PROGRESS_STEPS = 1000  # SQLite VM steps between two looks at the clock
MAX_ROWS = 1000
# `ORDER BY rank` (not `ORDER BY bm25(...)`) lets FTS5 sort internally and compute the snippets only
# for the rows returned: 10-30x faster on common words.
SORTS = {"rank": "rank", "newest": "a.published DESC", "oldest": "a.published ASC"}
# Headline matches count most, then the byline, then the body (bm25 column weights).
BM25_WEIGHTS = (10.0, 4.0, 1.0)
SNIPPET_TOKENS = 16
# How SQLite words a malformed MATCH expression (the rest are the archive's problems, not the query's).
FTS_QUERY_ERRORS = ("fts5:", "unterminated string", "no such column", "unknown special query",
                    "malformed MATCH")
EXPORT_BATCH = 5000
VERSION_FIELDS = tuple(f for f in CONTENT_FIELDS if f != "canonical_url")


class QueryError(Exception):
    """The user's query or filter is malformed (exit 2)."""


class QueryTimeout(Exception):
    """The query ran past the reader's time limit."""


# ---------------------------------------------------------------------------------------- filters

def parse_day_or_time(value: str, option: str) -> str:
    """A date (2026-01-31) or an ISO timestamp, checked, returned as given for string comparison
    with the archive's ISO timestamps."""
    try:
        if len(value) == 10:
            date.fromisoformat(value)
        else:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise QueryError(f"{option}: {value!r} is not a date (YYYY-MM-DD) or an ISO timestamp") from None
    return value


@dataclass(frozen=True)
class Filters:
    site: str | None = None
    since: str | None = None      # published on or after
    until: str | None = None      # published on or before (a whole day when a date is given)
    author: str | None = None     # substring of an author's name or the byline, case-insensitive

    def where(self) -> tuple[list[str], dict]:
        clauses, params = [], {}
        if self.site:
            clauses.append("a.site = :site")
            params["site"] = self.site
        if self.since:
            clauses.append("a.published >= :since")
            params["since"] = parse_day_or_time(self.since, "--since")
        if self.until:
            until = parse_day_or_time(self.until, "--until")
            if len(until) == 10:  # the whole day: anything before the next one
                clauses.append("a.published < :until")
                params["until"] = (date.fromisoformat(until) + timedelta(days=1)).isoformat()
            else:
                clauses.append("a.published <= :until")
                params["until"] = until
        if self.author:
            pattern = "%" + self.author.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            clauses.append("(a.byline LIKE :author ESCAPE '\\' OR EXISTS (SELECT 1 FROM json_each(a.authors)"
                           " WHERE value LIKE :author ESCAPE '\\'))")
            params["author"] = pattern
        return clauses, params


# ---------------------------------------------------------------------------------------- search

SEARCH_COLUMNS = ("url", "site", "published", "headline", "byline", "snippet", "score")


def search(conn: sqlite3.Connection, query: str, filters: Filters = Filters(), *, limit: int = 20,
           sort: str = "rank", marks: tuple[str, str] = ("[", "]"),
           time_limit: float = SEARCH_TIME_LIMIT) -> list[dict]:
    """FTS5 query syntax, ranked by bm25 (headline > byline > body), with a snippet of the best column."""
    if sort not in SORTS:
        raise QueryError(f"--sort must be one of {', '.join(SORTS)}")
    if not query.strip():
        raise QueryError("the query is empty")
    clauses, params = filters.where()
    params.update(query=query, limit=max(1, min(limit, MAX_ROWS)), open=marks[0], close=marks[1])
    params["ranking"] = f"bm25({', '.join(str(w) for w in BM25_WEIGHTS)})"
    sql = (f"SELECT a.url, a.site, a.published, a.headline, a.byline,"
           f" snippet(articles_fts, -1, :open, :close, '…', {SNIPPET_TOKENS}) AS snippet,"
           f" round(rank, 3) AS score"
           f" FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
           f" WHERE articles_fts MATCH :query AND rank MATCH :ranking {''.join(' AND ' + c for c in clauses)}"
           f" ORDER BY {SORTS[sort]} LIMIT :limit")
    deadline = time.monotonic() + time_limit
    conn.set_progress_handler(lambda: time.monotonic() > deadline, PROGRESS_STEPS)
    try:
        rows = conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as e:
        message = str(e)
        if message == "interrupted":
            raise QueryTimeout(f"the query took longer than {time_limit:g} s; make it narrower") from None
        if message.startswith(FTS_QUERY_ERRORS):
            raise QueryError(f"bad query ({message}). FTS5 syntax: words, \"a phrase\", prefix*, "
                             f"AND / OR / NOT, NEAR(a b, 10), headline: word") from None
        raise
    finally:
        conn.set_progress_handler(None, 0)
    return [dict(zip(SEARCH_COLUMNS, row, strict=True)) for row in rows]


# ---------------------------------------------------------------------------------------- export

def article_rows(conn: sqlite3.Connection, filters: Filters = Filters(),
                 batch: int = EXPORT_BATCH) -> Iterator[dict]:
    """Every matching article as a dict (JSON columns decoded), fetched `batch` rows at a time from one
    read snapshot, so memory stays flat whatever the archive's size."""
    clauses, params = filters.where()
    cursor = conn.execute("SELECT a.* FROM articles a"
                          f"{' WHERE ' + ' AND '.join(clauses) if clauses else ''} ORDER BY a.rowid", params)
    columns = [d[0] for d in cursor.description]
    while rows := cursor.fetchmany(batch):
        for row in rows:
            record = dict(zip(columns, row, strict=True))
            for name in JSON_FIELDS:
                if record.get(name) is not None:
                    record[name] = json.loads(record[name])
            if record.get("is_paywalled") is not None:
                record["is_paywalled"] = bool(record["is_paywalled"])
            yield record


def export_jsonl(rows: Iterator[dict], out: IO[str]) -> int:
    count = 0
    for record in rows:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def article_columns(conn: sqlite3.Connection) -> list[str]:
    return [row[1] for row in conn.execute("PRAGMA table_info(articles)")]


def export_csv(rows: Iterator[dict], out: IO[str], columns: list[str]) -> int:
    """JSON columns stay JSON text in their cell; a spreadsheet shows them as written."""
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    count = 0
    for record in rows:
        count += 1
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                         for k, v in record.items()})
    return count


def export_parquet(rows: Iterator[dict], path: str, columns: list[str], batch: int = EXPORT_BATCH) -> int:
    """Row groups of `batch` rows; authors, tags and warnings as lists, provenance as JSON text."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    def arrow_type(name: str):
        if name in ("authors", "tags", "warnings"):
            return pa.list_(pa.string())
        if name in ("word_count", "version_count"):
            return pa.int64()
        return pa.bool_() if name == "is_paywalled" else pa.string()

    schema = pa.schema([(name, arrow_type(name)) for name in columns])
    count = 0
    chunk: list[dict] = []
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for record in rows:
            record["provenance"] = json.dumps(record.get("provenance"), ensure_ascii=False)
            chunk.append(record)
            count += 1
            if len(chunk) >= batch:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                chunk.clear()
        if chunk:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
    return count


# ---------------------------------------------------------------------------------------- history

def resolve_article(conn: sqlite3.Connection, url: str) -> str | None:
    """The archive key for a URL: itself, or the article a fetch of it produced (a URL with tracking
    parameters, a redirect's origin)."""
    if conn.execute("SELECT 1 FROM articles WHERE url = ?", (url,)).fetchone():
        return url
    row = conn.execute("SELECT article_url FROM fetches WHERE (url = ? OR final_url = ?) AND article_url"
                       " IS NOT NULL ORDER BY id DESC LIMIT 1", (url, url)).fetchone()
    return row[0] if row else None


def history(conn: sqlite3.Connection, key: str, *, context: int = 1) -> list[dict]:
    """Each version with what changed from the one before: {field: {old, new}}, and for the body a
    unified diff of its paragraphs."""
    cursor = conn.execute("SELECT version, fetched_at, fetch_id, parser, content_hash,"
                          f" {', '.join(VERSION_FIELDS)} FROM versions WHERE url = ? ORDER BY version",
                          (key,))
    columns = [d[0] for d in cursor.description]
    out, previous = [], None
    for row in cursor:
        current = dict(zip(columns, row, strict=True))
        entry = {k: current[k] for k in ("version", "fetched_at", "fetch_id", "parser", "content_hash")}
        if previous is None:
            entry["fields"] = {f: _decoded(f, current[f]) for f in VERSION_FIELDS
                               if current[f] not in (None, "")}
        else:
            changes = {}
            for name in VERSION_FIELDS:
                if current[name] == previous[name]:
                    continue
                if name == "body":
                    changes[name] = {"diff": list(difflib.unified_diff(
                        (previous[name] or "").splitlines(), (current[name] or "").splitlines(),
                        f"version {previous['version']}", f"version {current['version']}",
                        n=context, lineterm=""))}
                else:
                    changes[name] = {"old": _decoded(name, previous[name]),
                                     "new": _decoded(name, current[name])}
            entry["changes"] = changes
        out.append(entry)
        previous = current
    return out


def _decoded(name: str, value):
    return json.loads(value) if name in JSON_FIELDS and value is not None else value


# ---------------------------------------------------------------------------------------- stats

def stats(conn: sqlite3.Connection, *, days: int = 14) -> dict:
    """Articles per site and day (publication day, or the day first archived when the page gave none)
    over the archive's latest `days` days; fetch outcomes by code, over all runs and over the last;
    and site health, the latest run beside the average of the previous five."""
    day = "substr(coalesce(published, first_seen), 1, 10)"
    latest_days = [r[0] for r in conn.execute(
        f"SELECT DISTINCT {day} AS d FROM articles WHERE d IS NOT NULL ORDER BY d DESC LIMIT ?", (days,))]
    per_day = []
    if latest_days:
        per_day = [dict(day=d, site=s, articles=n) for d, s, n in conn.execute(
            f"SELECT {day} AS d, site, count(*) FROM articles WHERE d >= ?"
            " GROUP BY d, site ORDER BY d DESC, site",
            (latest_days[-1],))]
    last_run = conn.execute("SELECT max(id) FROM runs").fetchone()[0]
    outcomes = [dict(outcome=o, kind=k, fetches=n, last_run=last) for o, k, n, last in conn.execute(
        "SELECT outcome, kind, count(*), sum(run_id IS ? AND run_id IS NOT NULL) FROM fetches"
        " GROUP BY outcome, kind ORDER BY outcome = 'ok' DESC, count(*) DESC", (last_run,))]
    cursor = conn.execute("SELECT * FROM site_health_trend ORDER BY dropped = '', site")
    columns = [d[0] for d in cursor.description]
    health = [dict(zip(columns, row, strict=True)) for row in cursor]
    counted = conn.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM versions),"
                           " (SELECT count(*) FROM fetches), (SELECT count(DISTINCT site) FROM articles)")
    totals = dict(zip(("articles", "versions", "fetches", "sites"), counted.fetchone(), strict=True))
    return {"totals": totals, "articles_per_day": per_day, "outcomes": outcomes, "site_health": health}
