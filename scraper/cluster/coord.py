"""What the workers, the ingest and `cluster crawl` share, in Redis.

    scraper:config                  the crawl's shard count (changing it would move hosts between shards)
    scraper:round                   a counter: each `cluster crawl` starts a round (a "run" of the crawl)
    scraper:shard:K:lease           the token of the slice that owns shard K, with a TTL it renews
    scraper:shard:K:tip             JSON: the shard's last committed slice (round, slice, state file, more?)
    scraper:shard:K:carry           JSON: its hosts' state for the next slice (clocks, robots, budgets)
    scraper:shard:K:job             the RQ job id of the shard's latest slice
    scraper:committed               sorted set: sealed batch names in commit order, until ingested

A slice commits (tip, carried state and its batch name, together) only while it holds the lease: one
Lua script checks the token and writes, so a slice that lost its lease (it stalled past the TTL and
another took over) can never commit over its successor.
"""
from __future__ import annotations

import json

from redis import Redis

PREFIX = "scraper"
COMMITTED = f"{PREFIX}:committed"
QUEUE = "scraper-crawl"

_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
    return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
    return redis.call('DEL', KEYS[1])
end
return 0
"""
# KEYS: lease, carry, tip, committed, sequence. ARGV: token, carry, tip, batch name ('' for none).
_COMMIT = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
    return 0
end
redis.call('SET', KEYS[2], ARGV[2])
if ARGV[3] ~= '' then
    redis.call('SET', KEYS[3], ARGV[3])
end
if ARGV[4] ~= '' then
    redis.call('ZADD', KEYS[4], redis.call('INCR', KEYS[5]), ARGV[4])
end
return 1
"""


def connect(url: str) -> Redis:
    return Redis.from_url(url)


class Shard:
    """One shard's keys and the fenced operations on them."""

    def __init__(self, redis: Redis, number: int):
        self.redis, self.number = redis, number
        base = f"{PREFIX}:shard:{number}"
        self.lease_key, self.tip_key = f"{base}:lease", f"{base}:tip"
        self.carry_key, self.job_key = f"{base}:carry", f"{base}:job"
        self._renew = redis.register_script(_RENEW)
        self._release = redis.register_script(_RELEASE)
        self._commit = redis.register_script(_COMMIT)

    def acquire(self, token: str, ttl: float) -> bool:
        return bool(self.redis.set(self.lease_key, token, nx=True, px=int(ttl * 1000)))

    def renew(self, token: str, ttl: float) -> bool:
        return bool(self._renew(keys=[self.lease_key], args=[token, int(ttl * 1000)]))

    def release(self, token: str) -> None:
        self._release(keys=[self.lease_key], args=[token])

    def tip(self) -> dict | None:
        raw = self.redis.get(self.tip_key)
        return json.loads(raw) if raw else None

    def carried(self) -> dict:
        raw = self.redis.get(self.carry_key)
        return json.loads(raw) if raw else {}

    def commit(self, token: str, carry: dict, tip: dict | None = None, batch: str | None = None) -> bool:
        """Write the carried state (a checkpoint) or, with `tip` and `batch`, commit a slice: only while
        `token` holds the lease. False when it does not."""
        return bool(self._commit(
            keys=[self.lease_key, self.carry_key, self.tip_key, COMMITTED, f"{PREFIX}:commit_sequence"],
            args=[token, json.dumps(carry), json.dumps(tip) if tip else "", batch or ""]))


def shard_count(redis: Redis, shards: int) -> int:
    """The crawl's shard count: set by its first `cluster crawl`, and then fixed."""
    redis.hsetnx(f"{PREFIX}:config", "shards", shards)
    return int(redis.hget(f"{PREFIX}:config", "shards"))


def new_round(redis: Redis) -> int:
    return int(redis.incr(f"{PREFIX}:round"))


def committed(redis: Redis) -> list[str]:
    """Sealed batches not yet ingested, in the order they were committed."""
    return [name.decode() for name in redis.zrange(COMMITTED, 0, -1)]


def ingested(redis: Redis, name: str) -> None:
    redis.zrem(COMMITTED, name)
