"""One slice of one shard, as an RQ job: the unchanged crawl loop over the shard's sites for at most
`max_time` seconds, then its output sealed and committed, and the next slice enqueued if work is left.

    take the shard's lease (a Redis key with a TTL, renewed every third of it while the slice runs)
    copy the shard's state (its own archive: frontier, articles) from the last committed slice
    take over its hosts' state (clocks, robots.txt, budget, breaker, Retry-After) from Redis
    run Crawl on a JournalArchive of that copy, WARC files into a local directory
    seal the batch (the journal's ops and the WARC files) and the new state, each one file
    commit: tip, carried host state and batch name in one Lua script, only while holding the lease
    enqueue slice n+1 when the slice ran out of time (a unique job id: enqueuing twice is harmless)

At most one slice of a shard runs at a time: RQ's RateLimit (one per shard key) and unique job ids
keep a second job of the shard from starting, and the lease is the backstop (a job that finds it held
waits; a job that loses it stops and commits nothing). A worker killed mid-slice loses that slice:
its lease expires, RQ's maintenance finds the job abandoned and runs it again (Retry), and the retry
starts from the last committed state, where the URLs not fetched are still due. A slice's state and
batch files have names of their own (the attempt's token), so a dead attempt never overwrites a live one.
"""
from __future__ import annotations

import asyncio
import io
import logging
import os
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

from redis.exceptions import RedisError

from .. import batch
from ..config import Site
from ..crawl import Crawl, Options, Progress, fetcher_for
from .coord import QUEUE, Shard, connect
from .journal import JournalArchive

log = logging.getLogger("scraper.cluster")

LEASE_SECONDS = 15.0
# A slice finishes the pages in hand after its deadline; RQ kills a job only well past that.
JOB_SLACK = 600
# An abandoned slice is run again this many times before RQ marks it failed (the next `cluster crawl`
# then starts the shard's chain afresh).
RETRIES = 20
# RQ: how often the worker checks its work horse and renews the job's heartbeat, how long a heartbeat
# lasts, and how often a worker looks for jobs whose heartbeat ran out (abandoned by a dead worker).
# Maintenance runs between jobs and between waits for one, and an idle worker waits worker_ttl - 15 s
# in Redis for a job: RQ's defaults (30 s, +60 s, 10 min, a 405 s wait) leave a dead worker's slice
# waiting over ten minutes; these pick it up again in about 20 s.
MONITOR_SECONDS = 5
HEARTBEAT_SECONDS = 15
MAINTENANCE_SECONDS = 5
WORKER_TTL = MAINTENANCE_SECONDS + 15
# Only one worker cleans the registries at a time, under a lock RQ keeps for 899 s: a worker that died
# while cleaning would hold every other worker's clean-up (and so the pick-up of abandoned slices) for
# 15 minutes. Cleaning takes milliseconds.
MAINTENANCE_LOCK_SECONDS = 60


@dataclass(frozen=True)
class SliceJob:
    redis_url: str
    shard: int
    round: int
    slice: int
    sites: tuple[Site, ...]
    options: Options            # the crawl's options; max_time is the slice's length
    shard_dir: str
    lease_seconds: float = LEASE_SECONDS

    @property
    def job_id(self) -> str:
        return f"scraper-r{self.round}-s{self.shard}-n{self.slice}"

    def after(self, tip: dict | None) -> bool:
        """Whether a committed tip already covers this slice (an earlier attempt committed it)."""
        return tip is not None and (tip["round"], tip["slice"]) >= (self.round, self.slice)

    @property
    def state_dir(self) -> Path:
        return Path(self.shard_dir) / "state" / f"shard-{self.shard:04d}"

    @property
    def batch_dir(self) -> Path:
        return Path(self.shard_dir) / "batches"


def enqueue(redis, job: SliceJob) -> None:
    """Queue a slice; at most one job of a shard runs at a time (RQ's RateLimit, keyed by shard). A
    slice's job id names it, and an existing job is not queued again (RQ refuses `unique=True` with a
    rate limit; should two enqueue it at once, the second run finds the slice committed: a no-op)."""
    from rq import Queue, RateLimit, Retry
    from rq.job import Job

    if not Job.exists(job.job_id, connection=redis):
        Queue(QUEUE, connection=redis).enqueue(
            run_slice, job, job_id=job.job_id, retry=Retry(max=RETRIES),
            rate_limit=RateLimit(f"scraper-shard-{job.shard}", 1),
            job_timeout=int((job.options.max_time or 0) + JOB_SLACK), result_ttl=24 * 3600,
            description=f"shard {job.shard}, round {job.round}, slice {job.slice}")
    redis.set(Shard(redis, job.shard).job_key, job.job_id)


