"""Parsing in worker processes: the same articles as in-process parsing, a time limit per page, and a
run that survives a worker that hangs or dies."""
from __future__ import annotations

import asyncio
import pickle
import subprocess
import sys
import time

from parsers import parse
from scraper.parsepool import ParsePool, default_workers
from tests.parse_faults import SLOW_SECONDS, faulty_parse

STORY = ("<html><head><title>{t}</title></head><body><article><h1>{t}</h1>"
         "<p class='byline'>By Ada Lovelace</p><time datetime='2024-05-07T09:00:00Z'>7 May 2024</time>"
         + "<p>" + "Council members met on Tuesday to argue about the ferry timetable again. " * 8 + "</p>"
         "<p>{extra} " + "Residents asked for more evening crossings and a cheaper monthly pass. " * 8
         + "</p></article></body></html>")


URL = "https://news.example.com/a/ferry"


def page(title: str, extra: str = "") -> bytes:
    return STORY.format(t=title, extra=extra).encode()


def run(coro):
    return asyncio.run(coro)


def test_a_worker_parses_a_page_exactly_as_the_calling_process_does():
    async def go():
        pool = ParsePool(1)
        try:
            return await pool.parse(page("Ferry timetable row"), URL, None, None)
        finally:
            pool.close()
    article, outcome, error = run(go())
    assert (outcome, error) == ("ok", None)
    assert article == parse(page("Ferry timetable row"), url=URL)
    assert article.headline == "Ferry timetable row" and article.authors == ["Ada Lovelace"]


def test_a_named_parser_is_used_in_the_worker():
    async def go():
        pool = ParsePool(1)
        try:
            return await pool.parse(page("Named"), "https://news.example.com/a/named", None, "generic")
        finally:
            pool.close()
    article, outcome, _ = run(go())
    assert outcome == "ok" and article.parser == "generic"


def test_a_page_that_hangs_its_parser_is_cut_off_and_the_next_page_parses():
    async def go():
        pool = ParsePool(1, timeout=1.0, function=faulty_parse)
        try:
            started = time.monotonic()
            hung = await pool.parse(page("Stuck", "HANG"), "https://news.example.com/a/stuck", None, None)
            waited = time.monotonic() - started
            fine = await pool.parse(page("Fine ferry news"), "https://news.example.com/a/fine", None, None)
            return hung, waited, fine
        finally:
            pool.close()
    (article, outcome, error), waited, (fine, fine_outcome, _) = run(go())
    assert article is None and outcome == "parse:timeout" and "over 1 s" in error
    assert waited < 10
    assert fine_outcome == "ok" and fine.headline == "Fine ferry news"


def test_a_page_queued_behind_a_slow_one_gets_its_whole_time_limit():
    """Pages wait in the worker's queue, but a page's clock starts when its parsing does: two slow pages
    in a row each take most of the limit, together far more than it."""
    async def go():
        pool = ParsePool(1, timeout=SLOW_SECONDS * 1.75, function=faulty_parse)
        try:
            slow = [page(f"Slow story {i}", "SLOW") for i in range(2)]
            return await asyncio.gather(*(pool.parse(body, f"{URL}/{i}", None, None)
                                          for i, body in enumerate(slow)))
        finally:
            pool.close()
    assert [outcome for _, outcome, _ in run(go())] == ["ok", "ok"]


def test_a_worker_that_dies_costs_only_its_page():
    async def go():
        pool = ParsePool(1, function=faulty_parse)
        try:
            pages = [page("Story number one"), page("Boom", "CRASH"), page("Story number three")]
            return await asyncio.gather(*(pool.parse(p, f"https://news.example.com/a/{i}", None, None)
                                          for i, p in enumerate(pages)))
        finally:
            pool.close()
    results = run(go())
    assert [outcome for _, outcome, _ in results] == ["ok", "parse:failed", "ok"]
    assert "died" in results[1][2]
    assert [a.headline for a, _, _ in (results[0], results[2])] == ["Story number one", "Story number three"]


