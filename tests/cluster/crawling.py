"""Helpers for the cluster crawl tests: generated news sites on 127.0.0.2 and up whose servers log every
request's start and end, `scraper cluster` commands in the network jail, and the checks on what the
sites saw."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from scraper.demo import serve

ROOT = Path(__file__).resolve().parents[2]
AGENT = ("--contact", "https://example.org/newsarchivebot")


@dataclass(frozen=True)
class Request:
    host: str
    path: str
    start: float
    end: float


class LoggedSites:
    """The demo news site on each host (in this process's threads), every request logged."""

    def __init__(self, hosts: list[str], articles: int, port: int):
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self.servers = serve(hosts, port, articles, on_request=self._log)
        self.port = port

    def _log(self, host: str, path: str, start: float, end: float) -> None:
        with self._lock:
            self.requests.append(Request(host, path, start, end))

    @property
    def seeds(self) -> list[str]:
        return [f"http://{s.server_address[0]}:{self.port}/" for s in self.servers]

    @property
    def articles(self) -> set[str]:
        return {f"http://{s.server_address[0]}:{self.port}{story.path}"
                for s in self.servers for story in s.RequestHandlerClass.site.stories}

    def stop(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()


def scraper(*args: str, cwd: Path, log: Path | None = None,
            command: str = "tests.reliability.jailed") -> subprocess.Popen:
    """`scraper ...` in the network jail (tests/reliability/jailed.py, or another `command` module), in a
    session of its own; its output piped, or with `log` written to that file (a long-running worker
    would fill a pipe)."""
    output = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE} if log is None else \
        {"stdout": open(log, "w"), "stderr": subprocess.STDOUT}
    try:
        return subprocess.Popen([sys.executable, "-m", command, *args], cwd=cwd,
                                env={**os.environ, "PYTHONPATH": str(ROOT)}, start_new_session=True,
                                text=True, **output)
    finally:
        if log is not None:
            output["stdout"].close()


def descendants(pid: int) -> set[int]:
    """The processes below `pid` (an RQ work horse leaves its worker's process group: setpgrp)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    parents[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, grew = set(), True
    while grew:
        more = {child for child, parent in parents.items() if parent in found | {pid}} - found
        found |= more
        grew = bool(more)
    return found


def kill_group(process: subprocess.Popen) -> None:
    """SIGKILL a process and everything below it at once (a worker and its work horse)."""
    for pid in {process.pid} | descendants(process.pid):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.communicate(timeout=30)


def impolite(requests: list[Request], delay: float) -> list[str]:
    """Every way the sites' log breaks politeness: two requests to a host at once, a gap between two
    requests to a host shorter than `delay`, a path robots.txt disallows."""
    problems = []
    by_host: dict[str, list[Request]] = defaultdict(list)
    for request in requests:
        by_host[request.host].append(request)
        if request.path.startswith("/private/"):
            problems.append(f"{request.host}{request.path}: disallowed by robots.txt")
    for host, seen in by_host.items():
        seen.sort(key=lambda r: r.start)
        for before, after in zip(seen, seen[1:], strict=False):
            if after.start < before.end:
                problems.append(f"{host}: {after.path} began before {before.path} ended")
            elif after.start - before.end < delay:
                problems.append(f"{host}: {after.start - before.end:.3f} s between {before.path} and"
                                f" {after.path}, under the {delay} s delay")
    return problems


def exactly_once(db: Path, articles: set[str]) -> None:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = [url for (url,) in conn.execute("SELECT url FROM articles")]
        assert sorted(stored) == sorted(articles), "every article of the sites, each once"
        versions = conn.execute("SELECT COUNT(*) FROM versions").fetchone()[0]
        assert versions == len(articles), "one version each"
        assert conn.execute("SELECT COUNT(*) = COUNT(DISTINCT url || ' ' || started_at) FROM fetches"
                            ).fetchone() == (1,), "no fetch logged twice"
        deferred = conn.execute("SELECT COUNT(*) FROM fetches WHERE outcome = 'deferred:run_deadline'")
        assert deferred.fetchone() == (0,), "a slice's deadline ends no run: what it left is due, unlogged"
        partial = conn.execute("SELECT COUNT(*) FROM articles WHERE headline IS NULL OR body IS NULL"
                               " OR version_count != 1").fetchone()[0]
        assert partial == 0
    finally:
        conn.close()


def hosts_of_shard(sites: LoggedSites, shard: int, shards: int) -> set[str]:
    from scraper.cluster.shards import shard_of, site_key
    from scraper.config import sites_from_seeds

    return {site.name.split(":")[0] for site in sites_from_seeds(sites.seeds)
            if shard_of(site_key(site), shards) == shard}


def is_article(path: str) -> bool:
    return path.count("/") > 3 and not path.startswith("/private/")


def workers(redis_url: str, count: int, cwd: Path, *, burst: bool, command: str = "tests.reliability.jailed"
            ) -> list[subprocess.Popen]:
    """`scraper cluster worker` processes named worker-0, worker-1, ..., each logging to worker-N.log."""
    return [scraper("cluster", "worker", "--redis", redis_url, "--name", f"worker-{n}",
                    *(["--burst"] if burst else []), cwd=cwd, log=cwd / f"worker-{n}.log", command=command)
            for n in range(count)]


def stop_workers(crew: list[subprocess.Popen]) -> None:
    """SIGTERM (RQ's warm shutdown: the slice in hand is finished), then SIGKILL what is still there."""
    for worker in crew:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
    for worker in crew:
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            kill_group(worker)


@dataclass(frozen=True)
class Kill:
    worker: str         # its RQ name
    job: str            # the slice it was running
    hosts: set[str]     # the hosts of that slice's shard
    at: float           # time.monotonic() once the worker and its work horse were dead


def kill_a_slice_fetching(redis, crew: list[subprocess.Popen], sites: LoggedSites, shards: int) -> Kill:
    """SIGKILL a worker and its work horse (crew from `workers`) while its slice is fetching its shard's
    articles."""
    from rq import Worker

    def running() -> dict[str, str]:
        return {w.name: w.get_current_job_id() for w in Worker.all(connection=redis)}   # read afresh
    for _ in range(20):
        assert wait_until(lambda: any(running().values()), 120), "no worker got busy"
        name, job = next((n, j) for n, j in running().items() if j)
        seen_at = time.monotonic()
        hosts = hosts_of_shard(sites, int(job.split("-")[2][1:]), shards)
        fetching = wait_until(lambda hosts=hosts, since=seen_at: sum(
            r.host in hosts and is_article(r.path) and r.start > since for r in sites.requests) >= 2,
            5, every=0.05)
        if fetching and running().get(name) == job:
            kill_group(crew[int(name.rsplit("-", 1)[1])])
            return Kill(name, job, hosts, time.monotonic())     # what starts later, another worker sent
    raise AssertionError("never caught a slice fetching articles")


def resumed(sites: LoggedSites, kill: Kill) -> float | None:
    """Seconds from the kill to the next request to the killed slice's shard (None: none yet)."""
    after = [r.start for r in sites.requests if r.host in kill.hosts and r.start > kill.at]
    return min(after) - kill.at if after else None


def wait_until(condition, timeout: float, every: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return condition()
