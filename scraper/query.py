"""The researcher's side of the archive: search, export, history and stats, all over read-only
connections (`connect_readonly`), so they can run while a crawl writes.

Every value reaches SQL as a bound parameter; the only SQL text chosen at run time is picked from
fixed whitelists (`SORTS`, `EXPORT_FORMATS`), never built from user input.
"""
from __future__ import annotations

import csv
import difflib
import json
import re
import sqlite3
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import IO

from .archive import CONTENT_FIELDS, JSON_FIELDS
from .urls import try_canonical

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
QUERY_HELP = ('words and "phrases in double quotes" (put words with punctuation in quotes too: "COVID-19");'
              " operators in capitals: AND, OR, NOT, NEAR(a b, 10); prefix*; headline: word")
FTS_COLUMNS = ("headline", "byline", "body")
EXPORT_BATCH = 5000
# Exported as timestamps (UTC instants) where the format has them.
TIME_COLUMNS = ("published", "modified", "first_seen", "last_seen", "last_changed")
VERSION_FIELDS = tuple(f for f in CONTENT_FIELDS if f != "canonical_url")


class QueryError(Exception):
    """The user's query or filter is malformed (exit 2)."""


class QueryTimeout(Exception):
    """The query ran past the reader's time limit."""


# ---------------------------------------------------------------------------------------- queries

# One token of what a person typed: a "quoted phrase" (to the closing quote, or the end), a parenthesis,
# or a run of anything else up to a space, a quote or a parenthesis.
_TOKEN = re.compile(r'"((?:[^"]|"")*)(?:"|$)|([()])|([^\s"()]+)')
_OPERATORS = ("AND", "OR", "NOT")


def fts_query(text: str, columns: tuple[str, ...] = FTS_COLUMNS) -> str:
    """What a person types, as a valid FTS5 query with the meaning they intended.

    Words with hyphens, dots, apostrophes or other punctuation (`e-mail`, `COVID-19`, `U.S.`, `4.5`,
    `don't`) become phrases, which the tokenizer splits as it split the text. What FTS5 means by its
    syntax still works when it is used: `"a phrase"`, `prefix*`, `AND` / `OR` / `NOT` in capitals,
    `NEAR(a b, 10)`, parentheses, `headline: word`. What cannot be read as syntax (an operator with
    nothing on one side, an unknown `column:`, unbalanced parentheses) is read as words. Returns "" when
    nothing searchable is left."""
    tokens = [("phrase", m[1]) if m[1] is not None else ("paren", m[2]) if m[2] else ("chunk", m[3])
              for m in _TOKEN.finditer(text) if m[0]]
    items: list[tuple[str, str]] = []       # (kind, FTS5 text): kind is term, op, open, close, column
    i = 0
    while i < len(tokens):
        kind, value = tokens[i]
        i += 1
        if kind == "phrase":
            prefix = i < len(tokens) and tokens[i] == ("chunk", "*")
            i += prefix
            items += _term('"' + value + '"', prefix)
        elif kind == "paren":
            items.append(("open" if value == "(" else "close", value))
        elif value == "NEAR" and i < len(tokens) and tokens[i] == ("paren", "("):
            group, i = _near(tokens, i + 1)
            items += group
        elif value in _OPERATORS:
            items.append(("op", value))
        else:
            name, colon, rest = value.partition(":")
            if colon and name.lower() in columns:
                items.append(("column", name.lower() + " :"))
                if rest:
                    tokens.insert(i, ("chunk", rest))
            else:
                items += _term(value.removesuffix("*"), value.endswith("*") and len(value) > 1)
    return " ".join(text for _, text in _valid(items))


def _term(word: str, prefix: bool) -> list[tuple[str, str]]:
    """One word or phrase as FTS5 text: a bareword if FTS5 reads it as one, else a quoted phrase; nothing
    for what holds no letter or digit (it would be an empty phrase)."""
    inner = word[1:-1].replace('""', '"') if word.startswith('"') and len(word) > 1 else word
    if not any(ch.isalnum() for ch in inner):
        return []
    bare = (all(ch.isalnum() or ch == "_" or ord(ch) > 127 for ch in inner)
            and inner not in (*_OPERATORS, "NEAR"))
    text = inner if bare else '"' + inner.replace('"', '""') + '"'
    return [("term", text + (" *" if prefix and not bare else "*" if prefix else ""))]


