"""H. Storage, durability and concurrency (reliability.md 6.2), with the real `scraper crawl` command as
cron runs it (a subprocess) against the loopback demo site. H4 (killed lock holder), H10 (re-crawl) and
H11 (hostile search terms) also have cases in tests/test_crawl_cli.py, test_crawl.py and test_tools.py."""

from __future__ import annotations

import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import ExitStack
from io import BytesIO

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from parsers.article import Article
from scraper.archive import MIGRATIONS, Archive, ArchiveError, connect_readonly
from scraper.cli import cli
from scraper.demo import serve

from .guard import ENV

ARTICLES = 40


@pytest.fixture
def demo_site():
    [server] = serve(["127.0.0.1"], 0, ARTICLES)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def crawl(tmp_path, *args: str, preexec_fn=None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "scraper", "crawl", *args, "--db", str(tmp_path / "a.db")],
        cwd=tmp_path,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=preexec_fn,
    )


def articles(db) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        return {url for (url,) in conn.execute("SELECT url FROM articles")}
    except sqlite3.OperationalError:
        return set()  # killed before the first migration committed
    finally:
        conn.close()


def damage(db) -> tuple[int, int]:
    """(integrity failures, partial articles): an article whose versions do not match its count is a
    half-written one."""
    conn = sqlite3.connect(db)
    try:
        failures = conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok"
        failures += bool(conn.execute("PRAGMA foreign_key_check").fetchall())
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles'").fetchone():
            return failures, 0
        partial = conn.execute(
            "SELECT COUNT(*) FROM articles a WHERE version_count !="
            " (SELECT COUNT(*) FROM versions v WHERE v.url = a.url)"
        ).fetchone()[0]
        return failures, partial
    finally:
        conn.close()


def first_article_after(folder, site: str) -> float:
    """Seconds from a crawl's start to its first article committed, on this machine now: a fixed kill
    window would, on a slower machine, only ever hit the start-up and prove nothing about articles."""
    folder.mkdir()
    proc = crawl(folder, site, "--delay", "0.02")
    started = time.monotonic()
    try:
        while not articles(folder / "a.db") and time.monotonic() - started < 60:
            time.sleep(0.05)
        return time.monotonic() - started
    finally:
        proc.kill()
        proc.communicate()


def kill_and_resume(tmp_path, site: str, kills: int, scorecard, seed: int) -> None:
    rng = random.Random(seed)
    first = first_article_after(tmp_path / "probe", site)
    db = tmp_path / "a.db"
    acknowledged: set[str] = set()
    lost = partial = failures = 0
    for _ in range(kills):
        proc = crawl(tmp_path, site, "--delay", "0.02")
        # from Python's start-up and discovery to well into the articles, on this machine
        time.sleep(rng.uniform(0.4 * first, 1.4 * first + 0.5))
        proc.kill()
        proc.communicate()
        now = articles(db)
        lost += len(acknowledged - now)  # committed by an earlier run, gone now
        acknowledged |= now
        bad, half = damage(db)
        failures, partial = failures + bad, partial + half
    for _ in range(3):  # resume until done
        if len(articles(db)) == ARTICLES:
            break
        proc = crawl(tmp_path, site, "--delay", "0")
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err[-2000:]
    final = articles(db)
    lost += len(acknowledged - final)
    bad, half = damage(db)
    failures, partial = failures + bad, partial + half
    scorecard.add("kills", kills)
    scorecard.add("acknowledged", len(acknowledged))
    scorecard.add("lost", lost)
    scorecard.add("partial", partial)
    scorecard.add("integrity_failures", failures)
    scorecard.note("kill_seed", str(seed))
    print(f"kill -9 loop: seed={seed} kills={kills} acknowledged={len(acknowledged)} lost={lost}")
    assert (lost, partial, failures) == (0, 0, 0)
    # the final set equals the server's: every article once, on the demo site, no duplicates
    assert len(final) == ARTICLES and all(url.startswith(site.rstrip("/")) for url in final)


