"""`scraper cluster ingest`: the only writer of archive.db in a cluster crawl. It applies the batches
the slices committed, in commit order (a shard's slices in their order, so versions stay in order),
each in one transaction with its ledger row (scraper/batch.py), then forgets and removes it. Killed
at any point and run again, it applies every batch exactly once: the ledger says which are done."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from .. import batch
from ..archive import Archive
from .coord import committed, connect, ingested


def ingest(redis_url: str, db_path: Path, shard_dir: Path, *,
           report: Callable[[str, Counter | None], None] | None = None) -> tuple[Counter, list[str]]:
    """Apply every committed batch not yet applied. Returns the counts over all of them and the
    problems (a batch file missing or unreadable: left in the commit log for the next ingest)."""
    redis = connect(redis_url)
    total: Counter = Counter()
    problems: list[str] = []
    try:
        with Archive(db_path) as archive:
            for name in committed(redis):
                path = Path(shard_dir) / "batches" / f"{name}{batch.SUFFIX}"
                if batch.applied(archive, name):
                    counts = None           # an ingest that applied it died before forgetting it
                elif not path.exists():
                    problems.append(f"{name}: committed but {path} is missing")
                    continue
                else:
                    try:
                        counts = batch.apply(archive, path)
                    except batch.BatchError as e:
                        problems.append(str(e))
                        continue
                    total.update(counts or {})
                    total["batches"] += 1
                ingested(redis, name)
                path.unlink(missing_ok=True)
                if report:
                    report(name, counts)
    finally:
        redis.close()
    return total, problems
