"""pytest fixtures built on the harness. Import the ones a test module (or a conftest) needs."""
from __future__ import annotations

import pytest

from .clock import FakeClock
from .jail import NetworkJail
from .server import FaultServer


@pytest.fixture
def network_jail(monkeypatch):
    """Every connection must stay on loopback; the test fails if anything tried to leave."""
    from tests.reliability.scorecard import SCORECARD

    jail = NetworkJail().install(monkeypatch)
    yield jail
    SCORECARD.add("jail_violations", len(jail.violations))
    assert jail.violations == [], f"network jail violations: {jail.violations}"


@pytest.fixture
def fake_clock():
    return FakeClock()


@pytest.fixture
def fault_server(fake_clock):
    """A fault server whose log is stamped with the fake clock (the fetcher's politeness clock)."""
    server = FaultServer(clock=fake_clock).start()
    yield server
    server.stop()


@pytest.fixture
def decoy():
    """Stands in for an internal service: it must record zero connections."""
    server = FaultServer().start()
    yield server
    server.stop()
