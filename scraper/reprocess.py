"""Rebuilding the archive from raw captures: `reparse` (our own WARCs, after a parser fix) and
`import-warc` (WARC files from other tools).

The work is cut into tasks: one per WARC file (import), one per run of a WARC file's records
(reparse: a crawler's file holds thousands of pages). A task reads and parses, and seals what it
found as one batch file (scraper/batch.py); it never opens the archive. This process is the only
writer: it applies each batch in one transaction with its ledger row, so a task that runs twice (a
worker died after sealing) changes nothing the second time. Tasks run here (`jobs=1`), in a process
pool (`jobs=N`), or on Dask workers through `Client.get_executor()` (`dask="tcp://HOST:8786"`, or
`"local"` for a LocalCluster of `jobs` single-threaded worker processes): the same function on the
same arguments whichever runs it. Batches wait in `<db stem>-batches/` beside the archive, so on
several machines that directory (and the WARC files) must be reachable at the same path.
"""
from __future__ import annotations

import dataclasses
import hashlib
import multiprocessing
import os
import shutil
import signal
import tempfile
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from parsers import Article, parse

from . import batch
from .archive import Archive, FetchRecord, article_key, connect_readonly
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
# Articles per reparse task: enough to amortise a task's start and its batch, small enough that two
# workers share even one WARC file evenly.
CHUNK_ARTICLES = 100
LOOPBACK = "127.0.0.1"


class MissingExtra(RuntimeError):
    """--dask without the cluster extra installed."""


@dataclasses.dataclass
class Done:
    """What a task hands back besides its batch: what it did not store, and why."""

    source: str                                      # the input it read (a WARC file, a run of records)
    batch: str | None                                # the sealed batch's path
    counts: Counter = dataclasses.field(default_factory=Counter)
    problems: list[tuple[str, str]] = dataclasses.field(default_factory=list)   # (url, why) parse failures


def header(headers: list[tuple[str, str]], name: str) -> str | None:
    name = name.lower()
    return next((v for k, v in headers if k.lower() == name), None)


def complete(article: Article) -> bool:
    """Worth a row: a page without a headline or a body is an index, a gallery or an error page."""
    return bool(article.headline and article.body)


# ---------------------------------------------------------------------------------------- tasks

@contextmanager
def local_cluster(workers: int) -> Iterator[object]:
    """A Dask LocalCluster on loopback: `workers` processes of one thread each (bs4 and lxml hold the
    GIL), no dashboard. A scheduler serves its health and metrics pages whatever the dashboard setting,
    by default on port 8787 of every interface: here on a free loopback port, so two clusters on one
    machine do not collide."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host=LOOPBACK,
                      dashboard_address=None,
                      scheduler_kwargs={"dashboard_address": f"{LOOPBACK}:0"}) as cluster:
        yield cluster


@contextmanager
def _executor(jobs: int, dask: str | None) -> Iterator[tuple[object | None, int]]:
    """(executor, how many tasks to keep in flight); None: run each task here, in turn."""
    if dask:
        try:
            from distributed import Client
        except ImportError:
            raise MissingExtra("--dask needs the cluster extra: pip install 'news-scraper[cluster]'")\
                from None
        if dask == "local":
            with local_cluster(jobs) as cluster, Client(cluster) as client:
                yield client.get_executor(), 2 * jobs
        else:
            with Client(dask) as client:
                yield client.get_executor(), 2 * max(1, sum(client.nthreads().values()))
    elif jobs > 1:
        # forkserver: workers do not inherit the parent's open SQLite connection. Ctrl-C is the parent's
        # to handle: a worker ignores it instead of dying with a traceback.
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("forkserver"),
                                 initializer=signal.signal, initargs=(signal.SIGINT, signal.SIG_IGN)) as pool:
            yield pool, 2 * jobs
    else:
        yield None, 1


def run_tasks(fn: Callable[..., Done], calls: list[tuple], *, jobs: int, dask: str | None) -> Iterator[Done]:
    """`fn(*args)` for each args in `calls`, as they finish, a bounded number in flight."""
    with _executor(jobs, dask) as (pool, window):
        if pool is None:
            yield from (fn(*args) for args in calls)
            return
        waiting, running = iter(calls), set()
        while True:
            for args in waiting:
                running.add(pool.submit(fn, *args))
                if len(running) >= window:
                    break
            if not running:
                return
            finished, running = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                yield future.result()


def _apply(archive: Archive, done: Done, total: Counter) -> Counter:
    """Apply a task's batch (once: the ledger) and remove it; what the task and its batch did."""
    counts = Counter(done.counts)
    if done.batch:
        counts.update(batch.apply(archive, Path(done.batch)) or {})
        Path(done.batch).unlink(missing_ok=True)
    for bookkeeping in ("fetches", "url_lists"):
        counts.pop(bookkeeping, None)
    total.update(counts)
    return counts