def test_h1_kill_9_twenty_times_then_resume_loses_nothing(tmp_path, demo_site, scorecard):
    kill_and_resume(tmp_path, demo_site, 20, scorecard, seed=random.randrange(2**32))


@pytest.mark.slow
@pytest.mark.timeout(1200)      # 200 runs of a few seconds each, plus the resumes
def test_h1_kill_9_two_hundred_times(tmp_path, demo_site, scorecard):
    kill_and_resume(tmp_path, demo_site, 200, scorecard, seed=random.randrange(2**32))


SLOW_MIGRATIONS = """
import sys, time
import scraper.archive as archive
def slowed(step):
    def run(db):
        step(db)
        time.sleep(0.15)          # inside the migration's transaction: a kill lands mid-migration
    return run
archive.MIGRATIONS[:] = [slowed(step) for step in archive.MIGRATIONS]
archive.Archive(sys.argv[1]).close()
"""


def test_h2_kill_during_a_migration_leaves_a_consistent_schema(tmp_path, scorecard):
    db = tmp_path / "a.db"
    rng = random.Random(6)
    for _ in range(6):
        proc = subprocess.Popen([sys.executable, "-c", SLOW_MIGRATIONS, str(db)], env=ENV)
        time.sleep(rng.uniform(0.05, 0.15 * len(MIGRATIONS)))
        proc.kill()
        proc.wait()
        scorecard.add("kills")
        conn = sqlite3.connect(db)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        conn.close()
        assert 0 <= version <= len(MIGRATIONS)
        assert ("articles" in tables) == (version >= 1)  # the schema is exactly what the version says
        assert damage(db)[0] == 0
    with Archive(db) as archive:  # the next run starts and finishes migrating
        assert archive.schema_version == len(MIGRATIONS)


def test_h3_two_runs_together_then_ten_in_a_loop_make_exactly_one_writer(tmp_path, demo_site, scorecard):
    startup = 0.0
    for _ in range(3):  # what Python needs before it can even try (the slowest of three: load varies)
        started = time.monotonic()
        subprocess.run([sys.executable, "-c", "import scraper.cli"], env=ENV, check=True)
        startup = max(startup, time.monotonic() - started)
    # The winner must outlast ten losers started one after another, each allowed 3 * startup + 2 s
    # (below): its 40 pages, spaced by half a startup and 0.3 s, take longer than the ten could.
    delay = 0.5 * startup + 0.3
    with ExitStack() as running:    # a failed assertion leaves no crawl running and no pipe open

        def start(*args: str) -> subprocess.Popen:
            proc = running.enter_context(crawl(tmp_path, demo_site, *args))
            running.callback(proc.kill)     # runs before the Popen's exit, which waits and closes pipes
            return proc

        pair = [start("--delay", f"{delay:.2f}") for _ in range(2)]
        first_exit, given_up = None, time.monotonic() + 60
        while first_exit is None and time.monotonic() < given_up:  # one of the pair loses and exits at once
            first_exit = next((p for p in pair if p.poll() is not None), None)
            time.sleep(0.01)
        assert first_exit is not None, "neither of two crawls together exited in 60 s"
        winner = next(p for p in pair if p is not first_exit)
        assert winner.poll() is None
        results = [(first_exit.returncode, 0.0, first_exit.communicate()[1])]
        for _ in range(10):  # cron firing again and again meanwhile
            started = time.monotonic()
            proc = start("--delay", "0")
            out, err = proc.communicate(timeout=30)
            results.append((proc.returncode, time.monotonic() - started, err))
        loop = [round(seconds, 1) for _, seconds, _ in results[1:]]
        assert winner.poll() is None, f"the winner finished before the loop ({loop} s): it proved nothing"
        out, err = winner.communicate(timeout=ARTICLES * delay + 60)
        results.append((winner.returncode, 0.0, err))
    writers = [r for r in results if "holds" not in r[2]]
    losers = [r for r in results if "holds" in r[2]]
    conn = sqlite3.connect(tmp_path / "a.db")
    runs = conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
    conn.close()
    busy = sum("database is locked" in r[2] for r in results)
    scorecard.add("overlapping_runs", len(results))
    scorecard.add("double_writers", max(0, runs - 1))
    scorecard.add("writer_busy", busy)
    assert len(writers) == 1 and len(losers) == 11 and runs == 1 and busy == 0
    assert all(code == 0 for code, _, _ in results)
    # each loser exits at once: within a few of Python's start-ups, as a loaded machine's load swings
    # between the measure above and the loop (one waiting for the lock would take the winner's whole
    # crawl, 40 delays of half a start-up and 0.3 s: over 20 start-ups)
    assert max(seconds for _, seconds, _ in losers) < 3 * startup + 2.0
    assert len(articles(tmp_path / "a.db")) == ARTICLES


