"""The engines the cluster commands run on start here, on loopback, and answer."""
from __future__ import annotations

import pytest

from tests.harness.services import dask_cluster


def test_redis_server_answers_and_keeps_nothing_on_disk(redis_server):
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(redis_server.url)
    assert client.ping()
    client.set("k", "v")
    assert client.config_get("save")["save"] == ""
    assert client.config_get("appendonly")["appendonly"] == "no"
    assert client.get("k") == b"v"
    client.close()


def test_dask_workers_run_tasks_in_their_own_processes():
    distributed = pytest.importorskip("distributed")
    import os

    with dask_cluster(workers=2) as address, distributed.Client(address) as client:
        assert address.startswith("tcp://127.0.0.1:")
        pids = set(client.run(os.getpid).values())
        assert len(pids) == 2 and os.getpid() not in pids
        assert client.submit(sum, [1, 2, 3]).result(timeout=60) == 6