def _run_token() -> str:
    """Unique to one reparse: its batches are applied once within it, and a later reparse redoes
    the work (its outcome depends on the archive as it is then)."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"


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


@dataclasses.dataclass(frozen=True)
class Chunk:
    name: str                   # the batch it seals
    tasks: tuple[Task, ...]     # articles whose newest capture lies in one run of one WARC file


def reparse_chunks(db_path: Path, *, site: str | None, since: str | None, run: str,
                   size: int = CHUNK_ARTICLES) -> list[Chunk]:
    """The articles to reparse, grouped by the WARC file of their newest capture, in file order, `size`
    to a chunk. Named by run, position, file and parser version."""
    by_file: dict[str, list[Task]] = defaultdict(list)
    for task in reparse_tasks(db_path, site=site, since=since):
        by_file[task.captures[0][1].file if task.captures else ""].append(task)
    chunks = []
    for file, tasks in sorted(by_file.items()):
        tasks.sort(key=lambda t: t.captures[0][1].offset if t.captures else 0)
        for start in range(0, len(tasks), size):
            name = f"reparse-{run}-{len(chunks):06d}-{batch.slug(file)}-p{batch.parser_version()}"
            chunks.append(Chunk(name, tuple(tasks[start:start + size])))
    return chunks


def reparse_chunk(chunk: Chunk, warc_dir: Path, batch_dir: Path) -> Done:
    """A task: parse each article's newest readable capture and seal the results as a batch."""
    done, ops = Done(chunk.name, None), []
    for task in chunk.tasks:
        _, article, problem = parse_capture(task, warc_dir)
        if article is None:
            done.counts[problem.split(":")[0]] += 1
            if problem.startswith("parse_failed"):
                done.problems.append((task.key, problem))
            continue
        article = dataclasses.replace(article, site=task.site)
        if article_key(article) != task.key:
            # The key is the archive's identity for this story; a parser now finding another canonical
            # URL does not split its history in two.
            article = dataclasses.replace(article, canonical_url=task.key)
            done.counts["key_kept"] += 1
        # Dated as the capture it came from (the article's last sighting), not as "now".
        ops.append(batch.store_article_op(article, task.last_seen))
    done.batch = str(batch.seal(batch_dir, chunk.name, {"kind": "reparse", "parser": batch.parser_version(),
                                                        "arguments": {"articles": len(chunk.tasks)}}, ops))
    return done


def reparse(db_path: Path, *, site: str | None = None, since: str | None = None, jobs: int = 1,
            dask: str | None = None, on_error: Callable[[str, str], None] | None = None) -> Counter:
    """Run the current parsers over every matching article's latest raw capture and store the result:
    a new version where the output changed, nothing where it did not. Returns counts by result."""
    db_path = Path(db_path)
    counts: Counter = Counter()
    run = _run_token()
    batch_dir = batch.batch_directory(db_path) / f"reparse-{run}"   # this run's: removed at the end
    with Archive(db_path) as archive:
        # Still one transaction per batch, but not one fsync per page: that capped the writer at the
        # disk's commit rate (~200/s here) whatever the number of workers. In WAL mode NORMAL cannot
        # corrupt the file; a power cut may lose the last few results, and reparse simply redoes them.
        archive.conn.execute("PRAGMA synchronous = NORMAL")
        chunks = reparse_chunks(db_path, site=site, since=since, run=run)
        calls = [(chunk, warc_directory(db_path), batch_dir) for chunk in chunks]
        try:
            for done in run_tasks(reparse_chunk, calls, jobs=jobs, dask=dask):
                _apply(archive, done, counts)
                for url, why in done.problems if on_error else ():
                    on_error(url, why)
        finally:
            shutil.rmtree(batch_dir, ignore_errors=True)
    return counts


# ---------------------------------------------------------------------------------------- import

