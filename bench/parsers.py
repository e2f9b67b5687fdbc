"""Parser quality and speed on the shared corpora, beside trafilatura and readability-lxml.

    python -m bench.parsers [BENCH_DATA] [--only ours,generic] [--corpus fundus-dev] [--half A] [--out DIR]
                            [--repeat N]

Each extractor runs in its own subprocess over every page, so pages/s (CPU time: one core) and
peak RSS are its own. Scores come from the corpus's reference scorer (BENCH_DATA/score.py), with
the columns the corpus has expected values for. With `--repeat N` (`make bench`: 3) every extractor
runs N times, the rounds interleaved (A B C, A B C, ...), each in a fresh process, and pages/s is its
best round: on a shared or virtual machine one round's CPU time swings by 30 % or more with what the
host is doing, which the slowest rounds measure rather than the extractor.

Generalisation check: every corpus is split into two halves by a fixed hash of the page id
(`half(page_id)`). Develop looking at half A only (`--half A` runs and scores just those pages);
half B is held out, and the table of halves prints B beside A with the gap: a large gap means a
rule was fitted to pages.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import json
import multiprocessing as mp
import resource
import sys
import time
import warnings
from pathlib import Path

HALVES = {"A": "development", "B": "held out"}


def half(page_id: str) -> str:
    """"A" (the development half) or "B" (held out): the parity of the first byte of the id's SHA-1,
    the same on every run and machine."""
    return "A" if hashlib.sha1(page_id.encode("utf8")).digest()[0] % 2 == 0 else "B"


def load_truth(corpus: Path) -> list[dict]:
    return read_jsonl(corpus / "truth.jsonl")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf8").splitlines() if line.strip()]


def load_pages(corpus: Path, only_half: str | None = None) -> list[dict]:
    rows = [row for row in load_truth(corpus) if only_half is None or half(row["id"]) == only_half]
    for row in rows:
        row["html"] = gzip.decompress((corpus / "pages" / f"{row['id']}.html.gz").read_bytes())
    return rows


def lead_counts_as_body(truth: list[dict]) -> bool:
    """Snippet corpora (trafilatura-dev) count a lead printed above the body as body text, as
    trafilatura keeps it in its text: we are scored on `subheadline + body` there."""
    return any("with" in t or "without" in t for t in truth)


def as_scored(pred: dict, lead_in_body: bool) -> dict:
    """The record the scorer reads: on corpora where the lead counts as body, the subheadline
    opens the body."""
    if lead_in_body and pred.get("subheadline"):
        pred = {**pred, "body": pred["subheadline"] + "\n\n" + (pred.get("body") or "")}
    return pred


def _ours(generic_only: bool):
    from parsers import parse
    from parsers.registry import GENERIC

    def run(html: bytes, url: str) -> dict:
        a = parse(html, url=url, parser=GENERIC if generic_only else None)
        return {"body": a.body, "subheadline": a.subheadline, "headline": a.headline, "authors": a.authors,
                "published": a.published, "parser": a.parser}
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

# (score key, column heading), in table order; a corpus shows those it has expected values for.
COLUMNS = (("body_f1", "body F1"), ("body_p", "P"), ("body_r", "R"), ("body_acc", "exact"),
           ("snip_f1", "snippet F1"), ("snip_p", "P"), ("snip_r", "R"),
           ("title_acc", "title"), ("authors_acc", "authors"), ("date_acc", "date"))


def columns_of(truth: list[dict]) -> list[tuple[str, str]]:
    has = {
        "body": any("body" in t for t in truth),
        "snip": lead_counts_as_body(truth),
        "title": any(t.get("title") for t in truth),
        "authors": any(t.get("authors") is not None for t in truth),
        "date": any(t.get("date_published") for t in truth),
    }
    return [(key, label) for key, label in COLUMNS if has[key.split("_")[0]]]


def _worker(name: str, corpus: str, out: str, only_half: str | None, lead_in_body: bool, queue) -> None:
    try:
        run = EXTRACTORS[name]()
    except ImportError as e:
        queue.put({"name": name, "skipped": f"not installed ({e.name}); `pip install -e .[bench]`"})
        return
    pages = load_pages(Path(corpus), only_half)
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
            f.write(json.dumps(as_scored(pred, lead_in_body), ensure_ascii=False) + "\n")
    queue.put({"name": name, "pages": len(pages), "cpu": cpu, "peak_mb": peak / 1024,
               "extra_mb": (peak - base_rss) / 1024})


def run_extractor(name: str, corpus: Path, out: Path, only_half: str | None, lead_in_body: bool) -> dict:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_worker, args=(name, str(corpus), str(out), only_half, lead_in_body, queue))
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


def _gap(a, b) -> str:
    return f"{b - a:+.3f}" if isinstance(a, float) and isinstance(b, float) else "–"


class Scorer:
    """The corpus's reference scorer over the whole corpus or a subset of its pages (the scorer reads
    files, so each subset's truth is written once)."""

    def __init__(self, module, corpus: Path, truth: list[dict], out_dir: Path):
        self.module, self.corpus, self.truth, self.out_dir = module, corpus, truth, out_dir
        self.paths: dict[str, Path] = {}

    def score(self, pred_path: Path, subset: str = "all", keep=None) -> dict:
        if subset not in self.paths:
            path = self.out_dir / f"{self.corpus.name}.truth.{subset}.jsonl"
            rows = [t for t in self.truth if keep is None or keep(t["id"])]
            path.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in rows), encoding="utf8")
            self.paths[subset] = path
        return score_files(self.module, self.paths[subset], pred_path)