def busy(redis, shard: int) -> str | None:
    """The shard's latest slice job if it is still queued or running (a round outlasting the cron
    interval), else None: a failed or finished chain lets the next round start the shard again."""
    from rq.exceptions import NoSuchJobError
    from rq.job import Job, JobStatus

    job_id = redis.get(Shard(redis, shard).job_key)
    if job_id is None:
        return None
    try:
        status = Job.fetch(job_id.decode(), connection=redis).get_status()
    except NoSuchJobError:
        return None
    waiting = (JobStatus.QUEUED, JobStatus.STARTED, JobStatus.DEFERRED, JobStatus.SCHEDULED,
               JobStatus.RATE_LIMITED)
    return f"{job_id.decode()} ({status.value})" if status in waiting else None


def run_slice(job: SliceJob) -> str:
    """The RQ job. Returns what it did, for RQ's result."""
    redis = connect(job.redis_url)
    shard = Shard(redis, job.shard)
    token = uuid.uuid4().hex
    try:
        while not shard.acquire(token, job.lease_seconds):
            if job.after(shard.tip()):
                break
            time.sleep(1)           # another attempt holds the shard: it commits, or its lease runs out
        tip = shard.tip()
        if job.after(tip):          # committed by an earlier attempt that died before enqueuing the next
            if (tip["round"], tip["slice"]) == (job.round, job.slice) and tip.get("more"):
                enqueue(redis, replace(job, slice=job.slice + 1))
            return f"slice {job.slice} of shard {job.shard} was committed before"
        return _run(job, shard, token, tip)
    finally:
        shard.release(token)
        redis.close()


def _run(job: SliceJob, shard: Shard, token: str, tip: dict | None) -> str:
    carried = shard.carried()
    same_run = carried.get("round") == job.round
    after_crash = bool(carried) and not carried.get("committed")
    work = Path(tempfile.mkdtemp(prefix=f"scraper-shard{job.shard}-"))
    try:
        db = work / "shard.db"
        if tip is not None:
            shutil.copyfile(job.state_dir / tip["state"], db)
        fetchers = {}

        def make_fetcher(site: Site):
            fetcher = fetcher_for(site, job.options)
            fetcher.take_over(carried.get("sites", {}).get(site.name, {}), same_run=same_run,
                              after_crash=after_crash)
            fetchers[site.name] = fetcher
            return fetcher

        def carry(committed: bool) -> dict:
            sites = {**carried.get("sites", {}), **{name: f.carry_over() for name, f in fetchers.items()}}
            return {"round": job.round, "committed": committed, "saved_at": time.time(), "sites": sites}

        with JournalArchive(db) as archive:
            options = replace(job.options, discover=job.slice == 0, log_deadline=False)
            crawl = Crawl(archive, list(job.sites), options, warc_dir=work / "warc",
                          make_fetcher=make_fetcher, progress=Progress(False, io.StringIO()))
            code, lost = asyncio.run(_crawl_holding(crawl, shard, token, job.lease_seconds, carry))
            if lost:
                return f"shard {job.shard} slice {job.slice}: lost the lease; nothing committed"
            more = crawl.remaining() == 0.0 or crawl.interrupted
            archive.prune()
            ops = archive.ops
        name = f"crawl-r{job.round:06d}-s{job.shard:04d}-n{job.slice:06d}-{token[:8]}"
        meta = {"kind": "cluster-crawl", "exit_code": code,
                "arguments": {"shard": job.shard, "round": job.round, "slice": job.slice,
                              "sites": [site.name for site in job.sites]}}
        sealed = batch.seal(job.batch_dir, name, meta, ops, sorted((work / "warc").glob("*.warc.gz")))
        state = f"r{job.round:06d}-n{job.slice:06d}-{token[:8]}.db"
        _seal_copy(db, job.state_dir / state)
        tip = {"round": job.round, "slice": job.slice, "state": state, "more": more, "batch": name}
        if not shard.commit(token, carry(committed=True), tip, name):
            sealed.unlink(missing_ok=True)
            (job.state_dir / state).unlink(missing_ok=True)
            return f"shard {job.shard} slice {job.slice}: lost the lease before committing; nothing committed"
        for old in job.state_dir.iterdir():       # superseded states, and those of attempts that died
            if old.name != state:
                old.unlink(missing_ok=True)
        if more:
            enqueue(shard.redis, replace(job, slice=job.slice + 1))
        return f"shard {job.shard} slice {job.slice}: {len(ops)} records in {name}, more: {more}"
    finally:
        shutil.rmtree(work, ignore_errors=True)


