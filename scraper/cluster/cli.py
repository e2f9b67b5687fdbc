"""`scraper cluster crawl | worker | ingest`. Redis and RQ (the `cluster` extra) are imported inside
the commands, so `scraper --help` works without them."""
from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from ..cli import EXIT_CANNOT_RUN, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE
from ..crawlcmd import chosen_sites, crawl_options, run_agent

redis_option = click.option("--redis", "redis_url", required=True, metavar="redis://HOST:PORT/N",
                            help="The Redis that holds the queue, the shards' leases and state.")
shard_dir_option = click.option(
    "--shard-dir", type=click.Path(file_okay=False, path_type=Path),
    help="Where slices seal their batches and the shards' state for the ingest and the next slice: a"
         " directory every worker and the ingest reach at this path"
         " [default: <db stem>-shards/ beside --db].")


def _engines():
    try:
        import redis  # noqa: F401
        import rq  # noqa: F401
    except ImportError:
        click.echo("scraper cluster: needs the cluster extra: pip install 'news-scraper[cluster]'", err=True)
        sys.exit(EXIT_CANNOT_RUN)


def shard_directory(db: str | Path, shard_dir: Path | None) -> Path:
    db = Path(db)
    return (shard_dir or db.with_name(f"{db.stem}-shards")).absolute()


@click.group("cluster")
def cluster_group():
    """Crawl on several machines: host shards run in time slices by RQ workers, one ingest writes the
    archive. See the README, "Beyond one machine"."""


@cluster_group.command("crawl")
@crawl_options
@redis_option
@click.option("--shards", type=click.IntRange(1, 4096), required=True,
              help="How many shards the sites' hosts are spread over (fixed for a Redis database once set).")
@click.option("--slice-seconds", type=click.FloatRange(min=1), default=300, show_default=True,
              help="A slice's deadline: a shard's job crawls this long, then hands on to its next slice.")
@shard_dir_option
def crawl_cmd(seeds, sites_file, db, max_pages, delay, concurrency, user_agent, contact, proxy, refresh,
              parse_workers, redis_url, shards, slice_seconds, shard_dir):
    """Start a round: one job per shard that has sites (a shard still busy with an earlier round is
    left to it). Run it from cron as you would `scraper crawl`; workers do the crawling."""
    _engines()
    from redis.exceptions import RedisError

    from ..crawl import Options
    from .coord import connect, new_round, shard_count
    from .shards import assign
    from .slices import SliceJob, busy, enqueue

    config = chosen_sites(seeds, sites_file, delay, "cluster crawl")
    options = Options(max_pages=max_pages, max_time=slice_seconds, delay=delay, concurrency=concurrency,
                      user_agent=run_agent(user_agent, contact, config.defaults, "cluster crawl"),
                      refresh=refresh, parse_workers=parse_workers or 0, proxy=proxy)
    redis = connect(redis_url)
    try:
        fixed = shard_count(redis, shards)
        if fixed != shards:
            click.echo(f"scraper cluster crawl: this Redis database holds a crawl of {fixed} shards; changing"
                       " the count would move hosts between shards (use another database to start anew)",
                       err=True)
            sys.exit(EXIT_USAGE)
        round_number = new_round(redis)
        directory = str(shard_directory(db, shard_dir))
        started = []
        for shard, sites in assign(config.sites, shards).items():
            if (running := busy(redis, shard)) is not None:
                click.echo(f"shard {shard}: {running} is still going; not started again", err=True)
                continue
            enqueue(redis, SliceJob(redis_url, shard, round_number, 0, tuple(sites), options, directory))
            started.append(shard)
    except RedisError as e:
        click.echo(f"scraper cluster crawl: Redis: {e}", err=True)
        sys.exit(EXIT_CANNOT_RUN)
    finally:
        redis.close()
    click.echo(f"round {round_number}: {len(started)} shard{'s' * (len(started) != 1)} queued"
               f" ({len(config.sites)} sites over {shards} shards); batches in {directory}")
    sys.exit(EXIT_OK)


@cluster_group.command("worker")
@redis_option
@click.option("--burst", is_flag=True, help="Exit when the queue is empty (as `rq worker --burst` does).")
@click.option("--name", help="The worker's name in RQ [default: a random one].")
def worker_cmd(redis_url, burst, name):
    """Run slices: as many workers per machine as it has cores to spare, on as many machines as you like."""
    _engines()
    from .slices import worker

    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    worker(redis_url, burst=burst, name=name)


@cluster_group.command("ingest")
@redis_option
@click.option("--db", default="archive.db", show_default=True, type=click.Path(dir_okay=False),
              help="The archive: this command is its only writer during a cluster crawl.")
@shard_dir_option
def ingest_cmd(redis_url, db, shard_dir):
    """Apply the batches slices have committed to the archive, each exactly once. Run it from cron, or
    in a loop; a second one while one is going exits at once."""
    _engines()
    from ..archive import ArchiveError
    from ..lock import LockBusy, exclusive, lock_path
    from .ingest import ingest

    def report(name, counts):
        said = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) if counts else "applied before"
        click.echo(f"{name}: {said}")

    try:
        with exclusive(lock_path(db)):
            total, problems = ingest(redis_url, Path(db), shard_directory(db, shard_dir), report=report)
    except LockBusy as e:
        click.echo(f"scraper cluster ingest: {e}; not starting a second one", err=True)
        sys.exit(EXIT_OK)
    except ArchiveError as e:
        click.echo(f"scraper cluster ingest: {e}", err=True)
        sys.exit(EXIT_CANNOT_RUN)
    for problem in problems:
        click.echo(f"scraper cluster ingest: {problem}", err=True)
    click.echo(f"ingest: {total['batches']} batches; {total['new']} new, {total['updated']} updated,"
               f" {total['unchanged']} unchanged articles; {total['fetches']} other fetches")
    sys.exit(EXIT_SOME_FAILED if problems else EXIT_OK)
