"""`python -m tests.reliability.jailed crawl ...`: the scraper CLI inside the network jail, for crawls
run as a guarded subprocess. The last stderr line says how many connections tried to leave loopback."""

from __future__ import annotations

import sys

import pytest

from scraper.cli import main
from tests.harness.jail import NetworkJail

JAIL_LINE = "network-jail-violations:"

if __name__ == "__main__":
    jail = NetworkJail().install(pytest.MonkeyPatch())
    try:
        main()
    finally:
        print(f"{JAIL_LINE} {len(jail.violations)} {jail.violations[:3]}", file=sys.stderr, flush=True)
