"""`scraper cluster crawl | worker | ingest` on a real redis-server with three RQ workers: six hosts over
four shards over three workers, every host's requests logged by its server. The crawl is as polite as
one crawler, and every article reaches archive.db exactly once, whatever is killed along the way."""
from __future__ import annotations

import random
import sqlite3
from collections import Counter

import pytest

from bench.cluster import spreading_port
from tests.cluster.crawling import (
    AGENT,
    LoggedSites,
    exactly_once,
    impolite,
    is_article,
    kill_a_slice_fetching,
    kill_group,
    resumed,
    scraper,
    stop_workers,
    wait_until,
    workers,
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
    crew = workers(redis_server.url, WORKERS, tmp_path, burst=True)
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
    crew = workers(redis_server.url, WORKERS, tmp_path, burst=False)
    redis = redis_client.Redis.from_url(redis_server.url)
    try:
        kill = kill_a_slice_fetching(redis, crew, sites, SHARDS)
        log = (tmp_path / f"{kill.worker}.log").read_text().splitlines()
        jobs = [line for line in log if "(scraper-r" in line]
        assert jobs[-1].endswith(f"({kill.job})") and "Job OK" not in jobs[-1], \
            "the worker died inside that slice"
        from scraper.cluster.slices import busy

        def finished() -> bool:
            tips = [redis.get(f"scraper:shard:{k}:tip") for k in range(SHARDS)]
            return all(tip and b'"more": false' in tip for tip in tips) and \
                all(busy(redis, k) is None for k in range(SHARDS))
        assert wait_until(finished, 240, every=1), "the crawl did not finish after the kill"
    finally:
        stop_workers(crew)
        redis.close()
    done = ingest(tmp_path, redis_server)
    out, err = done.communicate(timeout=120)
    assert done.returncode == 0, err
    exactly_once(tmp_path / "a.db", sites.articles)
    ingest_again_applies_nothing(tmp_path, redis_server)
    assert impolite(sites.requests, DELAY) == [], "polite across the kill too"
    # The killed slice was redone from the shard's last committed state: what it had fetched was
    # fetched again, after a pause no longer than the lease and RQ's heartbeat and maintenance.
    again = Counter((r.host, r.path) for r in sites.requests if r.host in kill.hosts and is_article(r.path))
    assert any(n > 1 for n in again.values()), "the killed slice's articles were fetched again"
    pause = resumed(sites, kill)
    print(f"shard of {kill.job}: resumed {pause:.1f} s after the kill")
    assert pause < 120