def test_h5_readers_during_a_crawl_never_fail_and_see_only_whole_articles(tmp_path, demo_site, scorecard):
    db = tmp_path / "a.db"
    with Archive(db):
        pass  # the schema exists before readers start
    stop = threading.Event()
    latencies, errors, counts = [], [], []

    def reader():
        while not stop.is_set():
            try:
                conn = connect_readonly(db)
                started = time.perf_counter()
                conn.execute("BEGIN")
                n = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
                orphans = conn.execute(
                    "SELECT COUNT(*) FROM articles a WHERE version_count !="
                    " (SELECT COUNT(*) FROM versions v WHERE v.url = a.url)"
                ).fetchone()[0]
                conn.execute("COMMIT")
                latencies.append((time.perf_counter() - started) * 1000)
                conn.close()
                counts.append(n)
                if orphans:
                    errors.append(f"{orphans} articles without their versions")
            except sqlite3.Error as e:
                errors.append(str(e))
            time.sleep(0.005)

    thread = threading.Thread(target=reader)
    thread.start()
    proc = crawl(tmp_path, demo_site, "--delay", "0.02")
    out, err = proc.communicate(timeout=120)
    stop.set()
    thread.join()
    scorecard.add("reader_queries", len(latencies) + len(errors))
    scorecard.add("reader_errors", len(errors))
    scorecard.sample("reader_ms", latencies)
    assert proc.returncode == 0, err[-2000:]
    assert errors == [] and len(latencies) > 50
    assert counts == sorted(counts) and counts[-1] == ARTICLES  # monotonic, and it saw the end


def article(i: int, text: str | None = None) -> Article:
    return Article(
        url=f"http://news.test/a/story-{i}",
        headline=f"Story {i}",
        body=text or f"Body of story {i}. " * 40,
        published="2024-05-07T09:00:00+00:00",
    )


def test_h6_a_reader_holding_a_snapshot_grows_the_wal_until_released(tmp_path, scorecard):
    db = tmp_path / "a.db"
    wal = tmp_path / "a.db-wal"
    with Archive(db) as archive:
        archive.store_article(article(0))
        reader = connect_readonly(db)
        reader.execute("BEGIN")
        reader.execute("SELECT COUNT(*) FROM articles").fetchone()  # the snapshot is now pinned
        for i in range(1, 300):
            archive.store_article(article(i))
        held = wal.stat().st_size
        reader.execute("COMMIT")
        reader.close()
        archive.store_article(article(300))
        archive.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        released = wal.stat().st_size
    print(f"WAL while a reader held its snapshot: {held / 1024:.0f} KiB; after checkpoint: {released} B")
    scorecard.note("wal_growth", f"{held / 1024:.0f} KiB -> {released} B")
    assert held > 1000 * 1024 / 4 and released == 0


