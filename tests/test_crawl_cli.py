"""`scraper crawl` as cron runs it: a subprocess against a loopback demo site. The lock, signals,
kill -9 and resume, exit codes, and the `make demo` path."""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from scraper.demo import serve
from scraper.lock import exclusive, lock_path
from tests.conftest import ROOT

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.fixture
def demo_site():
    [server] = serve(["127.0.0.1"], 0, 40)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def crawl(tmp_path, *args, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "scraper", "crawl", *args, "--db", str(tmp_path / "a.db")],
                            cwd=tmp_path, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            **popen)


def articles(tmp_path) -> set[str]:
    conn = sqlite3.connect(tmp_path / "a.db")
    try:
        return {url for (url,) in conn.execute("SELECT url FROM articles")}
    except sqlite3.OperationalError:
        return set()        # killed before the schema was committed
    finally:
        conn.close()


def check_integrity(tmp_path) -> None:
    conn = sqlite3.connect(tmp_path / "a.db")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles'").fetchone():
            return          # killed before the first migration committed: an empty, valid file
        # every article has exactly the versions it counts: nothing half-written
        assert conn.execute("SELECT COUNT(*) FROM articles a WHERE version_count !="
                            " (SELECT COUNT(*) FROM versions v WHERE v.url = a.url)").fetchone()[0] == 0
    finally:
        conn.close()


def test_a_second_run_exits_at_once_while_the_lock_is_held_and_waits_with_wait(tmp_path, demo_site):
    with exclusive(lock_path(tmp_path / "a.db")):
        started = time.monotonic()
        busy = crawl(tmp_path, demo_site, "--delay", "0")
        out, err = busy.communicate(timeout=30)
        assert busy.returncode == 0 and time.monotonic() - started < 5
        assert "holds" in err and not (tmp_path / "a.db").exists()
        waiting = crawl(tmp_path, demo_site, "--delay", "0", "--wait")
        time.sleep(1.0)
        assert waiting.poll() is None          # still waiting for the lock
    out, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, err
    assert len(articles(tmp_path)) == 40


def test_a_killed_holder_leaves_no_stale_lock(tmp_path):
    with subprocess.Popen([sys.executable, "-c", "import time; from scraper.lock import exclusive\n"
                           f"with exclusive({str(tmp_path / 'a.db.lock')!r}):\n print('held', flush=True);"
                           " time.sleep(60)"], env=ENV, stdout=subprocess.PIPE, text=True) as holder:
        assert holder.stdout.readline().strip() == "held"
        holder.kill()
    started = time.monotonic()
    with exclusive(tmp_path / "a.db.lock"):
        assert time.monotonic() - started < 1


def test_sigterm_mid_crawl_finishes_cleanly_and_the_next_run_completes(tmp_path, demo_site):
    proc = crawl(tmp_path, demo_site, "--delay", "0.3")
    deadline = time.monotonic() + 30
    while len(articles(tmp_path)) < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
    proc.send_signal(signal.SIGTERM)
    started = time.monotonic()
    out, err = proc.communicate(timeout=30)
    assert time.monotonic() - started < 10
    assert "Traceback" not in err and "SIGTERM" in err
    got = articles(tmp_path)
    assert 0 < len(got) < 40
    check_integrity(tmp_path)
    conn = sqlite3.connect(tmp_path / "a.db")
    assert conn.execute("SELECT finished IS NOT NULL FROM runs").fetchall() == [(1,)]
    conn.close()
    proc = crawl(tmp_path, demo_site, "--delay", "0")
    proc.communicate(timeout=60)
    assert proc.returncode == 0 and len(articles(tmp_path)) == 40


def test_ctrl_c_on_a_terminal_stops_the_run_without_a_traceback_from_any_process(tmp_path, demo_site):
    # A terminal's Ctrl-C signals the whole process group: the crawler, the forkserver and the parse workers.
    proc = crawl(tmp_path, demo_site, "--delay", "0.3", "--parse-workers", "1", start_new_session=True)
    first_line = proc.stderr.readline()
    if "no contact set" in first_line:
        first_line = proc.stderr.readline()
    assert "reading robots.txt, feeds, sitemaps and seed pages" in first_line, "says what it does at once"
    deadline = time.monotonic() + 30
    while len(articles(tmp_path)) < 3 and time.monotonic() < deadline:    # pages parsed by the worker
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert "SIGINT" in err and "interrupted by a signal" in err
    assert 0 < len(articles(tmp_path)) < 40
    check_integrity(tmp_path)


@pytest.mark.parametrize("kills", [5, pytest.param(20, marks=pytest.mark.slow)])
def test_kill_9_mid_crawl_then_resume_loses_nothing(tmp_path, demo_site, kills):
    acknowledged: set[str] = set()
    rng = random.Random(kills)
    for kill_after in sorted(rng.uniform(0.6, 3.0) for _ in range(kills)):
        proc = crawl(tmp_path, demo_site, "--delay", "0.05")
        time.sleep(kill_after)
        proc.kill()
        proc.communicate()
        now = articles(tmp_path)
        assert acknowledged <= now           # nothing committed earlier was lost
        acknowledged = now
        check_integrity(tmp_path)
    proc = crawl(tmp_path, demo_site, "--delay", "0")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert acknowledged <= articles(tmp_path) and len(articles(tmp_path)) == 40
    check_integrity(tmp_path)


def test_config_errors_exit_2_and_name_the_problem(tmp_path):
    (tmp_path / "sites.toml").write_text("[sites.x]\nseeds = ['gopher://x.example/']\n")
    proc = crawl(tmp_path, "--sites", "sites.toml")
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 2 and "gopher://x.example/" in err and "Traceback" not in err


def test_an_unusable_archive_exits_3(tmp_path):
    (tmp_path / "a.db").write_bytes(b"this is not a database" * 100)
    proc = crawl(tmp_path, "http://127.0.0.1:9/")
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 3 and "cannot run" in err and "Traceback" not in err


def test_the_demo_crawls_and_prints_what_it_archived(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "scraper.demo", "--db", str(tmp_path / "demo.db"),
                           "--port", "0", "--articles", "8"],
                          cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "8 articles archived" in proc.stdout and "ok=" in proc.stdout


def test_nothing_to_crawl_is_a_usage_error(tmp_path):
    proc = crawl(tmp_path)          # no SEED, no --sites, and no sites.toml in the working directory
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 2 and "nothing to crawl" in err


def test_help_lists_every_option():
    proc = subprocess.run([sys.executable, "-m", "scraper", "crawl", "--help"], env=ENV, capture_output=True,
                          text=True, timeout=30)
    for option in ("--sites", "--db", "--max-pages", "--max-time", "--delay", "--concurrency", "--user-agent",
                   "--contact", "--refresh", "--wait"):
        assert option in proc.stdout
