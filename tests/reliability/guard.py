"""Resource guards (reliability.md 6.1.4): run the crawler, or one parsing step, in a child process with
an address-space limit and a hard timeout, and measure its peak RSS and wall time.

A regression then dies with MemoryError inside the child instead of taking the CI machine down, and a
hang is a timeout we count instead of a stuck suite.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import cache

from tests.conftest import ROOT

ADDRESS_SPACE = 2**30  # about 1 GiB, as the plan asks
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


@dataclass
class Guarded:
    returncode: int | None  # None: killed at the timeout (a hang)
    stdout: str
    stderr: str
    wall: float
    peak_rss_mib: float

    @property
    def hung(self) -> bool:
        return self.returncode is None


def _limit_address_space() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run_guarded(args: list[str], *, timeout: float, cwd=None) -> Guarded:
    """Run `python args...` under RLIMIT_AS; wait4 gives the child's own peak RSS, even if we kill it."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, *args], cwd=cwd, env=ENV, stdout=out, stderr=err, preexec_fn=_limit_address_space
        )
        returncode = None
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                returncode = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() - started > timeout:
                os.kill(proc.pid, signal.SIGKILL)
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        proc.returncode = returncode if returncode is not None else -9  # reaped here, not by Popen
        wall = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        return Guarded(
            returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            wall,
            usage.ru_maxrss / 1024,
        )


@cache
def baseline_rss_mib() -> float:
    """Peak RSS of a child that imports the crawler and the parsers and does nothing: the baseline."""
    return run_guarded(["-c", "import scraper.crawl, scraper.cli, parsers"], timeout=60).peak_rss_mib


def record(scorecard, case: str, result: Guarded, *, one_input: bool = True) -> float:
    """Put one guarded run's figures on the scorecard; returns its RSS over the baseline (MiB). The wall
    time counts as one bad input's unless `one_input` is False (a whole crawl of many pages)."""
    over = max(0.0, result.peak_rss_mib - baseline_rss_mib())
    if one_input:
        scorecard.worst("wall_s", result.wall, case)
    scorecard.worst("rss_mib", over, case)
    scorecard.add("hangs", result.hung)
    # a hang is counted once, as a hang: the kill at the timeout is not also a crash
    crashed = result.returncode not in (0, 1) or "Traceback" in result.stderr
    scorecard.add("crashes", crashed and not result.hung)
    return over