def test_a_parser_exception_is_parse_failed_with_its_message():
    async def go():
        pool = ParsePool(1)
        try:
            return await pool.parse(b"<html></html>", "https://news.example.com/a/x", None, "no.such/parser")
        finally:
            pool.close()
    article, outcome, error = run(go())
    assert article is None and outcome == "parse:failed" and "KeyError" in error


def test_without_workers_pages_parse_in_the_calling_process():
    pool = ParsePool(0, function=faulty_parse)
    article, outcome, _ = run(pool.parse(page("Parsed in this process"), URL, None, None))
    assert outcome == "ok" and article.headline == "Parsed in this process"
    assert pool._executor is None


def test_the_default_leaves_a_core_for_fetching_and_storing(monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 1)
    assert default_workers() == 1
    monkeypatch.setattr("os.cpu_count", lambda: 2)      # the crawler's process leaves gaps a second fills
    assert default_workers() == 2
    monkeypatch.setattr("os.cpu_count", lambda: 4)
    assert default_workers() == 3
    monkeypatch.setattr("os.cpu_count", lambda: 32)
    assert default_workers() == 4


CRAWLER = """
import asyncio, sys
from scraper.parsepool import ParsePool

async def main():
    pool = ParsePool(1)
    await pool.parse(b"<html><body><h1>Still here today</h1><p>text</p></body></html>", "https://a.example/x",
                     None, None)
    print(*[p.pid for p in pool._executor._processes.values()], flush=True)
    await asyncio.sleep(600)

asyncio.run(main())
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_workers_exit_when_the_crawler_is_killed(tmp_path):
    """kill -9 of the crawler must not leave parse workers (and their forkserver) behind."""
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    crawler = subprocess.Popen([sys.executable, "-c", CRAWLER], cwd=tmp_path, stdout=subprocess.PIPE,
                               text=True, env={**os.environ, "PYTHONPATH": str(root)})
    try:
        workers = [int(pid) for pid in crawler.stdout.readline().split()]
        assert workers and all(map(_alive, workers))
    finally:
        crawler.send_signal(signal.SIGKILL)
        crawler.wait()
    deadline = time.monotonic() + 10
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(_alive, workers))
    with crawler.stdout:
        assert crawler.stdout.read() == ""  # and nothing holds the crawler's output open any more


def test_without_working_worker_processes_pages_are_parsed_in_process(monkeypatch):
    def no_processes(*args, **kwargs):
        raise OSError(38, "Function not implemented")      # as sem_open fails in some sandboxes
    monkeypatch.setattr("scraper.parsepool.ProcessPoolExecutor", no_processes)

    async def go():
        pool = ParsePool(2)
        try:
            first = await pool.parse(page("First story in process"), URL, None, None)
            second = await pool.parse(page("Second story in process"), URL, None, None)
            return pool, first, second
        finally:
            pool.close()
    pool, (first, outcome, _), (second, outcome2, _) = run(go())
    assert (outcome, outcome2) == ("ok", "ok")
    assert [first.headline, second.headline] == ["First story in process", "Second story in process"]
    assert pool.workers == 0


def test_a_process_that_only_receives_articles_does_not_load_the_parsers():
    """The crawler's main process unpickles the articles its workers parsed: that must not import the
    parsers themselves (half a second of its CPU on every run)."""
    received = pickle.dumps(parse(page("Received"), url=URL))
    code = ("import pickle, sys; article = pickle.loads(sys.stdin.buffer.read());"
            " print(article.headline, sorted(m for m in sys.modules if m.startswith('parsers.')))")
    out = subprocess.run([sys.executable, "-c", code], input=received, capture_output=True, check=True).stdout
    assert out.decode().split(" ", 1) == ["Received", "['parsers.article']\n"]
