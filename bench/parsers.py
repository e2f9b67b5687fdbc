"""Parser quality and speed on the shared corpora, beside trafilatura and readability-lxml.

    python -m bench.parsers [BENCH_DATA] [--only ours,generic] [--corpus fundus-dev] [--out DIR]

Each extractor runs in its own subprocess over every page (one core), so pages/s and peak RSS are
its own. Scores come from the corpus's reference scorer (BENCH_DATA/score.py).
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import multiprocessing as mp
import resource
import sys
import time
from pathlib import Path


def load_pages(corpus: Path) -> list[dict]:
    rows = [json.loads(line) for line in (corpus / "truth.jsonl").open(encoding="utf8")]
    for row in rows:
        row["html"] = gzip.decompress((corpus / "pages" / f"{row['id']}.html.gz").read_bytes())
    return rows


def _ours(generic_only: bool):
    from parsers import parse
    from parsers.registry import GENERIC

    def run(html: bytes, url: str) -> dict:
        a = parse(html, url=url, parser=GENERIC if generic_only else None)
        return {"body": a.body, "headline": a.headline, "authors": a.authors, "published": a.published,
                "parser": a.parser}
    return run


def _trafilatura():
    import trafilatura

    def run(html: bytes, url: str) -> dict:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, favor_precision=False)
        if doc is None:
            return {}
        doc = doc if isinstance(doc, dict) else doc.as_dict()
        authors = [a.strip() for a in (doc.get("author") or "").split(";") if a.strip()]
        return {"body": doc.get("text"), "headline": doc.get("title"), "authors": authors,
                "published": doc.get("date")}
    return run


def _readability():
    import logging

    import lxml.html
    from readability import Document as RDocument
    logging.getLogger("readability").setLevel(logging.CRITICAL)  # it logs a traceback per odd page

    def run(html: bytes, url: str) -> dict:
        d = RDocument(html, url=url)
        summary = lxml.html.fromstring(d.summary(html_partial=True))
        paras = [p.text_content().strip() for p in summary.iter("p", "h2", "h3", "li")]
        return {"body": "\n\n".join(p for p in paras if p), "headline": d.short_title()}
    return run


# Fields an extractor does not produce are shown as "–", not scored as zero.
NOT_EXTRACTED = {"readability": {"authors_acc", "date_acc"}}

EXTRACTORS = {
    "ours": lambda: _ours(False),
    "generic": lambda: _ours(True),
    "trafilatura": _trafilatura,
    "readability": _readability,
}


def _worker(name: str, corpus: str, out: str, queue) -> None:
    try:
        run = EXTRACTORS[name]()
    except ImportError as e:
        queue.put({"name": name, "skipped": f"not installed ({e.name}); `pip install -e .[bench]`"})
        return
    pages = load_pages(Path(corpus))
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.process_time()
    preds = []
    for page in pages:
        try:
            pred = run(page["html"], page["url"])
        except Exception as e:  # a competitor's crash is a result, not a bench failure
            pred = {"error": repr(e)[:200]}
        pred["id"] = page["id"]
        preds.append(pred)
    cpu = time.process_time() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open(out, "w", encoding="utf8") as f:
        for pred in preds:
            f.write(json.dumps(pred, ensure_ascii=False) + "\n")
    queue.put({"name": name, "pages": len(pages), "cpu": cpu, "peak_mb": peak / 1024,
               "extra_mb": (peak - base_rss) / 1024})


def run_extractor(name: str, corpus: Path, out: Path) -> dict:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_worker, args=(name, str(corpus), str(out), queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def load_scorer(bench_data: Path):
    spec = importlib.util.spec_from_file_location("bench_score", bench_data / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fmt(v) -> str:
    return f"{v:.3f}" if isinstance(v, float) else ("–" if v is None else str(v))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bench_data", nargs="?", default="../shared/bench")
    ap.add_argument("--only", default=",".join(EXTRACTORS))
    ap.add_argument("--corpus", default=None, help="one corpus folder name")
    ap.add_argument("--out", default="bench/out")
    args = ap.parse_args(argv)
    bench_data = Path(args.bench_data)
    if not (bench_data / "score.py").exists():
        print(f"bench: no corpora at {bench_data} (set BENCH_DATA=)", file=sys.stderr)
        return 2
    scorer = load_scorer(bench_data)
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    corpora = sorted(p for p in bench_data.iterdir() if (p / "truth.jsonl").exists())
    if args.corpus:
        corpora = [c for c in corpora if c.name == args.corpus]
    cols = ["body_f1", "body_p", "body_r", "body_acc", "title_acc", "authors_acc", "date_acc"]
    for corpus in corpora:
        print(f"\n## {corpus.name}\n")
        print("| extractor | " + " | ".join(cols) + " | pages/s | peak MB |")
        print("|---" * (len(cols) + 3) + "|")
        for name in args.only.split(","):
            out = out_dir / f"{corpus.name}.{name}.jsonl"
            res = run_extractor(name, corpus, out)
            if "skipped" in res:
                print(f"| {name} | {res['skipped']} |")
                continue
            score = scorer.score(str(corpus / "truth.jsonl"), str(out))
            rate = res["pages"] / res["cpu"] if res["cpu"] else 0
            skip = NOT_EXTRACTED.get(name, set())
            print(f"| {name} | " + " | ".join(fmt(None if c in skip else score.get(c)) for c in cols)
                  + f" | {rate:.1f} | {res['peak_mb']:.0f} |")
            if name == "ours":
                _split_by_parser(scorer, corpus, out, out_dir, cols)
    return 0


def _split_by_parser(scorer, corpus: Path, pred_path: Path, out_dir: Path, cols) -> None:
    """Our figures on pages with a site parser and on pages without (issue 3's report)."""
    preds = [json.loads(line) for line in pred_path.open(encoding="utf8")]
    truth = [json.loads(line) for line in (corpus / "truth.jsonl").open(encoding="utf8")]
    site_ids = {p["id"] for p in preds if p.get("parser", "generic") != "generic"}
    if not site_ids:
        return
    splits = (("site parser", lambda i: i in site_ids), ("generic only", lambda i: i not in site_ids))
    for label, keep in splits:
        t_path = out_dir / f"{corpus.name}.truth.{label.replace(' ', '_')}.jsonl"
        t_path.write_text("".join(json.dumps(t) + "\n" for t in truth if keep(t["id"])), encoding="utf8")
        n = sum(1 for t in truth if keep(t["id"]))
        if not n:
            continue
        score = scorer.score(str(t_path), str(pred_path))
        print(f"|   ours, {label} ({n} pages) | " + " | ".join(fmt(score.get(c)) for c in cols) + " | | |")


if __name__ == "__main__":
    sys.exit(main())
