"""Sealed batches: work done away from the archive (a crawl slice on a cluster worker, a reparse or
import task on a Dask or pool worker) handed to the archive's one writer as a single file, and
applied exactly once.

A batch is a zip file named `<name>.zip`:

    meta.json            what made it: kind, name, parser version, arguments, exit code
    ops.jsonl            the archive writes it stands for, in order, one JSON object a line
    warc/<file>.warc.gz  the raw captures its fetch records point into (stored as they are)

Sealing (`seal`): written under a temporary name in the target directory, fsynced, renamed to its
name (atomic), then the directory fsynced: whoever lists the directory sees a whole batch or none.
A task that runs twice (at-least-once delivery after a worker died) seals the same name twice; the
second rename replaces the first, and either one is the batch.

Applying (`apply`) replays the ops through Archive's own write methods (`record`, `add_urls`,
`store_article`, ...) inside one transaction that also inserts the batch's row into the `ingested`
ledger. A batch whose name the ledger holds is skipped, so an ingest killed half-way, run again,
or run twice applies every batch exactly once. The WARC files are copied into the archive's WARC
directory (`<batch name>/<file>`, fsynced) before the transaction: a crash in between leaves only
bytes that the next attempt overwrites.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import re
import shutil
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .archive import Archive, FetchRecord, utcnow
from .urls import site_scope, try_canonical
from .warc import warc_directory

if TYPE_CHECKING:
    from parsers import Article

SUFFIX = ".zip"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")


class BatchError(Exception):
    """A file that is not a readable batch (the ingest reports it and goes on with the others)."""


def check_name(name: str) -> str:
    if not _NAME.match(name) or name.endswith(SUFFIX):
        raise ValueError(f"not a batch name: {name!r} (letters, digits, '.', '_', '-')")
    return name


def batch_name(path: Path) -> str:
    return Path(path).name.removesuffix(SUFFIX)


def slug(text: str, limit: int = 80) -> str:
    """Part of a batch name made from a file name or path."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._-")[:limit] or "none"


def batch_directory(db_path: str | Path) -> Path:
    """`archive.db` -> `archive-batches/` beside it: batches sealed by workers, waiting to be applied."""
    db_path = Path(db_path)
    return db_path.with_name(f"{db_path.stem}-batches")


@functools.cache
def parser_version() -> str:
    """The parsers' own code, as a short digest: batches are named by the parser that made them."""
    import parsers

    root = Path(parsers.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


# ---------------------------------------------------------------------------------------- ops

def article_from(data: dict) -> Article:
    from parsers import Article

    try:
        return Article(**data)
    except TypeError as e:      # a batch sealed by another version of the program
        raise BatchError(f"an article this version cannot read ({e})") from None


def record_op(fetch: FetchRecord, *, article: Article | None = None, frontier: dict | None = None,
              fetched_at: str | None = None, imported: bool = False) -> dict:
    """`Archive.record(fetch, article=..., frontier=..., fetched_at=...)`. An `imported` capture is
    skipped (`already_imported`) when the archive already logs a fetch of this URL, kind and time."""
    return {"op": "record", "fetch": dataclasses.asdict(fetch),
            "article": dataclasses.asdict(article) if article is not None else None,
            "frontier": frontier, "fetched_at": fetched_at, "imported": imported}


def store_article_op(article: Article, fetched_at: str | None) -> dict:
    """`Archive.store_article(article, fetched_at)`: a reparsed article."""
    return {"op": "store_article", "article": dataclasses.asdict(article), "fetched_at": fetched_at}


def add_urls_op(rows: list[dict]) -> dict:
    """`Archive.add_urls(rows)`: URLs discovered."""
    return {"op": "add_urls", "rows": rows}


def site_health_op(site: str, pages: int, shares: dict) -> dict:
    return {"op": "site_health", "site": site, "pages": pages, "shares": shares}


# ---------------------------------------------------------------------------------------- sealing

def fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def seal(directory: Path, name: str, meta: dict, ops: Iterable[dict],
         warc_files: Iterable[Path] = ()) -> Path:
    """Write a batch and make it appear atomically as `directory/<name>.zip`. Returns its path."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / (check_name(name) + SUFFIX)
    temporary = directory / f".{name}.{os.getpid()}.tmp"
    try:
        with open(temporary, "wb") as raw:
            with zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
                z.writestr("meta.json", json.dumps({**meta, "name": name, "sealed_at": utcnow()}))
                with z.open("ops.jsonl", "w") as out:
                    for op in ops:
                        out.write(json.dumps(op, ensure_ascii=False, default=str).encode() + b"\n")
                for path in warc_files:   # already gzipped record by record: stored as they are
                    z.write(path, f"warc/{Path(path).name}", compress_type=zipfile.ZIP_STORED)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temporary, final)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_directory(directory)
    return final


def sealed(directory: Path) -> list[Path]:
    """The sealed batches in a directory, by name (temporary files are not batches)."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.suffix == SUFFIX and not p.name.startswith("."))


# ---------------------------------------------------------------------------------------- applying

def applied(archive: Archive, name: str) -> bool:
    return archive.conn.execute("SELECT 1 FROM ingested WHERE batch = ?", (name,)).fetchone() is not None


def applied_counts(archive: Archive, name: str) -> Counter | None:
    """What the batch did when it was applied, or None if the ledger does not hold it."""
    row = archive.conn.execute("SELECT counts FROM ingested WHERE batch = ?", (name,)).fetchone()
    return None if row is None else Counter(json.loads(row[0] or "{}"))


def apply(archive: Archive, path: Path) -> Counter | None:
    """Apply one sealed batch in one transaction with its ledger row. Returns what its ops did, or None
    when the ledger says it was applied before. BatchError for a file that is not a batch."""
    path = Path(path)
    name = batch_name(path)
    if applied(archive, name):
        return None
    try:
        with zipfile.ZipFile(path) as z:
            meta = json.loads(z.read("meta.json"))
            captures = _copy_captures(z, warc_directory(archive.path), name)
            counts: Counter = Counter()
            with archive.transaction() as c:
                if applied(archive, name):      # another ingest got there first
                    return None
                run_id = archive.start_run({"command": meta.get("kind", "batch"), "batch": name,
                                            **meta.get("arguments", {})})
                for op in _ops(z):
                    counts[_apply_op(archive, op, run_id, captures)] += 1
                counts.pop(None, None)
                archive.finish_run(run_id, {"batch": name, **counts}, int(meta.get("exit_code", 0)))
                c.execute("INSERT INTO ingested(batch, kind, applied_at, run_id, counts) VALUES (?,?,?,?,?)",
                          (name, meta.get("kind", "batch"), utcnow(), run_id, json.dumps(dict(counts))))
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError, UnicodeDecodeError) as e:
        raise BatchError(f"{path}: not a readable batch ({type(e).__name__}: {e})") from e
    return counts


