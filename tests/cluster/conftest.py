"""The cluster tests: a real redis-server and real Dask workers on loopback, started and stopped by
each test (tests/harness/services.py), and the network jail in the test process."""
from __future__ import annotations

import pytest

from tests.harness.fixtures import network_jail  # noqa: F401
from tests.harness.services import RedisServer


@pytest.fixture(autouse=True)
def _jail(network_jail):  # noqa: F811
    return network_jail


@pytest.fixture
def redis_server(tmp_path):
    with RedisServer(tmp_path / "redis") as server:
        yield server
