"""A backlog far over budget: what two scheduled runs in a row cost when one site lists far more
stories than its page budget lets a run fetch.

    python -m bench.backlog [--stories 200000] [--budget 500]

A loopback server (this process, a thread) serves one 10 MB feed listing every story and answers
any story URL with a page. `scraper crawl` runs twice over it; each run's fetch rows and wall time
are printed. A run should add about its budget in rows (the pages it fetched, robots.txt, the feed
and one `host` row counting the URLs left due), whatever the backlog.
"""
from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STORY = ("<html><head><title>Story {t}</title></head><body><article><h1>Story {t}</h1>"
         + "<p>The harbour committee discussed the new ferry timetable at length once more.</p>" * 10
         + "</article></body></html>")


def serve(stories: int) -> ThreadingHTTPServer:
    feed = ('<rss version="2.0"><channel><title>backlog</title>'
            + "".join(f"<item><title>{n % 1000}</title><link>/{n}</link></item>" for n in range(stories))
            + "</channel></rss>").encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/robots.txt":
                body, status, kind = b"", 404, "text/plain"
            elif self.path == "/feed":
                body, status, kind = feed, 200, "application/rss+xml"
            else:
                body, status, kind = STORY.format(t=self.path[1:]).encode(), 200, "text/html; charset=utf-8"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=200_000)
    parser.add_argument("--budget", type=int, default=500)
    args = parser.parse_args()
    server = serve(args.stories)
    with tempfile.TemporaryDirectory(prefix="bench-backlog-") as work:
        sites, db = Path(work) / "sites.toml", Path(work) / "a.db"
        sites.write_text(f'[sites.backlog]\nfeeds = ["http://127.0.0.1:{server.server_address[1]}/feed"]\n'
                         f"budget = {args.budget}\n")
        print(f"bench-backlog: {args.stories:,} stories listed, a budget of {args.budget} pages a run")
        for run in (1, 2):
            started = time.monotonic()
            subprocess.run([sys.executable, "-m", "scraper", "crawl", "--sites", str(sites), "--db", str(db),
                            "--delay", "0"], env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wall = time.monotonic() - started
            conn = sqlite3.connect(db)
            rows = conn.execute("SELECT COUNT(*) FROM fetches WHERE run_id = ?", (run,)).fetchone()[0]
            left = conn.execute("SELECT error_message FROM fetches WHERE run_id = ? AND kind = 'host'",
                                (run,)).fetchone()
            conn.close()
            print(f"run {run}: {rows} fetch rows in {wall:.1f} s; host row: {left[0] if left else '-'}")
    server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