def _iso(warc_date: str | None) -> str:
    try:
        moment = datetime.fromisoformat((warc_date or "").replace("Z", "+00:00"))
    except ValueError:
        moment = datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


# How `import-warc` reports a file that breaks off inside a record, whatever the cut.
TORN = ("the file breaks off inside a record: the whole records before it were imported, the torn one"
        " was not (importing a complete copy takes it)")


def import_name(path: Path) -> str:
    """An input's batch name: the file's name, size and first 64 KiB, and the parser version."""
    with open(path, "rb") as f:
        head = hashlib.sha256(f.read(1 << 16)).hexdigest()[:12]
        size = os.fstat(f.fileno()).st_size
    return f"import-{batch.slug(Path(path).name)}-{size}-{head}-p{batch.parser_version()}"


def import_file(path: Path, name: str, batch_dir: Path) -> Done:
    """A task: copy a WARC file's HTML responses into WARC files of our own, parse them, and seal
    the fetch records, articles and copies as a batch."""
    done, ops = Done(str(path), None), []
    batch_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=batch_dir, prefix=".work-") as work:
        with WarcWriter(Path(work), prefix="import") as writer:
            for url, warc_date, headers, body in iter_html_responses(path, counts=done.counts):
                ops.append(_import_one(writer, url, _iso(warc_date), headers, body, done.counts))
        done.batch = str(batch.seal(batch_dir, name, {"kind": "import-warc", "parser": batch.parser_version(),
                                                      "arguments": {"file": str(path)}},
                                    ops, sorted(Path(work).glob("*.warc.gz"))))
    return done


def _import_one(writer: WarcWriter, url: str, started_at: str, headers: list[tuple[str, str]], body: bytes,
                counts: Counter) -> dict:
    content_type = header(headers, "Content-Type")
    ref = writer.write_response(RawResponse(url=url, status=200, body=body, started_at=started_at,
                                            headers=headers))
    fetch = FetchRecord(url=url, outcome="ok", started_at=started_at, kind="import", status=200,
                        bytes=len(body), final_url=url, content_type=content_type,
                        warc_file=ref.file, warc_offset=ref.offset, warc_length=ref.length)
    try:
        article = parse(body, url=url, content_type=content_type)
    except Exception as e:  # one page the parsers choke on is logged, and the import goes on
        counts["parse_failed"] += 1
        return batch.record_op(dataclasses.replace(fetch, outcome="parse:failed", error_kind=type(e).__name__,
                                                   error_message=str(e)), imported=True)
    if not complete(article):
        counts["incomplete"] += 1
        return batch.record_op(dataclasses.replace(fetch, outcome="parse:incomplete"), imported=True)
    return batch.record_op(fetch, article=article, fetched_at=started_at, imported=True)


def import_warc(db_path: Path, files: list[Path], *, report: Callable[[Path, Counter], None] | None = None,
                jobs: int = 1, dask: str | None = None) -> Counter:
    """Archive the 2xx HTML responses of WARC files made by any tool. Each response is copied into our
    own WARC files (so the archive stays whole if the originals move), logged in `fetches` with kind
    `import` and the capture's own date, parsed and stored. A file's batch is applied once (the
    ledger); a capture already logged is not logged again, so importing a file twice adds nothing."""
    db_path = Path(db_path)
    batch_dir = batch.batch_directory(db_path)
    total: Counter = Counter()
    with Archive(db_path) as archive:
        calls = []
        for path in map(Path, files):
            try:
                name = import_name(path)
            except OSError:
                _report(report, path, _count(total, Counter(unreadable_file=1)))
                continue
            before = batch.applied_counts(archive, name)
            if before is not None:
                imported = sum(before.values()) - before["url_lists"]
                _report(report, path, _count(total, Counter(already_imported=imported)))
            elif (sealed := batch_dir / f"{name}{batch.SUFFIX}").exists():   # an import cut short sealed it
                _report(report, path, _apply(archive, Done(str(path), str(sealed)), total))
            else:
                calls.append((path, name, batch_dir))
        for done in run_tasks(import_file, calls, jobs=jobs, dask=dask):
            _report(report, Path(done.source), _apply(archive, done, total))
    return total


def _count(total: Counter, counts: Counter) -> Counter:
    total.update(counts)
    return counts


def _report(report, path: Path, counts: Counter) -> None:
    if report:
        report(path, counts)