def _ops(z: zipfile.ZipFile) -> Iterator[dict]:
    with z.open("ops.jsonl") as lines:
        for line in lines:
            yield json.loads(line)


def _copy_captures(z: zipfile.ZipFile, warc_dir: Path, name: str) -> str:
    """Copy the batch's WARC files to `<WARC dir>/<name>/`, each fsynced; the prefix their refs get."""
    members = [m for m in z.namelist() if m.startswith("warc/") and not m.endswith("/")]
    target = warc_dir / name
    for member in members:
        target.mkdir(parents=True, exist_ok=True)
        final = target / Path(member).name
        temporary = final.with_name(f".{final.name}.tmp")
        with z.open(member) as source, open(temporary, "wb") as out:
            shutil.copyfileobj(source, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, final)
    if members:
        fsync_directory(target)
    return name


def imported_site(archive: Archive, url: str) -> str:
    """The site an imported page belongs to, named as a crawl names it: the site whose frontier holds
    the URL, else its registrable domain (what a command-line seed is called)."""
    url = try_canonical(url) or url
    row = archive.conn.execute("SELECT site FROM urls WHERE url = ? AND site IS NOT NULL", (url,)).fetchone()
    return row[0] if row else site_scope(url)


def _apply_op(archive: Archive, op: dict, run_id: int, captures: str) -> str | None:
    kind = op["op"]
    if kind == "record":
        fetch = FetchRecord(**op["fetch"])
        if fetch.warc_file:
            fetch = dataclasses.replace(fetch, warc_file=f"{captures}/{fetch.warc_file}")
        # Logged before means imported only if read whole (the same body length: an older version took
        # a torn record's part) and final (a parser crash is tried again).
        if op.get("imported") and archive.conn.execute(
                "SELECT 1 FROM fetches WHERE url = ? AND started_at = ? AND kind = ? AND bytes IS ?"
                " AND outcome != 'parse:failed'",
                (fetch.url, fetch.started_at, fetch.kind, fetch.bytes)).fetchone():
            return "already_imported"
        article = article_from(op["article"]) if op.get("article") else None
        if op.get("imported"):      # named here, where the archive's frontier is: tasks never open it
            fetch.site = imported_site(archive, fetch.url)
            article = article and dataclasses.replace(article, site=fetch.site)
        result = archive.record(fetch, run_id=run_id, article=article, frontier=op.get("frontier"),
                                fetched_at=op.get("fetched_at"))
        return result or "fetches"
    if kind == "store_article":
        return archive.store_article(article_from(op["article"]), fetched_at=op.get("fetched_at"))
    if kind == "add_urls":
        archive.add_urls(op["rows"])
        return "url_lists"
    if kind == "site_health":
        archive.record_site_health(run_id, op["site"], op["pages"], op["shares"])
        return None
    raise BatchError(f"unknown op {kind!r}")