async def _crawl_holding(crawl: Crawl, shard: Shard, token: str, ttl: float, carry) -> tuple[int, bool]:
    """Run the crawl while renewing the lease and checkpointing the hosts' state every third of the
    TTL. Losing the lease stops the crawl after the pages in hand; (exit code, lost)."""
    lost = False

    async def keep() -> None:
        nonlocal lost
        while True:
            await asyncio.sleep(ttl / 3)
            state = carry(committed=False)      # read on the event loop, where the fetchers change it
            try:
                held = await asyncio.to_thread(shard.renew, token, ttl)
                if held:
                    held = await asyncio.to_thread(shard.commit, token, state)
            except RedisError as e:         # Redis unreachable: the lease may run out unseen
                log.warning("cluster: shard %d: Redis: %s", shard.number, e)
                held = False
            if not held:
                log.warning("cluster: shard %d: lease lost; stopping without committing", shard.number)
                lost = True
                crawl.stop.set()
                return

    keeper = asyncio.create_task(keep())
    try:
        code = await crawl.run()
    finally:
        keeper.cancel()
    return code, lost


def _seal_copy(source: Path, target: Path) -> None:
    """Copy under a temporary name, fsync, rename: the target is whole or absent."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    with open(source, "rb") as src, open(temporary, "wb") as out:
        shutil.copyfileobj(src, out, 1 << 20)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, target)
    batch.fsync_directory(target.parent)


# ---------------------------------------------------------------------------------------- the worker

def _warm_up() -> None:
    """Load, once in the worker, what every slice loads on first use: RQ runs each slice in a work
    horse forked from the worker, which inherits it all instead of loading it again. The parsers and
    their caches, the asyncio backend httpcore imports at the first request, and the TLS roots cost a
    slice about a second of CPU on a busy machine: a quarter of a 4 s slice (bench-cluster: 3 workers
    from 0.38x to 1.13x the single-machine crawler's pages/s)."""
    import anyio

    from ..fetch import default_ssl_context
    from ..parsepool import parse_page

    parse_page(b"<html><h1>Warm</h1><p>up</p></html>", "http://127.0.0.1/warm-up", None, None)
    anyio.run(anyio.sleep, 0)
    default_ssl_context()


def worker(redis_url: str, *, burst: bool = False, name: str | None = None) -> bool:
    """`scraper cluster worker`: an RQ worker on the crawl's queue, configured so that a slice whose
    worker died is picked up again within about HEARTBEAT_SECONDS + MAINTENANCE_SECONDS."""
    from rq import Queue, Worker

    class SliceQueue(Queue):
        def acquire_maintenance_lock(self) -> bool:
            return bool(self.connection.set(self.registry_cleaning_key, 1, nx=True,
                                            ex=MAINTENANCE_LOCK_SECONDS))

    class SliceWorker(Worker):
        queue_class = SliceQueue

        def get_heartbeat_ttl(self, job, working_time: float = 0.0) -> int:
            # RQ adds a fixed 60 s to the monitoring interval; the lease keeps a slow-but-alive slice
            # safe from a second attempt, so a short heartbeat costs nothing but a wait.
            return HEARTBEAT_SECONDS

    _warm_up()
    redis = connect(redis_url)
    slice_worker = SliceWorker([QUEUE], connection=redis, name=name, job_monitoring_interval=MONITOR_SECONDS,
                               maintenance_interval=MAINTENANCE_SECONDS, worker_ttl=WORKER_TTL)
    return slice_worker.work(burst=burst, logging_level="INFO")
