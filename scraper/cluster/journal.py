"""A shard's own archive: the frontier, articles and history its slices work from (a SQLite file on
the worker's local disk, handed from slice to slice as a sealed copy, never shared live), which also
keeps every write a slice makes, in order, as a batch op (scraper/batch.py). The ops are the slice's
output: the ingest replays them into archive.db through the same Archive methods."""
from __future__ import annotations

from .. import batch
from ..archive import Archive, FetchRecord


class JournalArchive(Archive):
    def __init__(self, path):
        super().__init__(path)
        self.ops: list[dict] = []

    def record(self, fetch: FetchRecord, *, run_id=None, article=None, frontier=None, fetched_at=None):
        result = super().record(fetch, run_id=run_id, article=article, frontier=frontier,
                                fetched_at=fetched_at)
        self.ops.append(batch.record_op(fetch, article=article, frontier=frontier, fetched_at=fetched_at))
        return result

    def record_batch(self, records):
        super().record_batch(records)
        self.ops += [batch.record_op(fetch, frontier=frontier) for fetch, _, frontier in records]

    def add_urls(self, rows):
        added = super().add_urls(rows)
        if rows:
            self.ops.append(batch.add_urls_op(rows))
        return added

    def record_site_health(self, run_id, site, pages, shares):
        super().record_site_health(run_id, site, pages, shares)
        self.ops.append(batch.site_health_op(site, pages, shares))

    def prune(self) -> None:
        """What the next slice does not need: the fetch log, versions and runs (the batch carries them)."""
        with self.transaction() as c:
            for table in ("versions", "fetches", "site_health", "runs"):   # children first (foreign keys)
                c.execute(f"DELETE FROM {table}")
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
