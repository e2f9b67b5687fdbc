"""The reliability scorecard (reliability.md 6.3): tests record figures as they run, and the session ends
by printing them in the plan's format and writing them to `.ci/scorecard.txt`.

    def test_x(scorecard):
        scorecard.tried("D")                      # one adversarial input of group D
        scorecard.add("secrets_leaked", n)        # a sum over the session
        scorecard.worst("wall_s", 0.4, "D3")      # the largest value seen, and which case gave it
        scorecard.least("gap_ratio", 1.0)         # the smallest value seen

Wired in by tests/conftest.py (hooks imported there), so it works for `pytest tests/fetch` as well as the
whole suite. A figure no test recorded prints as "-" rather than a reassuring 0. Under pytest-xdist
(`make test` runs two workers) each worker keeps its own card and hands it to the controller when it
finishes; the controller merges them and prints one.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from pathlib import Path

import pytest

GROUPS = "ABCDEFGHI"
# test files whose every case is one adversarial input of a group (parametrised cases count one each)
FILE_GROUPS = {
    "test_size_encoding.py": "A",
    "test_time.py": "B",
    "test_redirects_ssrf.py": "C",
    "test_tls.py": "C",
    "test_politeness_robots.py": "G",
    "test_xml.py": "D",
    "test_parser_inputs.py": "E",
    "test_traps.py": "F",
    "test_storage.py": "H",
    "test_run_hygiene.py": "I",
}


class Scorecard:
    def __init__(self) -> None:
        self.inputs: Counter[str] = Counter()
        self.sums: Counter[str] = Counter()
        self.maxima: dict[str, tuple[float, str]] = {}
        self.minima: dict[str, tuple[float, str]] = {}
        self.samples: dict[str, list[float]] = {}
        self.notes: dict[str, str] = {}
        self.failed: list[str] = []

    def tried(self, group: str, n: int = 1) -> None:
        self.inputs[group] += n

    def add(self, name: str, n: float = 1) -> None:
        self.sums[name] += n

    def worst(self, name: str, value: float, case: str = "") -> None:
        if name not in self.maxima or value > self.maxima[name][0]:
            self.maxima[name] = (value, case)

    def least(self, name: str, value: float, case: str = "") -> None:
        if name not in self.minima or value < self.minima[name][0]:
            self.minima[name] = (value, case)

    def sample(self, name: str, values: list[float]) -> None:
        self.samples.setdefault(name, []).extend(values)

    def note(self, name: str, text: str) -> None:
        self.notes[name] = text

    def merge(self, other: dict) -> None:
        """Fold in another worker's card, as `vars()` gave it (plain data: it crosses a process)."""
        self.inputs.update(other["inputs"])
        self.sums.update(other["sums"])
        for name, (value, case) in other["maxima"].items():
            self.worst(name, value, case)
        for name, (value, case) in other["minima"].items():
            self.least(name, value, case)
        for name, values in other["samples"].items():
            self.sample(name, values)
        self.notes.update(other["notes"])
        self.failed.extend(other["failed"])

    # ------------------------------------------------------------------------------ formatting

    def _sum(self, name: str) -> str:
        return str(int(self.sums[name])) if name in self.sums else "-"

    def _max(self, name: str, fmt: str = "{:.2f}") -> str:
        if name not in self.maxima:
            return "-"
        value, case = self.maxima[name]
        return fmt.format(value) + (f" ({case})" if case else "")

    def _min(self, name: str, fmt: str = "{:.2f}") -> str:
        return fmt.format(self.minima[name][0]) if name in self.minima else "-"

    def p99(self, name: str) -> str:
        values = sorted(self.samples.get(name, []))
        if not values:
            return "-"
        return f"{values[min(len(values) - 1, math.ceil(0.99 * len(values)) - 1)]:.1f} ms"

    def render(self) -> str:
        groups = ", ".join(f"{g}:{self.inputs[g]}" for g in GROUPS if self.inputs[g])
        seed = self.notes.get("chaos_seed", "-")
        tried = sum(self.inputs.values())
        lines = [
            f"Adversarial inputs tried:        {tried} total ({groups}; I3 chaos seed={seed})",
            f"Crashes (unhandled exception / non-zero exit):  {self._sum('crashes')}",
            f"Hangs (exceeded per-fetch deadline + 1 s):      {self._sum('hangs')}",
            f"Worst wall time for one bad input:              {self._max('wall_s', '{:.2f} s')}"
            "   (budget 31 s)",
            f"Worst peak RSS over baseline:                   {self._max('rss_mib', '{:.0f} MiB')}"
            " (budget 3 x body cap)",
            f"Bytes read on oversized inputs:                 <= cap + "
            f"{self._max('over_cap_kib', '{:.0f} KiB')}",
            f"Decoded bytes at bomb abort / cap:              <= {self._max('bomb_ratio', '{:.3f}')}",
            f"SSRF attempts / connections to non-allowed addresses / network-jail violations:  "
            f"{self._sum('ssrf_attempts')} / {self._sum('ssrf_connections')} / "
            f"{self._sum('jail_violations')}",
            f"XXE / entity-expansion attempts / secrets leaked / external fetches:             "
            f"{self._sum('xxe_attempts')} / {self._sum('secrets_leaked')} / {self._sum('external_fetches')}",
            f"Cross-origin header leaks (Cookie, Authorization):   {self._sum('header_leaks')}",
            f"Robots-disallowed requests / requests inside Retry-After windows:  "
            f"{self._sum('robots_violations')} / {self._sum('retry_after_violations')}",
            f"Max concurrent connections per host:            {self._max('conns_per_host', '{:.0f}')}",
            f"Min observed inter-request gap vs configured:   {self._min('gap_ratio', '{:.2f}x')}",
            f"Max requests to one host in a 503 storm:        {self._max('storm_requests', '{:.0f}')}"
            f" (budget {self.notes.get('storm_budget', '-')})",
            f"kill -9 injections / acknowledged articles / lost / partial / integrity failures:  "
            f"{self._sum('kills')} / {self._sum('acknowledged')} / {self._sum('lost')} / "
            f"{self._sum('partial')} / {self._sum('integrity_failures')}",
            f"Overlapping runs / double writers / SQLITE_BUSY in writer:  {self._sum('overlapping_runs')} / "
            f"{self._sum('double_writers')} / {self._sum('writer_busy')}",
            f"Reader queries during crawl / errors / p99 latency:         {self._sum('reader_queries')} / "
            f"{self._sum('reader_errors')} / {self.p99('reader_ms')}",
            f"Regexes: worst on 64 KiB / quadratic on raw input (call sites bounded):  "
            f"{self._max('regex_ms_64k', '{:.0f} ms')} / {self.notes.get('quadratic_regexes', '-')}",
            f"URLs without exactly one outcome code:          {self._sum('outcome_violations')}",
            f"Slow site beside a 200,000-item feed: timeouts / peak RSS:  "
            f"{self.notes.get('big_listing', '-')}",
            f"Fetch rows per run over a backlog far over budget:          "
            f"{self.notes.get('backlog_rows', '-')}",
            f"Torn WARC copies whose complete file then gave 40 of 40:    {self._sum('torn_whole')} of "
            f"{self._sum('torn_imports')} (H13)",
        ]
        if self.failed:
            lines.append(f"Reliability tests FAILED:  {len(self.failed)} ({', '.join(self.failed[:5])})")
        return "\n".join(lines)