def test_h7_an_external_writer_makes_the_crawler_wait_then_it_commits(tmp_path):
    db = tmp_path / "a.db"
    with Archive(db) as archive:
        assert archive.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 10_000
        shell = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
        shell.execute("BEGIN IMMEDIATE")  # a researcher's shell, mid-write
        shell.execute("INSERT INTO runs (started) VALUES ('x')")
        threading.Timer(1.5, lambda: shell.execute("ROLLBACK")).start()
        started = time.monotonic()
        archive.store_article(article(1))
        waited = time.monotonic() - started
    shell.close()
    assert 1.3 <= waited < 10 and articles(db) == {"http://news.test/a/story-1"}


@pytest.mark.slow
def test_h7_a_writer_held_past_the_busy_timeout_fails_cleanly_without_partial_rows(tmp_path):
    db = tmp_path / "a.db"
    with Archive(db) as archive:
        shell = sqlite3.connect(db, isolation_level=None)
        shell.execute("BEGIN IMMEDIATE")
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            archive.store_article(article(1))
        shell.execute("ROLLBACK")
        shell.close()
        assert articles(db) == set() and damage(db) == (0, 0)
        archive.store_article(article(2))  # and the writer still works afterwards


def test_h8_disk_full_stops_cleanly_and_keeps_what_was_committed(tmp_path, demo_site):
    db = tmp_path / "a.db"
    proc = crawl(tmp_path, demo_site, "--delay", "0", "--max-pages", "5")
    proc.communicate(timeout=120)
    before = articles(db)
    assert len(before) == 5
    limit = db.stat().st_size + 64 * 1024  # a few pages more, then the disk is "full"

    def full_disk():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() fails with EFBIG instead of a signal
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    proc = crawl(tmp_path, demo_site, "--delay", "0", preexec_fn=full_disk)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode in (1, 3), err[-2000:]
    assert "Traceback" not in err and ("cannot run" in err or "full" in err.lower() or "large" in err.lower())
    assert before <= articles(db) and damage(db) == (0, 0)
    proc = crawl(tmp_path, demo_site, "--delay", "0")  # space again: the next run completes
    proc.communicate(timeout=120)
    assert len(articles(db)) == ARTICLES and damage(db) == (0, 0)


@pytest.mark.parametrize("how", ["garbage", "truncated", "zeroed-header"])
def test_h9_a_corrupt_archive_is_refused_and_left_unmodified(tmp_path, demo_site, how):
    db = tmp_path / "a.db"
    with Archive(db) as archive:
        for i in range(50):
            archive.store_article(article(i))
    data = db.read_bytes()
    broken = {
        "garbage": b"not a database at all " * 200,
        "truncated": data[: len(data) // 3],
        "zeroed-header": b"\0" * 100 + data[100:],
    }[how]
    db.write_bytes(broken)
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"a.db{suffix}").unlink(missing_ok=True)
    proc = crawl(tmp_path, demo_site, "--delay", "0")
    out, err = proc.communicate(timeout=60)
    if how == "truncated" and proc.returncode == 0:
        pytest.fail("a truncated archive was crawled into")
    assert proc.returncode == 3 and "cannot" in err and "Traceback" not in err
    assert db.read_bytes() == broken


def test_h9_a_read_only_archive_is_refused_unmodified(tmp_path, demo_site):
    db = tmp_path / "a.db"
    with Archive(db) as archive:
        archive.store_article(article(1))
    db.chmod(0o444)
    before = db.read_bytes()
    try:
        proc = crawl(tmp_path, demo_site, "--delay", "0")
        out, err = proc.communicate(timeout=60)
        if os.geteuid() == 0:
            pytest.skip("root writes to read-only files")
        assert proc.returncode == 3 and "Traceback" not in err
        assert db.read_bytes() == before
    finally:
        db.chmod(0o644)


def test_h9_readers_refuse_a_missing_archive_instead_of_creating_one(tmp_path):
    with pytest.raises(ArchiveError):
        connect_readonly(tmp_path / "nothing.db")
    assert not (tmp_path / "nothing.db").exists()


