"""`make bench-archive` runs end to end (on a small archive, so the suite stays fast)."""
import json
import subprocess
import sys

from tests.conftest import ROOT


def test_bench_archive_reports_every_figure(tmp_path):
    out = tmp_path / "bench"
    result = subprocess.run([sys.executable, "-m", "bench.archive", "--articles", "60", "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads((out / "report.json").read_text())
    assert report["build"]["articles"] == 60 and report["build"]["insert_per_s"] > 0
    assert report["build"]["db_bytes_per_article"] > report["build"]["warc_bytes_per_article"] > 500
    assert report["fts"]["typical queries"]["p95_ms"] >= report["fts"]["typical queries"]["median_ms"] > 0
    assert set(report["export"]) == {"jsonl", "parquet"}
    assert [r["pages"] for r in report["reparse"].values()] == [3, 3], "two untouched sites, 3 pages each"
