"""`scraper cluster crawl | worker | ingest` on a real redis-server with three RQ workers: six hosts over
four shards over three workers, every host's requests logged by its server. The crawl is as polite as
one crawler, and every article reaches archive.db exactly once, whatever is killed along the way."""
from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import time
from collections import Counter

import pytest

from bench.cluster import spreading_port
from tests.cluster.crawling import (
    AGENT,
    LoggedSites,
    exactly_once,
    impolite,
    kill_group,
    scraper,
    wait_until,
)

redis_client = pytest.importorskip("redis", reason="the cluster extra is not installed")

HOSTS = [f"127.0.0.{n}" for n in range(2, 8)]        # hosts > shards > workers
SHARDS, WORKERS = 4, 3
DELAY = 0.25


@pytest.fixture
def sites():
    logged = LoggedSites(HOSTS, 20, spreading_port(HOSTS, SHARDS))
    yield logged
    logged.stop()


def start_round(tmp_path, redis_server, sites, slice_seconds: float = 3):
    started = scraper("cluster", "crawl", *sites.seeds, "--redis", redis_server.url, "--shards", str(SHARDS),
                      "--slice-seconds", str(slice_seconds), "--delay", str(DELAY), "--db", "a.db", *AGENT,
                      cwd=tmp_path)
    out, err = started.communicate(timeout=60)
    assert started.returncode == 0, err
    assert f"{SHARDS} shards queued" in out


def hosts_of_shard(sites, shard: int) -> set[str]:
    from scraper.cluster.shards import shard_of, site_key
    from scraper.config import sites_from_seeds

    return {site.name.split(":")[0] for site in sites_from_seeds(sites.seeds)
            if shard_of(site_key(site), SHARDS) == shard}


def is_article(path: str) -> bool:
    return path.count("/") > 3 and not path.startswith("/private/")


def workers(tmp_path, redis_server, *, burst: bool):
    return [scraper("cluster", "worker", "--redis", redis_server.url, "--name", f"worker-{n}",
                    *(["--burst"] if burst else []), cwd=tmp_path, log=tmp_path / f"worker-{n}.log")
            for n in range(WORKERS)]


def ingest(tmp_path, redis_server):
    return scraper("cluster", "ingest", "--redis", redis_server.url, "--db", "a.db", cwd=tmp_path)


