"""`reparse --dask` and `import-warc --dask`: the per-file tasks of `--jobs N` on Dask workers, each
sealing a batch that this process alone applies, once, even when a worker dies mid-task."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scraper.demo import DemoSite, make_stories
from tests.harness.services import DaskProcesses

ROOT = Path(__file__).resolve().parents[2]
distributed = pytest.importorskip("distributed", reason="the cluster extra is not installed")


def foreign_warcs(directory: Path, files: int, per_file: int) -> list[Path]:
    """WARC files as another crawler writes them, `per_file` distinct articles each."""
    directory.mkdir(parents=True, exist_ok=True)
    now = datetime(2026, 3, 1, tzinfo=UTC)
    paths = []
    for n in range(files):
        site = DemoSite(f"https://news{n}.example", make_stories(per_file, seed=n + 1, now=now))
        path = directory / f"collection-{n}.warc.gz"
        with open(path, "wb") as f:
            writer = WARCWriter(f, gzip=True, warc_version="1.0")
            for story in site.stories:
                body = site.pages[story.path][0]
                http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                                   ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(
                    site.origin + story.path, "response", payload=BytesIO(body), length=len(body),
                    http_headers=http, warc_headers_dict={"WARC-Date": "2026-03-01T12:00:00Z"}))
        paths.append(path)
    return paths


def scraper(*args, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scraper", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def query(db: Path, sql: str):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def exactly_once(db: Path, expected: int) -> None:
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    assert query(db, "SELECT COUNT(*), COUNT(DISTINCT url) FROM articles") == [(expected, expected)]
    assert query(db, "SELECT COUNT(*) FROM versions") == [(expected,)], "no article stored twice"
    assert query(db, "SELECT COUNT(*), COUNT(DISTINCT url) FROM fetches WHERE kind = 'import'") == [
        (expected, expected)], "every capture logged once"
    assert query(db, "SELECT COUNT(*) FROM articles WHERE body IS NULL OR headline IS NULL") == [(0,)]


def test_import_and_reparse_on_dask_local_do_what_the_process_pool_does(tmp_path):
    files = foreign_warcs(tmp_path / "in", files=3, per_file=20)
    pool, dask = tmp_path / "pool.db", tmp_path / "dask.db"
    assert scraper("import-warc", *files, "--db", pool, "--jobs", "2").returncode == 0
    result = scraper("import-warc", *files, "--db", dask, "--dask", "local", "--jobs", "2")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.count("20 new") == 3
    columns = "url, headline, byline, published, body"
    assert query(pool, f"SELECT {columns} FROM articles ORDER BY url") == \
        query(dask, f"SELECT {columns} FROM articles ORDER BY url")
    exactly_once(dask, 60)
    result = scraper("reparse", "--db", dask, "--dask", "local", "--jobs", "2")
    assert (result.returncode, result.stdout.strip()) == (0, "reparse: 60 unchanged"), result.stderr[-2000:]
    assert not list((tmp_path / "dask-batches").glob("*.zip")), "applied batches are removed"


def test_a_dask_worker_killed_mid_task_costs_nothing_and_nothing_twice(tmp_path):
    per_file, files = 150, foreign_warcs(tmp_path / "in", files=4, per_file=150)
    db = tmp_path / "a.db"
    with DaskProcesses(workers=2) as dask, distributed.Client(dask.address) as client:
        importing = subprocess.Popen([sys.executable, "-m", "scraper", "import-warc", *map(str, files),
                                      "--db", str(db), "--dask", dask.address], cwd=ROOT,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        victim = client.run(os.getpid)[sorted(client.run(os.getpid))[0]]
        work = tmp_path / "a-batches"
        deadline = time.monotonic() + 120
        # both workers inside a task: each has its working directory (a file takes seconds to parse)
        while (len(list(work.glob(".work-*"))) < 2 and time.monotonic() < deadline
               and importing.poll() is None):
            time.sleep(0.02)
        assert len(list(work.glob(".work-*"))) >= 2, "the workers never ran two tasks at once"
        time.sleep(0.2)
        os.kill(victim, signal.SIGKILL)
        out, err = importing.communicate(timeout=300)
        assert importing.returncode == 0, err[-3000:]
        assert out.count(f"{per_file} new") == len(files), out
        assert any(work.glob(".work-*")), "the killed worker's task was cut short, its directory left"
        exactly_once(db, per_file * len(files))
        again = scraper("import-warc", *files, "--db", db, "--dask", dask.address)
    assert again.returncode == 0 and again.stdout.count(f"{per_file} already imported") == len(files)
    assert query(db, "SELECT COUNT(*) FROM ingested") == [(len(files),)]
    exactly_once(db, per_file * len(files))
