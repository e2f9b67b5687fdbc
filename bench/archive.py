"""`make bench-archive`: the archive at 100,000 generated articles.

Builds the archive the way a crawl does (a WARC response + request per page, then one
`Archive.record` transaction per page) and reports: insert rate, database and WARC bytes per article,
FTS query latency (median, p95) for typical queries, export rate, and reparse pages/s with 1 and 2 jobs.

    python -m bench.archive [--articles 100000] [--out bench/out/archive] [--only fts|export|reparse]

The text is generated: pseudo-words drawn from a Zipf distribution (like word use in real text), so
common words are in most articles and rare ones in a few, which is what makes FTS ranking work hard.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import time
from html import escape
from itertools import accumulate
from pathlib import Path

from parsers import Article
from scraper.archive import Archive, FetchRecord, connect_readonly
from scraper.query import Filters, article_columns, article_rows, export_jsonl, export_parquet, search
from scraper.reprocess import reparse
from scraper.warc import RawResponse, WarcWriter, warc_directory

SITES = [f"www.paper{n:02d}.example" for n in range(20)]
SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "de", "ba", "or", "en", "ul", "is", "ap", "ex"]
RUNS = 20


class Corpus:
    def __init__(self, seed: int = 7, vocabulary: int = 30_000, people: int = 3_000):
        self.rng = random.Random(seed)
        words = set()
        while len(words) < vocabulary:
            words.add("".join(self.rng.choices(SYLLABLES, k=self.rng.randint(2, 4))))
        self.words = sorted(words, key=lambda w: (len(w), w))
        self.cum = list(accumulate(1 / (rank + 1) for rank in range(vocabulary)))  # Zipf, s = 1
        self.people = [f"{self.word(0.3).title()} {self.word(0.3).title()}" for _ in range(people)]

    def word(self, skew: float = 1.0) -> str:
        return self.rng.choices(self.words, cum_weights=self.cum)[0] if skew == 1.0 else \
            self.rng.choice(self.words[200:])

    def sentence(self, n: int) -> str:
        return " ".join(self.rng.choices(self.words, cum_weights=self.cum, k=n)).capitalize() + "."

    def page(self, n: int) -> tuple[RawResponse, Article]:
        site = SITES[n % len(SITES)]
        url = f"https://{site}/news/{n}"
        headline = self.sentence(self.rng.randint(6, 11))[:-1]
        authors = self.rng.sample(self.people, self.rng.randint(1, 2))
        day = 1 + n * 365 // 100_000 % 365
        published = f"2025-{1 + (day - 1) // 31 % 12:02d}-{1 + (day - 1) % 28:02d}T{n % 24:02d}:00:00+00:00"
        paragraphs = [" ".join(self.sentence(self.rng.randint(8, 20)) for _ in range(self.rng.randint(2, 4)))
                      for _ in range(self.rng.randint(6, 12))]
        ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": headline,
              "datePublished": published, "articleSection": "News",
              "author": [{"@type": "Person", "name": a} for a in authors]}
        html = (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
                f'<title>{escape(headline)}</title><link rel="canonical" href="{url}">'
                f'<script type="application/ld+json">{json.dumps(ld)}</script>'
                f'</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article>'
                f'<h1>{escape(headline)}</h1><p class="byline">By {escape(" and ".join(authors))}</p>'
                + "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
                + "</article><footer>About us · Contact · Privacy</footer></body></html>").encode()
        response = RawResponse(url=url, status=200, body=html, started_at="2026-01-15T06:00:00+00:00",
                               headers=[("Content-Type", "text/html; charset=utf-8")],
                               request_headers=[("User-Agent", "news-scraper-bench")])
        # What an earlier parser stored: everything but the subheadline-free body layout the current
        # one produces, so that reparse has real work (a new version) to write.
        article = Article(url=url, canonical_url=url, site=site, headline=headline, byline=f"By {authors[0]}",
                          authors=authors, published=published, section="News", language="en",
                          body="\n\n".join(paragraphs), parser="bench")
        return response, article


def build(db: Path, count: int, corpus: Corpus) -> dict:
    started = time.perf_counter()
    generating = 0.0
    with Archive(db) as archive, WarcWriter(warc_directory(db)) as writer:
        run_id = archive.start_run({"command": "bench.archive", "articles": count})
        for n in range(count):
            t = time.perf_counter()
            response, article = corpus.page(n)
            generating += time.perf_counter() - t
            ref = writer.write_response(response)
            archive.record(FetchRecord(url=response.url, outcome="ok", started_at=response.started_at,
                                       site=article.site, status=200, bytes=len(response.body),
                                       final_url=response.url, content_type="text/html", warc_file=ref.file,
                                       warc_offset=ref.offset, warc_length=ref.length),
                           run_id=run_id, article=article)
            if n and n % 10_000 == 0:
                print(f"  {n} articles, {n / (time.perf_counter() - started - generating):.0f}/s", flush=True)
        archive.finish_run(run_id, {"articles": count}, 0)
        archive.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    elapsed = time.perf_counter() - started - generating
    warc_bytes = sum(p.stat().st_size for p in warc_directory(db).iterdir())
    return {"articles": count, "insert_per_s": round(count / elapsed, 1),
            "db_bytes_per_article": round(db.stat().st_size / count),
            "warc_bytes_per_article": round(warc_bytes / count)}


def document_frequency(conn, word: str) -> int:
    return conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (word,)).fetchone()[0]


def fts_latency(db: Path, corpus: Corpus) -> dict:
    conn = connect_readonly(db)
    common, middling, rare = corpus.words[30], corpus.words[800], corpus.words[8000]
    # The first is a worst case, a word in about two thirds of all articles (like "said"): bm25 must score
    # every match. "typical" summarises the others: names and topic words researchers search for.
    queries = {
        f"very common word ({common})": (common, Filters()),
        f"middling word ({middling})": (middling, Filters()),
        f"rare word ({rare})": (rare, Filters()),
        "two words AND": (f"{middling} {corpus.words[500]}", Filters()),
        "phrase": (f'"{common} {corpus.words[31]}"', Filters()),
        "prefix": (corpus.words[3000] + "*", Filters()),
        "word + site + date range": (middling, Filters(SITES[3], since="2025-03-01", until="2025-08-31")),
        "headline: word": (f"headline: {middling}", Filters()),
    }
    report, everything, typical = {}, [], []
    for name, (query, filters) in queries.items():
        timings = []
        for _ in range(RUNS):
            t = time.perf_counter()
            hits = search(conn, query, filters, limit=20)
            timings.append((time.perf_counter() - t) * 1000)
        everything += timings
        if not name.startswith("very common"):
            typical += timings
        report[name] = {"query": query, "matches": document_frequency(conn, query), "returned": len(hits),
                        "median_ms": round(statistics.median(timings), 2), "p95_ms": round(p95(timings), 2)}
    report["typical queries"] = {"median_ms": round(statistics.median(typical), 2),
                                 "p95_ms": round(p95(typical), 2)}
    report["all queries"] = {"median_ms": round(statistics.median(everything), 2),
                             "p95_ms": round(p95(everything), 2)}
    conn.close()
    return report


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def export_rates(db: Path, out: Path) -> dict:
    rates = {}
    for fmt in ("jsonl", "parquet"):
        conn = connect_readonly(db)
        target = out / f"export.{fmt}"
        t = time.perf_counter()
        if fmt == "jsonl":
            with open(target, "w", encoding="utf-8") as f:
                rows = export_jsonl(article_rows(conn), f)
        else:
            rows = export_parquet(article_rows(conn), str(target), article_columns(conn))
        elapsed = time.perf_counter() - t
        conn.close()
        rates[fmt] = {"rows_per_s": round(rows / elapsed), "bytes": target.stat().st_size}
        target.unlink()
    return rates


def reparse_rates(db: Path) -> dict:
    """Two sites of equal size that no reparse has touched yet, so each job count does the same work."""
    conn = connect_readonly(db)
    fresh = [site for (site,) in conn.execute(
        "SELECT site FROM articles GROUP BY site HAVING max(version_count) = 1 ORDER BY site LIMIT 2")]
    conn.close()
    rates = {}
    for jobs, site in zip((1, 2), fresh, strict=True):
        t, cpu = time.perf_counter(), time.process_time()
        counts = reparse(db, site=site, jobs=jobs)
        elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
        pages = sum(counts.values())
        # The parent's CPU per page (with 1 job it includes the parsing) and the load average say how
        # much of the wall time was this machine being shared.
        rates[f"{jobs} job{'s' if jobs > 1 else ''}"] = {
            "pages": pages, "pages_per_s": round(pages / elapsed, 1),
            "parent_cpu_ms_per_page": round(cpu / pages * 1000, 2),
            "load_average": round(os.getloadavg()[0], 1), "results": dict(counts)}
    return rates


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--out", type=Path, default=Path("bench/out/archive"))
    ap.add_argument("--only", choices=["fts", "export", "reparse"], action="append",
                    help="re-measure only this on the archive built by an earlier run (repeatable)")
    args = ap.parse_args()
    db = args.out / "bench.db"
    corpus = Corpus()
    report_path = args.out / "report.json"
    if args.only:
        report = json.loads(report_path.read_text())
    else:
        shutil.rmtree(args.out, ignore_errors=True)
        args.out.mkdir(parents=True)
        print(f"building {args.articles} articles in {db} ...", flush=True)
        report = {"build": build(db, args.articles, corpus)}
        print(json.dumps(report["build"]), flush=True)
    phases = {"fts": lambda: fts_latency(db, corpus), "export": lambda: export_rates(db, args.out),
              "reparse": lambda: reparse_rates(db)}
    for name, measure in phases.items():
        if not args.only or name in args.only:
            report[name] = measure()
            print(json.dumps({name: report[name]}, indent=1), flush=True)
    report_path.write_text(json.dumps(report, indent=2))
    print(f"report: {args.out / 'report.json'}")


if __name__ == "__main__":
    main()