def ingested(db) -> set[str]:
    """The batches archive.db says it applied (the ledger, and the runs that applying them logged)."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        ledger = {name for (name,) in conn.execute("SELECT batch FROM ingested")}
        runs = {name for (name,) in conn.execute("SELECT json_extract(arguments, '$.batch') FROM runs")}
        assert ledger == runs - {None}, "a batch's run is logged with its ledger row, never without"
        return ledger
    finally:
        conn.close()


def ingest_again_applies_nothing(tmp_path, redis_server) -> None:
    again = ingest(tmp_path, redis_server)
    out, err = again.communicate(timeout=60)
    assert again.returncode == 0 and out.strip().endswith("ingest: 0 batches; 0 new, 0 updated, 0 unchanged"
                                                          " articles; 0 other fetches"), out + err
    assert not list((tmp_path / "a-shards" / "batches").glob("*.zip")), "applied batches are removed"


def test_three_workers_crawl_politely_and_a_killed_ingest_still_applies_everything_once(
        tmp_path, redis_server, sites):
    start_round(tmp_path, redis_server, sites)
    crew = workers(tmp_path, redis_server, burst=True)
    for n, worker in enumerate(crew):
        worker.wait(timeout=300)
        log = (tmp_path / f"worker-{n}.log").read_text()
        assert worker.returncode == 0 and "Traceback" not in log, log[-3000:]
    assert impolite(sites.requests, DELAY) == []
    robots = Counter(r.host for r in sites.requests if r.path == "/robots.txt")
    assert robots == {host: 1 for host in HOSTS}, "robots.txt read once per host, carried across slices"
    slices = len(list((tmp_path / "a-shards" / "batches").glob("*.zip")))
    assert slices > SHARDS, "the shards' work was cut into several slices each"

    # The ingest SIGKILLed inside a batch's transaction (stopped at a random one of the archive writes
    # it replays), a few times, then run to the end: the batch it was in is not half applied.
    rng, kills = random.Random(15), 0
    for _ in range(4):
        running = scraper(str(rng.randint(1, 60)), "--redis", redis_server.url, "--db", "a.db", cwd=tmp_path,
                          command="tests.cluster.stalled_ingest")
        stalled = next((line.split()[-1] for line in running.stdout if line.startswith("stalled in ")), None)
        if stalled is None:                             # it applied all that was left
            running.communicate(timeout=120)
            break
        kill_group(running)
        kills += 1
        assert stalled not in ingested(tmp_path / "a.db"), "the batch it was killed in left no trace"
    running = ingest(tmp_path, redis_server)
    out, err = running.communicate(timeout=120)
    assert running.returncode == 0, err
    assert kills >= 2, "the ingest was killed mid-batch less than twice: make the sites bigger"
    exactly_once(tmp_path / "a.db", sites.articles)
    assert len(ingested(tmp_path / "a.db")) == slices
    ingest_again_applies_nothing(tmp_path, redis_server)


def test_a_worker_killed_mid_slice_costs_only_its_slice(tmp_path, redis_server, sites):
    start_round(tmp_path, redis_server, sites)
    crew = workers(tmp_path, redis_server, burst=False)
    redis = redis_client.Redis.from_url(redis_server.url)
    from rq import Worker

    try:
        # Kill a worker and its work horse while its slice is fetching its shard's articles.
        def running() -> dict[str, str]:
            return {w.name: w.get_current_job_id() for w in Worker.all(connection=redis)}   # read afresh
        for _ in range(20):
            assert wait_until(lambda: any(running().values()), 120), "no worker got busy"
            name, killed_job = next((n, j) for n, j in running().items() if j)
            seen_at = time.monotonic()
            hosts = hosts_of_shard(sites, int(killed_job.split("-")[2][1:]))
            fetching = wait_until(lambda hosts=hosts, since=seen_at: sum(
                r.host in hosts and is_article(r.path) and r.start > since for r in sites.requests) >= 2,
                5, every=0.05)
            if fetching and running().get(name) == killed_job:
                break
        else:
            pytest.fail("never caught a slice fetching articles")
        victim = crew[int(name.rsplit("-", 1)[1])]
        killed_at = time.monotonic()
        kill_group(victim)
        jobs = [line for line in (tmp_path / f"{name}.log").read_text().splitlines() if "(scraper-r" in line]
        assert jobs[-1].endswith(f"({killed_job})") and "Job OK" not in jobs[-1], \
            "the worker died inside that slice"
        from scraper.cluster.slices import busy

        def finished() -> bool:
            tips = [redis.get(f"scraper:shard:{k}:tip") for k in range(SHARDS)]
            return all(tip and b'"more": false' in tip for tip in tips) and \
                all(busy(redis, k) is None for k in range(SHARDS))
        assert wait_until(finished, 240, every=1), "the crawl did not finish after the kill"
    finally:
        for worker in crew:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
        for worker in crew:
            try:
                worker.wait(timeout=60)
            except subprocess.TimeoutExpired:
                kill_group(worker)
        redis.close()
    done = ingest(tmp_path, redis_server)
    out, err = done.communicate(timeout=120)
    assert done.returncode == 0, err
    exactly_once(tmp_path / "a.db", sites.articles)
    ingest_again_applies_nothing(tmp_path, redis_server)
    assert impolite(sites.requests, DELAY) == [], "polite across the kill too"
    # The killed slice was redone from the shard's last committed state: what it had fetched was
    # fetched again, after a pause no longer than the lease and RQ's heartbeat and maintenance.
    again = Counter((r.host, r.path) for r in sites.requests if r.host in hosts and is_article(r.path))
    assert any(n > 1 for n in again.values()), "the killed slice's articles were fetched again"
    resumed = min(r.start for r in sites.requests if r.host in hosts and r.start > killed_at)
    print(f"shard of {killed_job}: resumed {resumed - killed_at:.1f} s after the kill")
    assert resumed - killed_at < 120