def test_h10_h12_recrawl_is_idempotent_and_sql_or_html_text_round_trips(tmp_path, demo_site):
    hostile = (
        'Robert\'); DROP TABLE articles;-- <script>alert(1)</script> "quoted" %_ \\ NEAR( * a OR '
        "&amp; &lt;b&gt; \u2028 line \U0001f600 end"
    )
    db = tmp_path / "a.db"
    with Archive(db) as archive:
        archive.store_article(article(1, hostile))
        archive.store_article(article(1, hostile))  # the same article again: no new version
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT body, version_count FROM articles").fetchall() == [(hostile, 1)]
    assert conn.execute("SELECT COUNT(*) FROM versions").fetchone()[0] == 1
    conn.close()
    for _ in range(2):  # and a whole re-crawl of the site
        proc = crawl(tmp_path, demo_site, "--delay", "0", "--refresh")
        proc.communicate(timeout=120)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*), SUM(version_count) FROM articles").fetchone() == (
        ARTICLES + 1,
        ARTICLES + 1,
    )
    conn.close()



def foreign_warc(path, records: int, *, gzipped: bool) -> list[int]:
    """A WARC of `records` HTML responses as any tool might write it (warcio); returns the record offsets."""
    offsets = []
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gzipped)
        for n in range(records):
            html = (
                f"<html><head><title>Harbour story {n}</title></head><body><article><h1>Story {n}</h1>"
                + "<p>The council met again about the ferry timetable and the evening crossings.</p>" * 8
                + "</article></body></html>"
            ).encode()
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            offsets.append(f.tell())
            record = writer.create_warc_record(
                f"https://news.example/2025/12/harbour-story-{n}",
                "response",
                payload=BytesIO(html),
                length=len(html),
                http_headers=http,
                warc_headers_dict={"WARC-Date": "2025-12-24T18:00:00Z"},
            )
            writer.write_record(record)
    return offsets


@pytest.mark.parametrize("gzipped", [False, True], ids=["warc", "warc.gz"])
def test_h13_a_torn_warc_import_then_the_complete_file_gives_every_article(tmp_path, gzipped, scorecard):
    """A copy cut anywhere inside its last record (WARC headers, HTTP headers, body, gzip trailer) imports
    the 39 whole records and reports the torn one in the same words every time; importing the complete
    file afterwards brings the 40th: nothing is marked imported before it was read whole."""
    full = tmp_path / ("full.warc.gz" if gzipped else "full.warc")
    offsets = foreign_warc(full, 40, gzipped=gzipped)
    data, last = full.read_bytes(), offsets[-1]
    size = len(data) - last
    messages = set()
    # the last cut: in the gzip member's trailer (the content may be all there, unchecked), or in a plain
    # file the last byte of the body (the four after it only separate records)
    end = len(data) - (3 if gzipped else 5)
    for cut in sorted({last + 10, last + size // 3, last + size * 2 // 3, end}):
        db, torn = tmp_path / f"cut{cut}.db", tmp_path / f"cut{cut}-{full.name}"
        torn.write_bytes(data[:cut])
        first = CliRunner().invoke(cli, ["import-warc", str(torn), "--db", str(db)])
        second = CliRunner().invoke(cli, ["import-warc", str(full), "--db", str(db)])
        scorecard.tried("H")
        assert first.exit_code == 1 and "39 new" in first.output and "1 torn" in first.output, first.output
        messages |= {line.split(": ", 1)[1] for line in first.output.splitlines() if "breaks off" in line}
        scorecard.add("torn_imports")
        scorecard.add("torn_whole", len(articles(db)) == 40)
        assert second.exit_code == 0 and "1 new, 39 already imported" in second.output, second.output
        assert len(articles(db)) == 40, cut
    assert len(messages) == 1, messages