def score_files(module, truth_path: Path, pred_path: Path) -> dict:
    with warnings.catch_warnings():  # the reference scorer leaves its files to the garbage collector
        warnings.simplefilter("ignore", ResourceWarning)
        return module.score(str(truth_path), str(pred_path))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bench_data", nargs="?", default="../shared/bench")
    ap.add_argument("--only", default=",".join(EXTRACTORS), help="extractors, comma-separated")
    ap.add_argument("--corpus", default=None, help="corpus folder names, comma-separated")
    ap.add_argument("--half", choices=sorted(HALVES), default=None,
                    help="run and score only this half of each corpus (develop on A)")
    ap.add_argument("--out", default="bench/out")
    ap.add_argument("--repeat", type=int, default=1, help="rounds per extractor; pages/s is the best")
    args = ap.parse_args(argv)
    bench_data = Path(args.bench_data)
    if not (bench_data / "score.py").exists():
        print(f"bench: no corpora at {bench_data} (set BENCH_DATA=)", file=sys.stderr)
        return 2
    names = args.only.split(",")
    if unknown := [n for n in names if n not in EXTRACTORS]:
        ap.error(f"unknown extractor {', '.join(unknown)}; choose from {', '.join(EXTRACTORS)}")
    module = load_scorer(bench_data)
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    corpora = sorted(p for p in bench_data.iterdir() if (p / "truth.jsonl").exists())
    if args.corpus:
        corpora = [c for c in corpora if c.name in args.corpus.split(",")]
    for corpus in corpora:
        bench_corpus(corpus, names, module, out_dir, args.half, args.repeat)
    return 0


def bench_corpus(corpus: Path, names: list[str], module, out_dir: Path, only_half: str | None,
                 repeat: int = 1) -> None:
    truth = [t for t in load_truth(corpus) if only_half is None or half(t["id"]) == only_half]
    cols = columns_of(truth)
    lead_in_body = lead_counts_as_body(truth)
    scorer = Scorer(module, corpus, truth, out_dir)
    title = f"{corpus.name} ({len(truth)} pages" + (f", half {only_half} only)" if only_half else ")")
    print(f"\n## {title}\n")
    if lead_in_body:
        print("Our body is scored as `subheadline + body` (the lead counts as body text here).\n")
    print("| extractor | " + " | ".join(label for _, label in cols) + " | pages/s | peak MB |")
    print("|---" * (len(cols) + 3) + "|")
    outs = {name: out_dir / f"{corpus.name}.{name}.jsonl" for name in names}
    runs: dict[str, dict] = {}
    for _ in range(repeat):     # rounds interleaved: a slow spell of the host hits every extractor alike
        for name in names:
            if "skipped" in runs.get(name, {}):
                continue
            res = run_extractor(name, corpus, outs[name], only_half, lead_in_body)
            if name in runs:
                runs[name]["cpu"] = min(runs[name]["cpu"], res["cpu"])
            else:
                runs[name] = res
    results = {}
    for name in names:
        out = outs[name]
        res = runs[name]
        if "skipped" in res:
            print(f"| {name} | {res['skipped']} |")
            continue
        skip = NOT_EXTRACTED.get(name, set())
        res["rate"] = res["pages"] / res["cpu"] if res["cpu"] else 0.0
        res["out"], res["skip"] = out, skip
        results[name] = res
        score = scorer.score(out)
        print(f"| {name} | " + " | ".join(fmt(None if c in skip else score.get(c)) for c, _ in cols)
              + f" | {res['rate']:.1f} | {res['peak_mb']:.0f} |", flush=True)
        if name == "ours":
            _split_by_parser(scorer, out, cols)
    if not only_half and results:
        _print_halves(scorer, results, cols)
    if "trafilatura" in results and results["trafilatura"]["rate"]:
        base = results["trafilatura"]["rate"]
        ratios = [f"{n} {r['rate'] / base:.1f}x" for n, r in results.items() if n != "trafilatura"]
        if ratios:
            print(f"\nSpeed against trafilatura (pages/s, one core): {', '.join(ratios)}")


def _print_halves(scorer: Scorer, results: dict, cols) -> None:
    counts = {h: sum(1 for t in scorer.truth if half(t["id"]) == h) for h in HALVES}
    print(f"\nHalves: A = development ({counts['A']} pages), B = held out ({counts['B']} pages), "
          "gap = B - A.\n")
    print("| extractor | half | " + " | ".join(label for _, label in cols) + " |")
    print("|---" * (len(cols) + 2) + "|")
    for name, res in results.items():
        by_half = {h: scorer.score(res["out"], f"half{h}", lambda i, h=h: half(i) == h) for h in HALVES}
        for h in HALVES:
            print(f"| {name} | {h} | "
                  + " | ".join(fmt(None if c in res["skip"] else by_half[h].get(c)) for c, _ in cols) + " |")
        print(f"| {name} | gap | "
              + " | ".join("–" if c in res["skip"] else _gap(by_half["A"].get(c), by_half["B"].get(c))
                           for c, _ in cols) + " |")


def _split_by_parser(scorer: Scorer, pred_path: Path, cols) -> None:
    """Our figures on pages with a site parser and on pages without (issue 3's report)."""
    preds = read_jsonl(pred_path)
    site_ids = {p["id"] for p in preds if p.get("parser", "generic") != "generic"}
    if not site_ids:
        return
    splits = (("site parser", lambda i: i in site_ids), ("generic only", lambda i: i not in site_ids))
    for label, keep in splits:
        n = sum(1 for t in scorer.truth if keep(t["id"]))
        if not n:
            continue
        score = scorer.score(pred_path, label.replace(" ", "_"), keep)
        print(f"|   ours, {label} ({n} pages) | " + " | ".join(fmt(score.get(c)) for c, _ in cols) + " | | |")


if __name__ == "__main__":
    sys.exit(main())
