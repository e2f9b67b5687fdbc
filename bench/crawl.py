"""Crawl throughput end to end (fetch, raw capture, parse, store) on a generated loopback site,
beside what a user would build instead: a Scrapy spider extracting with trafilatura into SQLite.

    python -m bench.crawl [--articles 500] [--hosts 127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5]

The demo site (scraper/demo.py) runs in its own process on four loopback hosts. Each crawler runs
as a subprocess with politeness delays off; its wall time, CPU time and peak RSS are its own
(`os.wait4`). Our crawler runs three times: a first full crawl, a second run right after (nothing
is due yet; feeds and sitemaps answer 304), and a `--refresh` run that re-checks every article
(almost all 304s).
"""
from __future__ import annotations

import argparse
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def wait_for(host: str, port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection((host, port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"bench: the demo site did not come up on {host}:{port}")


@contextmanager
def demo_sites(hosts: list[str], port: int, articles: int, work: Path) -> Iterator[subprocess.Popen]:
    """The demo site with `articles` stories on each host, served by a process of its own, and a
    sites.toml in `work` naming each host as a site (delays off, a budget for every article plus the
    feeds and sitemaps, twice over)."""
    server = subprocess.Popen([sys.executable, "-m", "scraper.demo", "serve", "--hosts", ",".join(hosts),
                               "--port", str(port), "--articles", str(articles)], cwd=work,
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL)
    try:
        for host in hosts:
            wait_for(host, port)
        budget = articles * 2 + 50
        (work / "sites.toml").write_text("[defaults]\ndelay = 0\n" + "".join(
            f'[sites.host{i}]\nseeds = ["http://{h}:{port}/"]\nbudget = {budget}\n'
            for i, h in enumerate(hosts)))
        yield server
    finally:
        server.terminate()
        server.wait(10)


def free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


TICK = os.sysconf("SC_CLK_TCK")


def machine_busy() -> float:
    """CPU seconds all cores have spent busy since boot (/proc/stat)."""
    with open("/proc/stat") as f:
        user, nice, system, _idle, _iowait, irq, softirq, *_ = map(int, f.readline().split()[1:])
    return (user + nice + system + irq + softirq) / TICK


def stat_fields(pid: int) -> list[str]:
    """/proc/PID/stat after the command name (which may hold spaces): state, ppid, ..."""
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()


def process_cpu(pid: int) -> float:
    """CPU seconds of one live process (utime + stime)."""
    fields = stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / TICK


def tree_memory(root: int) -> int:
    """Memory of a process and all its descendants: the sum of their proportional set sizes (PSS:
    a page shared by n processes counts 1/n in each, so forked workers are not counted twice)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parents[int(entry)] = int(stat_fields(int(entry))[1])
            except (OSError, IndexError, ValueError):
                continue            # gone meanwhile
    tree, grew = {root}, True
    while grew:
        found = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= found
        grew = bool(found)
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                total += next((int(line.split()[1]) * 1024 for line in f if line.startswith("Pss:")), 0)
        except OSError:
            continue
    return total


def measure(args: list[str], cwd: Path, server_pid: int) -> dict:
    """Run a command; its wall time, CPU seconds and peak memory (MiB).

    The CPU figure is the whole machine's busy time during the run less the demo server's: it counts
    worker processes too (a parse worker forked by a forkserver is not the crawler's own child, so
    `wait4` would miss it). Run it on an otherwise idle machine. Memory is the peak RSS of the main
    process (`rss`) and the largest PSS sum over the process and its descendants seen by sampling every
    50 ms (`tree`)."""
    busy, served = machine_busy(), process_cpu(server_pid)
    started = time.monotonic()
    proc = subprocess.Popen(args, cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak, done = [0], threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            peak[0] = max(peak[0], tree_memory(proc.pid))
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - started
    cpu = machine_busy() - busy - (process_cpu(server_pid) - served)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"bench: {' '.join(args[:4])} failed ({proc.returncode}):\n{stderr[-3000:]}")
    return {"wall": wall, "cpu": cpu, "rss": usage.ru_maxrss / 1024,
            "tree": peak[0] / 2**20, "log": stderr}


def count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=500, help="articles per host")
    parser.add_argument("--hosts", default="127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5")
    parser.add_argument("--no-baseline", action="store_true", help="skip the Scrapy + trafilatura run")
    args = parser.parse_args()
    hosts = args.hosts.split(",")
    port = free_port(hosts[0])
    work = Path(tempfile.mkdtemp(prefix="bench-crawl-"))
    total = args.articles * len(hosts)
    with demo_sites(hosts, port, args.articles, work) as server:
        ours = [sys.executable, "-m", "scraper", "crawl", "--sites", "sites.toml", "--db", "bench.db",
                "--delay", "0", "--concurrency", str(len(hosts))]
        print(f"bench-crawl: {total} articles on {len(hosts)} loopback hosts (port {port}), delays off;"
              f" in {work}")
        rows = []
        runs = (("first run", []), ("second run (schedule)", []), ("second run --refresh", ["--refresh"]))
        for label, extra in runs:
            before = count(work / "bench.db", "SELECT COUNT(*) FROM fetches") if rows else 0
            m = measure(ours + extra, work, server.pid)
            fetched = count(work / "bench.db", "SELECT COUNT(*) FROM fetches") - before
            rows.append((label, m, fetched))
        stored = count(work / "bench.db", "SELECT COUNT(*) FROM articles")
        not_modified = [count(work / "bench.db", f"SELECT COUNT(*) FROM fetches WHERE run_id = {run}"
                                                 " AND outcome = 'not_modified'") for run in (2, 3)]
        print(f"{'':<26}{'wall s':>8}{'pages/s':>9}{'CPU s':>8}{'peak MiB':>9}{'all procs':>10}"
              f"{'requests':>9}")
        for label, m, fetched in rows:
            print(f"ours: {label:<20}{m['wall']:>8.1f}{total / m['wall']:>9.1f}{m['cpu']:>8.1f}"
                  f"{m['rss']:>9.0f}{m['tree']:>10.0f}{fetched:>9}")
        print(f"ours: {stored} articles stored; answers that were 304: second run {not_modified[0]} of"
              f" {rows[1][2]}, --refresh run {not_modified[1]} of {rows[2][2]}")
        first = rows[0][1]["wall"]
        for label, m, _ in rows[1:]:
            verdict = "ok" if m["wall"] < first / 10 else "NOT under a tenth"
            print(f"ours: {label} took {m['wall'] / first:.3f} of the first run ({verdict})")
        if not args.no_baseline:
            sitemaps = ",".join(f"http://{h}:{port}/robots.txt" for h in hosts)
            baseline = [sys.executable, "-m", "bench.scrapy_baseline", "--robots", sitemaps,
                        "--db", "scrapy.db"]
            m = measure(baseline, work, server.pid)
            got = count(work / "scrapy.db", "SELECT COUNT(*) FROM articles")
            print(f"scrapy+trafilatura:       {m['wall']:>8.1f}{total / m['wall']:>9.1f}{m['cpu']:>8.1f}"
                  f"{m['rss']:>9.0f}{m['tree']:>10.0f}   ({got} articles stored)")
            print(f"ratio: ours is {m['wall'] / first:.2f}x the baseline's speed (first run, wall time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
