"""The cost of going beyond one machine, measured on this one: bench-crawl's 2,000-article loopback
site crawled by the single-machine crawler, then by `scraper cluster` with 1 and with 3 RQ workers
(a redis-server of its own, the ingest applying batches as they are committed), and the archive
reparsed on Dask with 1 and with 2 worker processes.

    python -m bench.cluster [--articles 500] [--slice-seconds 4] [--workers 1,3] [--dask 1,2]

The cluster's time runs from `cluster crawl` to the last batch applied to archive.db (so it includes
queueing, sealing, handing state from slice to slice and the ingest), its workers started and idle
beforehand; its pages/s is the articles stored over that time. The reparse's time is
`reparse(dask=...)` on a LocalCluster started beforehand, one thread per worker process. Last, a worker
is SIGKILLed mid-slice to time how soon another picks its shard up.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.crawl import ROOT, count, demo_sites, free_port, machine_busy

HOSTS = "127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
ARTICLES = "SELECT COUNT(*) FROM articles"


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


def timed(args: list[str], cwd: Path) -> tuple[float, float]:
    """Run a command: (wall seconds, the machine's busy CPU seconds meanwhile)."""
    busy, started = machine_busy(), time.monotonic()
    done = subprocess.run(args, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"bench: {' '.join(args[2:5])} failed:\n{done.stderr[-3000:]}")
    return time.monotonic() - started, machine_busy() - busy


def cluster_run(work: Path, redis_url: str, workers: int, slice_seconds: float, shards: int) -> dict:
    """A whole cluster crawl by `workers` workers that are up and idle beforehand, as a deployment's
    are (their start-up is not the crawl's): from `cluster crawl` queueing the round to the last batch
    applied by the ingest, which runs in a loop meanwhile, as it would from cron."""
    from redis import Redis
    from rq import Worker
    from rq.registry import FailedJobRegistry

    from scraper.cluster.coord import QUEUE
    from scraper.cluster.ingest import ingest
    from scraper.cluster.slices import busy
    from tests.cluster.crawling import stop_workers, wait_until
    from tests.cluster.crawling import workers as start_workers

    db = work / f"cluster-{workers}.db"
    shard_dir = work / f"shards-{workers}"
    logs = work / f"workers-{workers}"
    logs.mkdir()
    redis = Redis.from_url(redis_url)
    crew = start_workers(redis_url, workers, logs, burst=False, command="scraper")
    try:
        if not wait_until(lambda: len(Worker.all(connection=redis)) == workers, 120):
            raise SystemExit(f"bench: the workers did not come up; see {logs}")
        cpu, started = machine_busy(), time.monotonic()
        subprocess.run([sys.executable, "-m", "scraper", "cluster", "crawl", "--sites", "sites.toml",
                        "--redis", redis_url, "--shards", str(shards), "--slice-seconds", str(slice_seconds),
                        "--delay", "0", "--db", db.name, "--shard-dir", str(shard_dir), "--contact",
                        "https://example.org/bench"], cwd=work, env=ENV, check=True, capture_output=True)
        batches = 0
        while any(busy(redis, shard) for shard in range(shards)):
            batches += ingest(redis_url, db, shard_dir)[0]["batches"]
            time.sleep(0.5)
        batches += ingest(redis_url, db, shard_dir)[0]["batches"]
        wall, cpu = time.monotonic() - started, machine_busy() - cpu
        failed = FailedJobRegistry(QUEUE, connection=redis).count
    finally:
        stop_workers(crew)
        redis.close()
    if failed:
        raise SystemExit(f"bench: {failed} slices failed; see {logs}")
    return {"wall": wall, "cpu": cpu, "articles": count(db, ARTICLES), "batches": batches}


def recovery(work: Path, workers: int, slice_seconds: float) -> dict:
    """A worker and its work horse SIGKILLed while its slice fetches: the seconds until another worker
    has picked the shard up again and fetches from its hosts. The sites run in this process (their
    servers log every request) with a small delay, so a shard's work outlasts several slices."""
    import redis as redis_py

    from scraper.cluster.slices import HEARTBEAT_SECONDS, LEASE_SECONDS, MAINTENANCE_SECONDS
    from tests.cluster.crawling import LoggedSites, kill_a_slice_fetching, resumed, stop_workers, wait_until
    from tests.cluster.crawling import workers as start_workers
    from tests.harness.services import RedisServer

    hosts = HOSTS.split(",")
    sites = LoggedSites(hosts, 150, spreading_port(hosts, len(hosts)))
    directory = work / "recovery"
    directory.mkdir()
    try:
        with RedisServer(directory / "redis") as server:
            subprocess.run([sys.executable, "-m", "scraper", "cluster", "crawl", *sites.seeds, "--redis",
                            server.url, "--shards", str(len(hosts)), "--slice-seconds", str(slice_seconds),
                            "--delay", "0.05", "--db", "recovery.db", "--contact", "https://example.org/bench"],
                           cwd=directory, env=ENV, check=True, capture_output=True)
            crew = start_workers(server.url, workers, directory, burst=False, command="scraper")
            redis = redis_py.Redis.from_url(server.url)
            try:
                kill = kill_a_slice_fetching(redis, crew, sites, len(hosts))
                wait_until(lambda: resumed(sites, kill) is not None, 300, every=0.1)
            finally:
                stop_workers(crew)
                redis.close()
    finally:
        sites.stop()
    return {"seconds": resumed(sites, kill), "job": kill.job, "lease": LEASE_SECONDS,
            "heartbeat": HEARTBEAT_SECONDS, "maintenance": MAINTENANCE_SECONDS}


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


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=500, help="articles per host")
    parser.add_argument("--slice-seconds", type=float, default=4.0)
    parser.add_argument("--workers", default="1,3", help="RQ worker counts to measure")
    parser.add_argument("--dask", default="1,2", help="Dask worker counts for the reparse")
    args = parser.parse_args()
    from tests.harness.services import RedisServer

    hosts = HOSTS.split(",")
    shards = len(hosts)
    port = spreading_port(hosts, shards)
    work = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    total = args.articles * len(hosts)
    load = os.getloadavg()[0]
    with demo_sites(hosts, port, args.articles, work):
        print(f"bench-cluster: {total} articles on {len(hosts)} loopback hosts (port {port}) in {shards}"
              f" shards, delays off, slices of {args.slice_seconds:g} s; load average {load:.1f}; in {work}",
              flush=True)
        wall, cpu = timed([sys.executable, "-m", "scraper", "crawl", "--sites", "sites.toml", "--db",
                           "single.db", "--delay", "0", "--concurrency", str(len(hosts))], work)
        rows = [("single machine (scraper crawl)", wall, cpu, count(work / "single.db", ARTICLES), "")]
        for workers in map(int, args.workers.split(",")):
            with RedisServer(work / f"redis-{workers}") as redis:
                run = cluster_run(work, redis.url, workers, args.slice_seconds, shards)
            rows.append((f"cluster, {workers} worker{'s' * (workers > 1)} + ingest", run["wall"], run["cpu"],
                         run["articles"], f"{run['batches']} batches"))
    rates = {n: reparse_rate(work / "single.db", n) for n in map(int, args.dask.split(","))}
    killed = recovery(work, max(2, *map(int, args.workers.split(","))), args.slice_seconds)   # one survives

    single = total / rows[0][1]
    print(f"\n{'crawl, ' + str(total) + ' articles':<36}{'wall s':>8}{'pages/s':>9}{'vs single':>10}"
          f"{'CPU s':>8}{'articles':>9}")
    for label, wall, cpu, stored, note in rows:
        print(f"{label:<36}{wall:>8.1f}{total / wall:>9.1f}{total / wall / single:>9.2f}x{cpu:>8.1f}"
              f"{stored:>9}  {note}")
    pages = next(iter(rates.values()))["pages"]
    first = next(iter(rates.values()))["pages_per_s"]
    print(f"\n{'reparse on Dask, ' + str(pages) + ' pages':<36}{'wall s':>8}{'pages/s':>9}{'vs first':>10}")
    for workers, rate in rates.items():
        print(f"{str(workers) + ' worker process' + 'es' * (workers > 1):<36}{rate['wall']:>8.1f}"
              f"{rate['pages_per_s']:>9.1f}{rate['pages_per_s'] / first:>9.2f}x")
    later = "none within 300 s" if killed["seconds"] is None else f"{killed['seconds']:.1f} s"
    print(f"\nrecovery: a worker and its work horse SIGKILLed mid-slice ({killed['job']}) to the shard's next"
          f" request, from another worker: {later} (lease {killed['lease']:g} s, RQ heartbeat"
          f" {killed['heartbeat']:g} s, maintenance every {killed['maintenance']:g} s)")
    most = max(map(int, args.workers.split(",")))
    crawl_ratio = total / rows[-1][1] / single
    dask_ratio = list(rates.values())[-1]["pages_per_s"] / first
    print(f"targets: {most} workers >= 0.9x single: {crawl_ratio:.2f}x, {verdict(crawl_ratio >= 0.9)};"
          f" Dask {max(rates)} workers >= 1.8x of {min(rates)}: {dask_ratio:.2f}x,"
          f" {verdict(dask_ratio >= 1.8)}")
    print(f"load average at the start {load:.1f}, at the end {os.getloadavg()[0]:.1f} (1 minute)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
