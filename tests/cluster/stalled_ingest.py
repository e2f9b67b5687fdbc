"""`python -m tests.cluster.stalled_ingest N --redis URL --db a.db`: `scraper cluster ingest` in the
network jail that stops dead at the Nth archive write it replays, inside that batch's transaction, and
says so on stdout ("stalled in <batch>"): a test that SIGKILLs it then kills it mid-batch, for certain.
With fewer than N writes to replay it ingests everything, as the command does."""
from __future__ import annotations

import sys
import time

import pytest

from scraper import batch
from scraper.cli import main
from tests.harness.jail import NetworkJail

if __name__ == "__main__":
    stall_at, replay, replayed = int(sys.argv.pop(1)), batch._apply_op, 0

    def stalling(archive, op, run_id, name):
        global replayed
        replayed += 1
        if replayed == stall_at:
            print(f"stalled in {name}", flush=True)
            time.sleep(3600)
        return replay(archive, op, run_id, name)

    batch._apply_op = stalling
    NetworkJail().install(pytest.MonkeyPatch())
    sys.argv[1:1] = ["cluster", "ingest"]
    main()
