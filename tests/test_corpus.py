"""Quality floors on the shared corpora, scored by the corpus's own scorer.

Floors sit just under the last measured figures (see README, "Parser quality"): a change that
makes extraction worse fails here. Skipped when ../shared/bench is absent.
"""
import gzip
import importlib.util
import json
import warnings

import pytest

from parsers import parse
from parsers.registry import GENERIC
from tests.conftest import require_bench

FLOORS = {
    # corpus: {metric: floor} for the generic parser alone, then with site parsers ("ours").
    ("aeb-dev", "generic"): {"body_f1": 0.974},
    ("fundus-dev", "generic"): {"body_f1": 0.958, "title_acc": 0.88, "authors_acc": 0.87, "date_acc": 0.99},
    ("fundus-dev", "ours"): {"body_f1": 0.958, "title_acc": 0.88, "authors_acc": 0.87, "date_acc": 0.99},
}


def _scorer(bench):
    spec = importlib.util.spec_from_file_location("bench_score", bench / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("corpus", "which"), sorted(FLOORS))
def test_quality_floor(tmp_path, corpus, which):
    bench = require_bench()
    folder = bench / corpus
    truth = [json.loads(line) for line in (folder / "truth.jsonl").read_text(encoding="utf8").splitlines()]
    pred_path = tmp_path / "pred.jsonl"
    with pred_path.open("w", encoding="utf8") as out:
        for row in truth:
            html = gzip.decompress((folder / "pages" / f"{row['id']}.html.gz").read_bytes())
            article = parse(html, url=row["url"], parser=GENERIC if which == "generic" else None)
            out.write(json.dumps({"id": row["id"], "body": article.body, "headline": article.headline,
                                  "authors": article.authors, "published": article.published}) + "\n")
    with warnings.catch_warnings():  # the reference scorer leaves its files to the garbage collector
        warnings.simplefilter("ignore", ResourceWarning)
        scores = _scorer(bench).score(str(folder / "truth.jsonl"), str(pred_path))
    for metric, floor in FLOORS[(corpus, which)].items():
        assert scores[metric] >= floor, f"{corpus} {which}: {metric} {scores[metric]:.3f} < floor {floor}"
