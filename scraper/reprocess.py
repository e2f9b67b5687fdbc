"""Rebuilding the archive from raw captures: `reparse` (our own WARCs, after a parser fix) and
`import-warc` (WARC files from other tools). Parsing happens in worker processes; every write goes
through `Archive` in the parent, so the single-writer rule holds and each article is one transaction.
"""
from __future__ import annotations

import dataclasses
import multiprocessing
import signal
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from parsers import Article, parse

from .archive import Archive, FetchRecord, article_key, connect_readonly
from .urls import site_scope, try_canonical
from .warc import (
    RawResponse,
    WarcError,
    WarcRef,
    WarcWriter,
    iter_html_responses,
    read_response,
    warc_directory,
)

# How many of an article's latest captures to try: the newest may be a revisit, which has no body.
CAPTURES_TRIED = 5
TASK_PAGE = 500
CHUNK = 16  # tasks per message to a worker: enough to amortise the pickling, small enough to spread


def header(headers: list[tuple[str, str]], name: str) -> str | None:
    name = name.lower()
    return next((v for k, v in headers if k.lower() == name), None)


def complete(article: Article) -> bool:
    """Worth a row: a page without a headline or a body is an index, a gallery or an error page."""
    return bool(article.headline and article.body)


# ---------------------------------------------------------------------------------------- reparse

@dataclasses.dataclass(frozen=True)
class Task:
    key: str                                       # the article's url in the archive
    site: str | None                               # its site, as the crawl named it (kept by a reparse)
    last_seen: str | None
    captures: tuple[tuple[str, WarcRef], ...]      # (page URL, ref), newest first


def reparse_tasks(db_path: Path, *, site: str | None = None, since: str | None = None) -> Iterator[Task]:
    """Articles and their latest captures, read page by page on a read-only connection (the parent
    writes on its own connection meanwhile)."""
    conn = connect_readonly(db_path)
    try:
        after = ""
        while True:
            rows = conn.execute(
                "SELECT url, site, last_seen FROM articles WHERE url > :after"
                " AND (:site IS NULL OR site = :site) AND (:since IS NULL OR last_seen >= :since)"
                " ORDER BY url LIMIT :page",
                {"site": site, "since": since, "page": TASK_PAGE, "after": after}).fetchall()
            if not rows:
                return
            for key, site_name, last_seen in rows:
                found = conn.execute(
                    "SELECT coalesce(final_url, url), warc_file, warc_offset, warc_length FROM fetches"
                    " WHERE article_url = ? AND warc_file IS NOT NULL ORDER BY id DESC LIMIT ?",
                    (key, CAPTURES_TRIED))
                captures = tuple((page_url, WarcRef(file, offset, length))
                                 for page_url, file, offset, length in found)
                yield Task(key, site_name, last_seen, captures)
            after = rows[-1][0]
    finally:
        conn.close()


def parse_capture(task: Task, warc_dir: Path) -> tuple[Task, Article | None, str | None]:
    """In a worker: the newest capture with a body, parsed. (task, article, None) or (task, None, why)."""
    if not task.captures:
        return task, None, "no_capture"
    for page_url, ref in task.captures:
        try:
            _, headers, body = read_response(warc_dir, ref)
        except WarcError:
            continue  # a revisit or a damaged record: try the capture before it
        try:
            return task, parse(body, url=page_url, content_type=header(headers, "Content-Type")), None
        except Exception as e:  # a parser bug must not stop the whole reparse; it is counted and named
            return task, None, f"parse_failed: {type(e).__name__}: {e}"
    return task, None, "unreadable_capture"


def _parse_in_worker(args: tuple[Task, Path]):
    return parse_capture(*args)


def reparse(db_path: Path, *, site: str | None = None, since: str | None = None, jobs: int = 1,
            on_error: Callable[[str, str], None] | None = None) -> Counter:
    """Run the current parsers over every matching article's latest raw capture and store the result:
    a new version where the output changed, nothing where it did not. Returns counts by result."""
    db_path = Path(db_path)
    warc_dir = warc_directory(db_path)
    counts: Counter = Counter()
    with Archive(db_path) as archive:
        # Still one transaction per article, but not one fsync per article: that capped the writer at
        # the disk's commit rate (~200/s here) whatever the number of workers. In WAL mode NORMAL cannot
        # corrupt the file; a power cut may lose the last few results, and reparse simply redoes them.
        archive.conn.execute("PRAGMA synchronous = NORMAL")
        work = ((task, warc_dir) for task in reparse_tasks(db_path, site=site, since=since))
        if jobs <= 1:
            results = map(_parse_in_worker, work)
            _store_reparsed(archive, results, counts, on_error)
        else:
            # forkserver: workers do not inherit the parent's open SQLite connection. Ctrl-C is the
            # parent's to handle: a worker ignores it instead of dying with a traceback.
            with multiprocessing.get_context("forkserver").Pool(
                    jobs, initializer=signal.signal, initargs=(signal.SIGINT, signal.SIG_IGN)) as pool:
                _store_reparsed(archive, pool.imap_unordered(_parse_in_worker, work, CHUNK), counts, on_error)
    return counts


