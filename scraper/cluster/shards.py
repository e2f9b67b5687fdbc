"""Which shard a site belongs to: a stable hash of its registrable domain modulo the shard count, so a
host always lands in the same shard (and only one job of a shard runs at a time: politeness is kept by
ownership, not by workers negotiating each request)."""
from __future__ import annotations

import hashlib
from collections import defaultdict

from ..config import Site
from ..urls import site_scope


def site_key(site: Site) -> str:
    """The registrable domain of the site's first configured URL (for a loopback seed, host:port)."""
    return site_scope(site.urls()[0])


def shard_of(key: str, shards: int) -> int:
    """Stable across processes and machines (Python's own hash() is salted per process)."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") % shards


def assign(sites: list[Site], shards: int) -> dict[int, list[Site]]:
    """The sites of each shard that has any, by shard number."""
    by_shard: dict[int, list[Site]] = defaultdict(list)
    for site in sites:
        by_shard[shard_of(site_key(site), shards)].append(site)
    return dict(sorted(by_shard.items()))
