"""The SQLite archive: one file researchers can query while a crawl writes to it.

Tables (documented column by column in the README):
    articles      one row per article, keyed by its canonical URL; the latest version
    versions      every distinct version of an article as fetched over time
    fetches       every HTTP attempt, failures included, with its outcome code and raw-capture location
    urls          the crawl frontier: what we know, when we fetch it next, validators for revisits
    runs          one row per crawl
    site_health   per run and site: the share of pages with headline, byline, date and a real body
    ingested      the ledger of sealed batches applied (scraper/batch.py), one row each
    articles_fts  FTS5 index over headline, byline and body (diacritics folded), kept by triggers

Durability: WAL mode, synchronous=FULL, a busy timeout, and one `BEGIN IMMEDIATE` transaction per
page (fetch log + article + version + frontier row together), so `kill -9` loses at most the page in
flight and a reader never sees half an article. sqlite-utils' own write helpers commit by themselves,
so writes inside those transactions are plain SQL.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

if TYPE_CHECKING:   # a crawl that only re-checks pages never loads the parsers
    from parsers import Article

BUSY_TIMEOUT_MS = 10_000
# The fields that make up an article's content: a change in any of them is a new version.
CONTENT_FIELDS = ("headline", "seo_headline", "subheadline", "byline", "authors", "dateline", "published",
                  "modified", "section", "tags", "language", "top_image", "body", "is_paywalled",
                  "canonical_url")
JSON_FIELDS = ("authors", "tags", "provenance", "warnings")
_ARTICLE_COLUMNS = ("url", "site", *CONTENT_FIELDS[:-1], "word_count", "parser", "provenance", "warnings")


class ArchiveError(Exception):
    """The archive cannot be used (corrupt, read-only, or from a newer version of this program)."""


def utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# Fields added after articles were first stored enter the hash only when they have a value, so that
# a new field does not turn every stored article into a new version.
LATER_FIELDS = ("seo_headline",)


def content_hash(article: Article) -> str:
    data = {f: getattr(article, f) for f in CONTENT_FIELDS
            if f not in LATER_FIELDS or getattr(article, f) is not None}
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


# ---------------------------------------------------------------------------------------- schema

def _v1(db: sqlite_utils.Database) -> None:
    db.execute("""CREATE TABLE articles (
        url TEXT PRIMARY KEY, site TEXT, headline TEXT, subheadline TEXT, byline TEXT, authors TEXT,
        dateline TEXT, published TEXT, modified TEXT, section TEXT, tags TEXT, language TEXT,
        top_image TEXT, body TEXT, is_paywalled INTEGER, word_count INTEGER, parser TEXT,
        provenance TEXT, warnings TEXT, first_seen TEXT, last_seen TEXT, last_changed TEXT,
        version_count INTEGER NOT NULL DEFAULT 0, content_hash TEXT)""")
    db.execute("CREATE INDEX articles_site_published ON articles(site, published)")
    db.execute("CREATE INDEX articles_published ON articles(published)")
    db.execute("""CREATE TABLE versions (
        url TEXT NOT NULL REFERENCES articles(url), version INTEGER NOT NULL, fetched_at TEXT NOT NULL,
        fetch_id INTEGER REFERENCES fetches(id), site TEXT, headline TEXT, subheadline TEXT, byline TEXT,
        authors TEXT, dateline TEXT, published TEXT, modified TEXT, section TEXT, tags TEXT,
        language TEXT, top_image TEXT, body TEXT, is_paywalled INTEGER, word_count INTEGER,
        parser TEXT, provenance TEXT, warnings TEXT, content_hash TEXT NOT NULL, changed_fields TEXT,
        PRIMARY KEY (url, version))""")
    db.execute("""CREATE TABLE fetches (
        id INTEGER PRIMARY KEY, run_id INTEGER REFERENCES runs(id), url TEXT NOT NULL, site TEXT,
        kind TEXT, started_at TEXT NOT NULL, status INTEGER, outcome TEXT NOT NULL, bytes INTEGER,
        elapsed_ms INTEGER, error_kind TEXT, error_message TEXT, final_url TEXT, content_type TEXT,
        article_url TEXT, warc_file TEXT, warc_offset INTEGER, warc_length INTEGER)""")
    db.execute("CREATE INDEX fetches_url ON fetches(url)")
    db.execute("CREATE INDEX fetches_run_outcome ON fetches(run_id, outcome)")
    db.execute("""CREATE TABLE urls (
        url TEXT PRIMARY KEY, site TEXT, kind TEXT NOT NULL DEFAULT 'article', first_seen TEXT NOT NULL,
        source TEXT, last_fetched TEXT, next_due TEXT, status TEXT, etag TEXT, last_modified TEXT,
        content_hash TEXT, failures INTEGER NOT NULL DEFAULT 0, article_url TEXT,
        hint_title TEXT, hint_published TEXT)""")
    db.execute("CREATE INDEX urls_due ON urls(site, next_due)")
    db.execute("""CREATE TABLE runs (
        id INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT, arguments TEXT, totals TEXT,
        exit_code INTEGER, pid INTEGER)""")
    db.execute("""CREATE TABLE site_health (
        run_id INTEGER NOT NULL REFERENCES runs(id), site TEXT NOT NULL, pages INTEGER NOT NULL,
        headline_share REAL, byline_share REAL, date_share REAL, body_share REAL,
        PRIMARY KEY (run_id, site))""")
    db.execute("""CREATE VIRTUAL TABLE articles_fts USING fts5(
        headline, byline, body, content='articles', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2')""")
    db.execute("""CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, headline, byline, body)
        VALUES (new.rowid, new.headline, new.byline, new.body); END""")
    db.execute("""CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, headline, byline, body)
        VALUES ('delete', old.rowid, old.headline, old.byline, old.body); END""")
    db.execute("""CREATE TRIGGER articles_au AFTER UPDATE OF headline, byline, body ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, headline, byline, body)
        VALUES ('delete', old.rowid, old.headline, old.byline, old.body);
        INSERT INTO articles_fts(rowid, headline, byline, body)
        VALUES (new.rowid, new.headline, new.byline, new.body); END""")


def _v2_archive_tools(db: sqlite_utils.Database) -> None:
    """For the archive tools: `reparse` finds an article's captures by `article_url`, and
    `site_health_trend` compares each site's latest run with its previous five (`scraper stats`,
    Datasette's canned query). A share is flagged when it fell by 0.25 or more on at least 5 pages."""
    db.execute("CREATE INDEX fetches_article ON fetches(article_url, id)")
    db.execute("""CREATE VIEW site_health_trend AS
        WITH ranked AS (
            SELECT h.*, row_number() OVER (PARTITION BY h.site ORDER BY h.run_id DESC) AS recency
            FROM site_health h),
        baseline AS (
            SELECT site, count(*) AS runs, avg(headline_share) AS headline, avg(byline_share) AS byline,
                   avg(date_share) AS date, avg(body_share) AS body
            FROM ranked WHERE recency BETWEEN 2 AND 6 GROUP BY site)
        SELECT l.site, l.run_id, r.started, l.pages, coalesce(b.runs, 0) AS previous_runs,
               round(b.headline, 3) AS headline_before, round(l.headline_share, 3) AS headline_now,
               round(b.byline, 3) AS byline_before, round(l.byline_share, 3) AS byline_now,
               round(b.date, 3) AS date_before, round(l.date_share, 3) AS date_now,
               round(b.body, 3) AS body_before, round(l.body_share, 3) AS body_now,
               CASE WHEN l.pages < 5 THEN '' ELSE trim(
                   CASE WHEN b.headline - l.headline_share >= 0.25 THEN 'headline ' ELSE '' END ||
                   CASE WHEN b.byline - l.byline_share >= 0.25 THEN 'byline ' ELSE '' END ||
                   CASE WHEN b.date - l.date_share >= 0.25 THEN 'date ' ELSE '' END ||
                   CASE WHEN b.body - l.body_share >= 0.25 THEN 'body' ELSE '' END) END AS dropped
        FROM ranked l LEFT JOIN baseline b ON b.site = l.site LEFT JOIN runs r ON r.id = l.run_id
        WHERE l.recency = 1""")


def _crawl_frontier_indexes(db: sqlite_utils.Database) -> None:
    """The crawler asks, for every page it fetches, whether another URL already gave the same bytes
    (content-hash dedup): without an index that is a scan of the whole frontier per page."""
    db.execute("CREATE INDEX urls_content_hash ON urls(content_hash)")


def _fetch_wait(db: sqlite_utils.Database) -> None:
    """`elapsed_ms` is the HTTP exchange alone; the time a fetch spent before and between its requests
    (robots.txt, the host's delay, back-off) is its own column."""
    db.execute("ALTER TABLE fetches ADD COLUMN wait_ms INTEGER")


def _one_site_name(db: sqlite_utils.Database) -> None:
    """Articles and versions were named by the parser's registrable domain while the crawl's tables used
    the sites.toml key, so `--site bbc` found no articles: they take the name their crawl fetches carry."""
    crawled = ("SELECT f.site FROM fetches f WHERE f.article_url = articles.url AND f.site IS NOT NULL"
               " AND f.kind != 'import' ORDER BY f.id DESC LIMIT 1")
    db.execute(f"UPDATE articles SET site = ({crawled}) WHERE EXISTS ({crawled})")
    db.execute("UPDATE versions SET site = (SELECT a.site FROM articles a WHERE a.url = versions.url)")


def _url_capture(db: sqlite_utils.Database) -> None:
    """Which WARC response record holds the body a URL last gave: a later 304 or identical body is
    written as a revisit naming it (WARC-Refers-To, -Target-URI, -Date, WARC-Payload-Digest), so a
    replay tool can show the original."""
    for column in ("capture_id", "capture_uri", "capture_date", "capture_digest"):
        db.execute(f"ALTER TABLE urls ADD COLUMN {column} TEXT")


def _url_depth(db: sqlite_utils.Database) -> None:
    """Section pages are part of the frontier: how many links from a seed each one is (1: a section the
    homepage links to), so a run reads them by depth and within the site's hub_depth."""
    db.execute("ALTER TABLE urls ADD COLUMN depth INTEGER")


def _seo_headline(db: sqlite_utils.Database) -> None:
    """The headline the page declares for search and social (JSON-LD, og:title, <title>) where it
    differs from the printed one: researchers study that difference."""
    for table in ("articles", "versions"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN seo_headline TEXT")


def _ingest_ledger(db: sqlite_utils.Database) -> None:
    """Sealed batches applied (scraper/batch.py: cluster crawl slices, Dask reparse and import tasks):
    a batch's row is written in the same transaction as its records, so each is applied exactly once."""
    db.execute("""CREATE TABLE ingested (
        batch TEXT PRIMARY KEY, kind TEXT NOT NULL, applied_at TEXT NOT NULL,
        run_id INTEGER REFERENCES runs(id), counts TEXT)""")


# Append-only: a migration, once released, never changes. PRAGMA user_version is the count applied.
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _v1, _v2_archive_tools, _crawl_frontier_indexes, _fetch_wait, _one_site_name, _url_capture, _url_depth,
    _seo_headline, _ingest_ledger]


@dataclass
class FetchRecord:
    """One HTTP attempt, as the crawler saw it."""

    url: str
    outcome: str                      # `ok`, `skipped:too_large`, `error:timeout_total`, ... (README)
    started_at: str = ""
    site: str | None = None
    kind: str = "article"             # article | feed | sitemap | robots | section
    status: int | None = None
    bytes: int | None = None
    elapsed_ms: int | None = None
    wait_ms: int | None = None
    error_kind: str | None = None
    error_message: str | None = None
    final_url: str | None = None
    content_type: str | None = None
    warc_file: str | None = None
    warc_offset: int | None = None
    warc_length: int | None = None


class Archive:
    """The writer's handle (one per crawl; `flock` elsewhere guarantees a single writer)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            conn = sqlite3.connect(str(self.path), isolation_level=None,
                                   timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn = conn
            self.db = sqlite_utils.Database(conn)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.DatabaseError as e:
            raise ArchiveError(f"{self.path}: cannot open the archive ({e})") from e

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ migrations and transactions

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _check_version(self) -> None:
        if self.schema_version > len(MIGRATIONS):
            raise ArchiveError(f"{self.path}: made by a newer version (schema {self.schema_version})")

    def _migrate(self) -> None:
        self._check_version()
        while self.schema_version < len(MIGRATIONS):
            version = self.schema_version
            with self.transaction():  # DDL is transactional in SQLite: a killed migration rolls back
                MIGRATIONS[version](self.db)
                self.conn.execute(f"PRAGMA user_version = {version + 1}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE: take the write lock up front, so a second writer waits (busy_timeout)
        instead of failing at its first write. Inside another transaction, a savepoint: the block's
        writes become part of the outer one (a sealed batch applies many records in one)."""
        if self.conn.in_transaction:
            self.conn.execute("SAVEPOINT nested")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK TO nested")
                self.conn.execute("RELEASE nested")
                raise
            else:
                self.conn.execute("RELEASE nested")
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    # ------------------------------------------------------------------ writes

    def start_run(self, arguments: dict) -> int:
        with self.transaction() as c:
            cur = c.execute("INSERT INTO runs(started, arguments, pid) VALUES (?, ?, ?)",
                            (utcnow(), json.dumps(arguments, default=str), os.getpid()))
            return cur.lastrowid

    def finish_run(self, run_id: int, totals: dict, exit_code: int) -> None:
        with self.transaction() as c:
            c.execute("UPDATE runs SET finished = ?, totals = ?, exit_code = ? WHERE id = ?",
                      (utcnow(), json.dumps(totals, default=str), exit_code, run_id))

    def record(self, fetch: FetchRecord, *, run_id: int | None = None, article: Article | None = None,
               frontier: dict | None = None, fetched_at: str | None = None) -> str | None:
        """Log one fetch and, when it produced an article, store it; update the URL's frontier row.
        All in one transaction. Returns 'new', 'updated', 'unchanged' for an article, else None."""
        with self.transaction() as c:
            return self._record(c, fetch, run_id, article, frontier, fetched_at)

    def record_batch(self, records: list[tuple[FetchRecord, int | None, dict | None]]) -> None:
        """Log fetches that stored no article ((fetch, run_id, frontier) each: a 304, an unchanged body,
        an error) in one transaction: one disk sync for many re-checks instead of one each."""
        if records:
            with self.transaction() as c:
                for fetch, run_id, frontier in records:
                    self._record(c, fetch, run_id, None, frontier, None)

    def _record(self, c: sqlite3.Connection, fetch: FetchRecord, run_id: int | None, article: Article | None,
                frontier: dict | None, fetched_at: str | None) -> str | None:
        fetched_at = fetched_at or fetch.started_at or utcnow()
        cur = c.execute(
            "INSERT INTO fetches(run_id, url, site, kind, started_at, status, outcome, bytes, elapsed_ms,"
            " wait_ms, error_kind, error_message, final_url, content_type, warc_file, warc_offset,"
            " warc_length, article_url)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (run_id, fetch.url, fetch.site, fetch.kind, fetch.started_at or fetched_at, fetch.status,
             fetch.outcome, fetch.bytes, fetch.elapsed_ms, fetch.wait_ms, fetch.error_kind,
             (fetch.error_message or "")[:2000] or None, fetch.final_url, fetch.content_type,
             fetch.warc_file, fetch.warc_offset, fetch.warc_length,
             article_key(article) if article is not None else None))
        result = None
        if article is not None:     # in the same transaction: stored with its fetch row or not at all
            result = self._store_article(c, article, fetched_at, cur.lastrowid)
        if frontier is not None:
            self._upsert_url(c, fetch.url, frontier)
        return result

    def store_article(self, article: Article, fetched_at: str | None = None) -> str:
        """Store an article outside a crawl (reparse, import): new, updated or unchanged."""
        with self.transaction() as c:
            return self._store_article(c, article, fetched_at or utcnow(), None)

    def _store_article(self, c: sqlite3.Connection, article: Article, fetched_at: str,
                       fetch_id: int | None) -> str:
        key = article_key(article)
        digest = content_hash(article)
        row = c.execute("SELECT content_hash, version_count, first_seen FROM articles WHERE url = ?",
                        (key,)).fetchone()
        if row and row[0] == digest:
            c.execute("UPDATE articles SET last_seen = ? WHERE url = ?", (fetched_at, key))
            return "unchanged"
        values = _row(article)
        version = (row[1] if row else 0) + 1
        changed = _changed_fields(c, key, values) if row else None
        cols = list(values)
        if row:
            sets = ", ".join(f"{col} = ?" for col in cols)
            c.execute(f"UPDATE articles SET {sets}, last_seen = ?, last_changed = ?, version_count = ?,"
                      f" content_hash = ? WHERE url = ?",
                      (*values.values(), fetched_at, fetched_at, version, digest, key))
        else:
            marks = ", ".join("?" * len(cols))
            c.execute(f"INSERT INTO articles(url, {', '.join(cols)}, first_seen, last_seen, last_changed,"
                      f" version_count, content_hash) VALUES (?, {marks}, ?, ?, ?, ?, ?)",
                      (key, *values.values(), fetched_at, fetched_at, fetched_at, version, digest))
        c.execute(f"INSERT INTO versions(url, version, fetched_at, fetch_id, {', '.join(cols)}, content_hash,"
                  f" changed_fields) VALUES (?, ?, ?, ?, {', '.join('?' * len(cols))}, ?, ?)",
                  (key, version, fetched_at, fetch_id, *values.values(), digest,
                   json.dumps(changed) if changed is not None else None))
        return "updated" if row else "new"

    def _upsert_url(self, c: sqlite3.Connection, url: str, fields: dict) -> None:
        """One statement: a new URL gets `fields` (first seen now), a known one has them updated."""
        fields = {k: v for k, v in fields.items() if k != "url"}
        row = {"first_seen": utcnow(), **fields}
        update = ", ".join(f"{k} = excluded.{k}" for k in fields)
        c.execute(f"INSERT INTO urls(url, {', '.join(row)}) VALUES (?{', ?' * len(row)}) ON CONFLICT(url)"
                  f" DO {'UPDATE SET ' + update if update else 'NOTHING'}", (url, *row.values()))

    def add_urls(self, rows: list[dict]) -> int:
        """Queue discovered URLs (url, site, kind, source, hint_*); known URLs are left as they are.
        Returns how many were new."""
        now = utcnow()
        with self.transaction() as c:
            before = c.total_changes
            c.executemany(
                "INSERT INTO urls(url, site, kind, first_seen, source, next_due, status, hint_title,"
                " hint_published) VALUES (:url, :site, :kind, :first_seen, :source, :next_due, 'new',"
                " :hint_title, :hint_published) ON CONFLICT(url) DO NOTHING",
                [{"site": None, "kind": "article", "source": None, "hint_title": None, "hint_published": None,
                  "first_seen": now, "next_due": now, **r} for r in rows])
            return c.total_changes - before

    def record_site_health(self, run_id: int, site: str, pages: int, shares: dict) -> None:
        with self.transaction() as c:
            c.execute("INSERT OR REPLACE INTO site_health(run_id, site, pages, headline_share, byline_share,"
                      " date_share, body_share) VALUES (?,?,?,?,?,?,?)",
                      (run_id, site, pages, shares.get("headline"), shares.get("byline"), shares.get("date"),
                       shares.get("body")))


def article_key(article: Article) -> str:
    """Articles are keyed by canonical URL, so one story found under two URLs is one row."""
    return article.canonical_url or article.url or ""


def _row(article: Article) -> dict:
    out = {}
    for col in _ARTICLE_COLUMNS[1:]:
        value = getattr(article, col)      # not to_dict(): its deep copy was a third of a page's store
        if col in JSON_FIELDS:
            value = json.dumps(value or [] if col != "provenance" else value or {}, ensure_ascii=False)
        elif col == "is_paywalled":
            value = int(bool(value))
        out[col] = value
    return out


def _changed_fields(c: sqlite3.Connection, key: str, values: dict) -> list[str]:
    cols = [f for f in CONTENT_FIELDS if f != "canonical_url"]
    old = c.execute(f"SELECT {', '.join(cols)} FROM articles WHERE url = ?", (key,)).fetchone()
    return [col for col, before in zip(cols, old, strict=True) if before != values.get(col)]


def connect_readonly(path: str | Path) -> sqlite3.Connection:
    """A researcher's connection: read-only, query_only, never `immutable` (a live file changes)."""
    if not Path(path).exists():
        raise ArchiveError(f"{path}: no such archive")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute("PRAGMA query_only = ON")
    return conn