def _store_reparsed(archive: Archive, results, counts: Counter, on_error) -> None:
    for task, article, problem in results:
        if article is None:
            counts[problem.split(":")[0]] += 1
            if on_error and problem.startswith("parse_failed"):
                on_error(task.key, problem)
            continue
        article = dataclasses.replace(article, site=task.site)
        if article_key(article) != task.key:
            # The key is the archive's identity for this story; a parser now finding another canonical
            # URL does not split its history in two.
            article = dataclasses.replace(article, canonical_url=task.key)
            counts["key_kept"] += 1
        # Dated as the capture it came from (the article's last sighting), not as "now".
        counts[archive.store_article(article, fetched_at=task.last_seen)] += 1


# ---------------------------------------------------------------------------------------- import

def _iso(warc_date: str | None) -> str:
    try:
        moment = datetime.fromisoformat((warc_date or "").replace("Z", "+00:00"))
    except ValueError:
        moment = datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def import_warc(db_path: Path, files: list[Path], *, report: Callable[[Path, Counter], None] | None = None,
                ) -> Counter:
    """Archive the 2xx HTML responses of WARC files made by any tool. Each response is copied into our
    own WARC files (so the archive stays whole if the originals move), logged in `fetches` with kind
    `import` and the capture's own date, parsed and stored. Importing a file twice adds nothing."""
    db_path = Path(db_path)
    total: Counter = Counter()
    with Archive(db_path) as archive, WarcWriter(warc_directory(db_path), prefix="import") as writer:
        run_id = archive.start_run({"command": "import-warc", "files": [str(f) for f in files]})
        for path in files:
            counts: Counter = Counter()
            for url, warc_date, headers, body in iter_html_responses(path, counts=counts):
                counts[_import_one(archive, writer, run_id, url, _iso(warc_date), headers, body)] += 1
            total.update(counts)
            if report:
                report(path, counts)
        archive.finish_run(run_id, dict(total), 1 if total["unreadable_file"] else 0)
    return total


def site_name(archive: Archive, url: str) -> str:
    """The site an imported page belongs to, named as a crawl names it: the site whose frontier holds
    the URL, else its registrable domain (what a command-line seed is called)."""
    url = try_canonical(url) or url
    row = archive.conn.execute("SELECT site FROM urls WHERE url = ? AND site IS NOT NULL", (url,)).fetchone()
    return row[0] if row else site_scope(url)


def _import_one(archive: Archive, writer: WarcWriter, run_id: int, url: str, started_at: str,
                headers: list[tuple[str, str]], body: bytes) -> str:
    if archive.conn.execute("SELECT 1 FROM fetches WHERE url = ? AND started_at = ? AND kind = 'import'",
                            (url, started_at)).fetchone():
        return "already_imported"
    content_type = header(headers, "Content-Type")
    ref = writer.write_response(RawResponse(url=url, status=200, body=body, started_at=started_at,
                                            headers=headers))
    site = site_name(archive, url)
    fetch = FetchRecord(url=url, outcome="ok", started_at=started_at, site=site, kind="import", status=200,
                        bytes=len(body), final_url=url, content_type=content_type,
                        warc_file=ref.file, warc_offset=ref.offset, warc_length=ref.length)
    try:
        article = parse(body, url=url, content_type=content_type)
    except Exception as e:  # one page the parsers choke on is logged, and the import goes on
        archive.record(dataclasses.replace(fetch, outcome="parse:failed", error_kind=type(e).__name__,
                                           error_message=str(e)), run_id=run_id)
        return "parse_failed"
    article = dataclasses.replace(article, site=site)
    if not complete(article):
        archive.record(dataclasses.replace(fetch, outcome="parse:incomplete"), run_id=run_id)
        return "incomplete"
    return archive.record(fetch, run_id=run_id, article=article, fetched_at=started_at)