SCORECARD = Scorecard()
OUTPUT = Path(__file__).resolve().parents[2] / ".ci" / "scorecard.txt"


def _group(item) -> str | None:
    return FILE_GROUPS.get(Path(str(item.fspath)).name)


@pytest.fixture
def scorecard() -> Scorecard:
    return SCORECARD


@pytest.fixture(autouse=True)
def _score_adversarial_case(request):
    """Every case in a group's file is one input tried, and its wall time a candidate for the worst --
    unless the test counted its own inputs (the chaos run, the regex survey: many inputs, one test), or
    it is a durability case (H: kill loops and overlapping runs are not one bad input)."""
    group = _group(request.node)
    before = sum(SCORECARD.inputs.values())
    started = time.monotonic()
    yield
    if group is not None and sum(SCORECARD.inputs.values()) == before:
        SCORECARD.tried(group)
        if group != "H":
            SCORECARD.worst("wall_s", time.monotonic() - started, request.node.name)


def pytest_runtest_logreport(report) -> None:
    if report.failed and Path(report.fspath).name in FILE_GROUPS:
        SCORECARD.failed.append(report.nodeid.rsplit("::", 1)[-1])


def pytest_sessionfinish(session) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:        # an xdist worker: its card goes to the controller
        workeroutput["scorecard"] = {   # plain dicts and lists: what execnet carries
            "inputs": dict(SCORECARD.inputs), "sums": dict(SCORECARD.sums), "maxima": SCORECARD.maxima,
            "minima": SCORECARD.minima, "samples": SCORECARD.samples, "notes": SCORECARD.notes,
            "failed": []}               # the controller sees every test report itself


@pytest.hookimpl(optionalhook=True)     # an xdist hook: plain `pytest` runs never call it
def pytest_testnodedown(node, error) -> None:
    card = getattr(node, "workeroutput", {}).get("scorecard")
    if card is not None:
        SCORECARD.merge(card)


def pytest_terminal_summary(terminalreporter) -> None:
    if not any(SCORECARD.inputs.values()):
        return  # no reliability test ran (a corpus-only or single-module run)
    text = SCORECARD.render()
    terminalreporter.write_sep("=", "reliability scorecard")
    terminalreporter.write_line(text)
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_text(text + "\n")
    terminalreporter.write_line(f"(written to {OUTPUT.relative_to(OUTPUT.parents[1])})")
