"""The cost of going beyond one machine, measured on this one: bench-crawl's 2,000-article loopback
site crawled by the single-machine crawler, then by `scraper cluster` with 1 and with 3 RQ workers
(a redis-server of its own, the ingest applying batches as they are committed), and the archive
reparsed on Dask with 1 and with 2 worker processes.

    python -m bench.cluster [--articles 500] [--slice-seconds 4] [--workers 1,3] [--dask 1,2]

The cluster's time runs from `cluster crawl` to the last batch applied to archive.db (so it includes
queueing, sealing, handing state from slice to slice and the ingest); its pages/s is the articles
stored over that time. The reparse's time is `reparse(dask=...)` on a LocalCluster started beforehand,
one thread per worker process.
"""
from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.crawl import ROOT, free_port, machine_busy, wait_for

HOSTS = "127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def spreading_port(hosts: list[str], shards: int) -> int:
    """A port free on every host at which the hosts' sites fall into every one of `shards` shards (the
    shard is a hash of host:port, so at some ports two hosts share a shard and one stays empty)."""
    from scraper.cluster.shards import shard_of, site_key
    from scraper.config import sites_from_seeds

    for _ in range(500):
        port = free_port(hosts[0])
        sites = sites_from_seeds([f"http://{host}:{port}/" for host in hosts])
        if {shard_of(site_key(site), shards) for site in sites} == set(range(shards)):
            return port
    raise RuntimeError("no port spreads the hosts over every shard")


def articles(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    finally:
        conn.close()


def timed(args: list[str], cwd: Path) -> tuple[float, float]:
    """Run a command: (wall seconds, the machine's busy CPU seconds meanwhile)."""
    busy, started = machine_busy(), time.monotonic()
    done = subprocess.run(args, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"bench: {' '.join(args[2:5])} failed:\n{done.stderr[-3000:]}")
    return time.monotonic() - started, machine_busy() - busy


def cluster_run(work: Path, redis_url: str, workers: int, slice_seconds: float, shards: int) -> dict:
    """A whole cluster crawl: queue the round, run `workers` burst workers, ingest as batches come."""
    from scraper.cluster.ingest import ingest

    db = work / f"cluster-{workers}.db"
    shard_dir = work / f"shards-{workers}"
    busy, started = machine_busy(), time.monotonic()
    subprocess.run([sys.executable, "-m", "scraper", "cluster", "crawl", "--sites", "sites.toml",
                    "--redis", redis_url, "--shards", str(shards), "--slice-seconds", str(slice_seconds),
                    "--delay", "0", "--db", db.name, "--shard-dir", str(shard_dir), "--contact",
                    "https://example.org/bench"], cwd=work, env=ENV, check=True, capture_output=True)
    crew = [subprocess.Popen([sys.executable, "-m", "scraper", "cluster", "worker", "--redis", redis_url,
                              "--burst"], cwd=work, env=ENV, stdout=subprocess.DEVNULL,
                             stderr=open(work / f"worker-{workers}-{n}.log", "w"))
            for n in range(workers)]
    batches = 0
    while any(worker.poll() is None for worker in crew):
        batches += ingest(redis_url, db, shard_dir)[0]["batches"]
        time.sleep(0.5)
    batches += ingest(redis_url, db, shard_dir)[0]["batches"]
    wall = time.monotonic() - started
    failed = [worker.returncode for worker in crew if worker.returncode]
    if failed:
        raise SystemExit(f"bench: a worker failed ({failed}); see {work}/worker-{workers}-*.log")
    return {"wall": wall, "cpu": machine_busy() - busy, "articles": articles(db), "batches": batches}


def reparse_rate(db: Path, workers: int) -> dict:
    """`reparse` through Dask workers: wall time of the reparse alone, the cluster already up."""
    from distributed import Client

    from scraper.reprocess import local_cluster, reparse

    with local_cluster(workers) as cluster, Client(cluster) as client:
        client.run(lambda: __import__("parsers").parse(b"<html><h1>warm</h1><p>up</p></html>"))
        started = time.monotonic()
        counts = reparse(db, dask=cluster.scheduler_address, jobs=workers)
        wall = time.monotonic() - started
    pages = sum(counts.values())
    return {"wall": wall, "pages": pages, "pages_per_s": pages / wall}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=500, help="articles per host")
    parser.add_argument("--slice-seconds", type=float, default=4.0)
    parser.add_argument("--workers", default="1,3", help="RQ worker counts to measure")
    parser.add_argument("--dask", default="1,2", help="Dask worker counts for the reparse")
    args = parser.parse_args()
    hosts = HOSTS.split(",")
    shards = len(hosts)
    port = spreading_port(hosts, shards)
    work = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    server = subprocess.Popen([sys.executable, "-m", "scraper.demo", "serve", "--hosts", HOSTS, "--port",
                               str(port), "--articles", str(args.articles)], cwd=work, env=ENV,
                              stdout=subprocess.DEVNULL)
    from tests.harness.services import RedisServer

    total = args.articles * len(hosts)
    load = os.getloadavg()[0]
    try:
        for host in hosts:
            wait_for(host, port)
        budget = args.articles * 2 + 50
        (work / "sites.toml").write_text("[defaults]\ndelay = 0\n" + "".join(
            f'[sites.host{i}]\nseeds = ["http://{h}:{port}/"]\nbudget = {budget}\n'
            for i, h in enumerate(hosts)))
        print(f"bench-cluster: {total} articles on {len(hosts)} loopback hosts (port {port}) in {shards}"
              f" shards, delays off, slices of {args.slice_seconds:g} s; load average {load:.1f}; in {work}",
              flush=True)
        rows = []
        wall, cpu = timed([sys.executable, "-m", "scraper", "crawl", "--sites", "sites.toml", "--db",
                           "single.db", "--delay", "0", "--concurrency", str(len(hosts))], work)
        single = total / wall
        rows.append(("single machine (scraper crawl)", wall, cpu, articles(work / "single.db"), ""))
        for workers in map(int, args.workers.split(",")):
            with RedisServer(work / f"redis-{workers}") as redis:
                run = cluster_run(work, redis.url, workers, args.slice_seconds, shards)
            rows.append((f"cluster, {workers} worker{'s' * (workers > 1)} + ingest", run["wall"], run["cpu"],
                         run["articles"], f"{run['batches']} batches"))
        print(f"{'crawl':<36}{'wall s':>8}{'pages/s':>9}{'vs single':>10}{'CPU s':>8}{'articles':>9}")
        for label, wall, cpu, stored, note in rows:
            print(f"{label:<36}{wall:>8.1f}{total / wall:>9.1f}{total / wall / single:>9.2f}x{cpu:>8.1f}"
                  f"{stored:>9}  {note}", flush=True)
        rates = {n: reparse_rate(work / "single.db", n) for n in map(int, args.dask.split(","))}
        first = next(iter(rates.values()))
        print(f"{'reparse on Dask':<36}{'wall s':>8}{'pages/s':>9}{'speed-up':>10}")
        for workers, rate in rates.items():
            print(f"{workers} worker process{'es' * (workers > 1):<25}{rate['wall']:>8.1f}"
                  f"{rate['pages_per_s']:>9.1f}{rate['pages_per_s'] / first['pages_per_s']:>9.2f}x")
        print(f"load average at the end {os.getloadavg()[0]:.1f} (at the start {load:.1f})")
    finally:
        server.terminate()
        server.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
