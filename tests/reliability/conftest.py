"""Reliability tests run in the network jail, like the fetch tests (tests/harness)."""

from __future__ import annotations

import pytest

from tests.harness.fixtures import decoy, fault_server, network_jail  # noqa: F401
from tests.harness.server import FaultServer


@pytest.fixture(autouse=True)
def _jail(network_jail):  # noqa: F811
    return network_jail


@pytest.fixture
def site_server():
    """A fault server on the real clock, for crawls."""
    server = FaultServer().start()
    yield server
    server.stop()


@pytest.fixture
def secret(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("TOPSECRET-7f3a9c-do-not-leak")
    return path