def _near(tokens: list, i: int) -> tuple[list[tuple[str, str]], int]:
    """NEAR(a b, 10): its words and phrases, and a distance if one is given; read as plain words when
    it never closes."""
    start, terms, distance, comma = i, [], "", False
    while i < len(tokens) and tokens[i] != ("paren", ")"):
        kind, value = tokens[i]
        if kind == "phrase":
            terms += _term('"' + value + '"', False)
        elif kind == "chunk":
            for piece in re.split(r"(,)", value):
                if piece == ",":
                    comma = True
                elif comma and piece.isdigit() and terms:
                    distance = piece
                elif piece:
                    terms += _term(piece, False)
        i += 1
    if i == len(tokens):          # no closing parenthesis: the words as words
        return [t for kind, value in tokens[start:] if kind != "paren"
                for t in _term(value if kind == "chunk" else '"' + value + '"', False)], i
    if not terms:
        return [], i + 1
    return [("term", f"NEAR({' '.join(t for _, t in terms)}{', ' + distance if distance else ''})")], i + 1


def _valid(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Keep the syntax FTS5 can read: balanced, non-empty parentheses; an operator between two operands;
    a column filter before an operand. The rest becomes words or goes."""
    depth, balanced = 0, True
    for kind, _ in items:
        depth += (kind == "open") - (kind == "close")
        balanced = balanced and depth >= 0
    if not balanced or depth:
        items = [item for item in items if item[0] not in ("open", "close")]
    changed = True
    while changed:
        changed = False
        out: list[tuple[str, str]] = []
        for n, (kind, text) in enumerate(items):
            before = out[-1][0] if out else None
            after = items[n + 1][0] if n + 1 < len(items) else None
            if kind == "op" and (before not in ("term", "close") or after not in ("term", "open", "column")):
                kind, text = "term", f'"{text}"'
                changed = True
            elif kind == "column" and after not in ("term", "open"):
                kind, text = "term", text.split()[0]
                changed = True
            elif kind == "open" and after == "close":
                items = items[:n] + items[n + 2:]
                changed = True
                break
            out.append((kind, text))
        else:
            items = out
    # FTS5 reads two operands side by side as AND, except next to a parenthesis: there it needs the word.
    joined: list[tuple[str, str]] = []
    for kind, text in items:
        previous = joined[-1][0] if joined else None
        if (previous == "close" and kind in ("term", "open", "column")
                or (previous == "term" and kind == "open")):
            joined.append(("op", "AND"))
        joined.append((kind, text))
    return joined


def fold(text: str | None) -> str | None:
    """Case and diacritics folded, as the full-text index folds them: `Kovač` and `KOVAC` are `kovac`."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def prepare(conn: sqlite3.Connection) -> sqlite3.Connection:
    """The SQL functions the archive tools use: fold(text), fts_query(text)."""
    conn.create_function("fold", 1, fold, deterministic=True)
    conn.create_function("fts_query", 1, fts_query, deterministic=True)
    return conn


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
    author: str | None = None     # in an author's name or the byline; case and diacritics folded

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
        if self.author:     # needs prepare(conn): fold()
            clauses.append("(instr(fold(a.byline), :author) OR EXISTS (SELECT 1 FROM json_each(a.authors)"
                           " WHERE instr(fold(value), :author)))")
            params["author"] = fold(self.author)
        return clauses, params


# ---------------------------------------------------------------------------------------- search

SEARCH_COLUMNS = ("url", "site", "published", "headline", "byline", "snippet", "score")


def search(conn: sqlite3.Connection, query: str, filters: Filters = Filters(), *, limit: int = 20,
           sort: str = "rank", marks: tuple[str, str] = ("[", "]"),
           time_limit: float = SEARCH_TIME_LIMIT) -> list[dict]:
    """What a person types (`fts_query`), ranked by bm25 (headline > byline > body), with a snippet of
    the best column."""
    if sort not in SORTS:
        raise QueryError(f"--sort must be one of {', '.join(SORTS)}")
    match = _match(query)
    prepare(conn)
    clauses, params = filters.where()
    params.update(query=match, limit=max(1, min(limit, MAX_ROWS)), open=marks[0], close=marks[1])
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
            raise QueryError(f"bad query ({message}). Search takes {QUERY_HELP}") from None
        raise
    finally:
        conn.set_progress_handler(None, 0)
    return [dict(zip(SEARCH_COLUMNS, row, strict=True)) for row in rows]


def _match(query: str) -> str:
    match = fts_query(query)
    if not match:
        raise QueryError(f"the query {query[:100]!r} has no word to search for: search takes {QUERY_HELP}")
    return match


# ---------------------------------------------------------------------------------------- export

def article_rows(conn: sqlite3.Connection, filters: Filters = Filters(), batch: int = EXPORT_BATCH, *,
                 query: str | None = None) -> Iterator[dict]:
    """Every matching article as a dict (JSON columns decoded), fetched `batch` rows at a time from one
    read snapshot, so memory stays flat whatever the archive's size. With `query`, every article the
    search matches (no row cap, in archive order)."""
    prepare(conn)
    clauses, params = filters.where()
    source = "articles a"
    if query is not None:
        source = "articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
        clauses.insert(0, "articles_fts MATCH :query")
        params["query"] = _match(query)
    try:
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        cursor = conn.execute(f"SELECT a.* FROM {source}{where} ORDER BY a.rowid", params)
    except sqlite3.OperationalError as e:
        if str(e).startswith(FTS_QUERY_ERRORS):
            raise QueryError(f"bad query ({e}). Search takes {QUERY_HELP}") from None
        raise
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


def export_parquet(rows: Iterator[dict], path: str, columns: list[str], batch: int = EXPORT_BATCH,
                   unreadable: list[str] | None = None) -> int:
    """Row groups of `batch` rows; authors, tags and warnings as lists, provenance as JSON text, dates as
    UTC timestamps (a page's own offset is not kept: export JSON lines for it). A date that is not ISO
    8601 is exported as null and named in `unreadable`."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    def arrow_type(name: str):
        if name in ("authors", "tags", "warnings"):
            return pa.list_(pa.string())
        if name in ("word_count", "version_count"):
            return pa.int64()
        if name in TIME_COLUMNS:
            return pa.timestamp("us", tz="UTC")
        return pa.bool_() if name == "is_paywalled" else pa.string()

    schema = pa.schema([(name, arrow_type(name)) for name in columns])
    count = 0
    chunk: list[dict] = []
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for record in rows:
            record["provenance"] = json.dumps(record.get("provenance"), ensure_ascii=False)
            for name in TIME_COLUMNS:
                if record.get(name) is not None:
                    record[name] = _instant(record[name])
                    if record[name] is None and unreadable is not None:
                        unreadable.append(f"{record['url']} {name}")
            chunk.append(record)
            count += 1
            if len(chunk) >= batch:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                chunk.clear()
        if chunk:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
    return count


def _instant(text: str) -> datetime | None:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


# ---------------------------------------------------------------------------------------- history

def resolve_article(conn: sqlite3.Connection, url: str) -> str | None:
    """The archive key for a URL as a person pastes it: itself or its canonical form as the crawler
    writes it (no fragment or tracking parameters, lower-case host), or the article a fetch of either
    produced (a redirect's origin)."""
    for candidate in dict.fromkeys(u for u in (url, try_canonical(url.strip())) if u):
        if conn.execute("SELECT 1 FROM articles WHERE url = ?", (candidate,)).fetchone():
            return candidate
        row = conn.execute("SELECT article_url FROM fetches WHERE (url = ? OR final_url = ?) AND article_url"
                           " IS NOT NULL ORDER BY id DESC LIMIT 1", (candidate, candidate)).fetchone()
        if row:
            return row[0]
    return None


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
