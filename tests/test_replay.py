"""The raw capture replays in pywb, the reference replay tool: a crawl's WARC files are indexed by pywb's
indexer and served by its `wayback` server on loopback (both in subprocesses: pywb's server monkey-patches
the process it runs in), and a revisit -- a 304, or a 200 whose body is the one already captured --
replays the original page, not a blank one."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from functools import partial
from pathlib import Path

import pytest

from scraper.config import Site
from tests.harness.fixtures import network_jail  # noqa: F401
from tests.harness.server import FaultServer, page
from tests.test_crawl import origin, query, run_crawl, story

# pywb's commands: beside this Python, or in the venv of its own that `make test` makes inside .venv
# (pywb pins redis==2.10.6, which cannot share an environment with the cluster extra's redis>=5).
BIN = next((d for d in (Path(sys.executable).parent, Path(sys.prefix) / "pywb" / "bin")
            if (d / "wayback").exists()), None)
pytestmark = pytest.mark.skipif(BIN is None,
                                reason="pywb is not installed: `make test` puts it in .venv/pywb")


@pytest.fixture(autouse=True)
def _jail(network_jail):  # noqa: F811
    return network_jail


@pytest.fixture
def demo_site():
    from scraper.demo import serve

    [server] = serve(["127.0.0.1"], 0, 3)
    yield server
    server.shutdown()
    server.server_close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def index(collection: Path) -> list[dict]:
    """pywb's CDXJ index of the collection's WARC files, written where its server looks for it."""
    archive = collection / "archive"
    out = collection / "indexes" / "index.cdxj"
    out.parent.mkdir()
    subprocess.run([str(BIN / "cdx-indexer"), "--sort", "--cdxj", "--dir-root", str(archive), "--output",
                    str(out), str(archive)], check=True, timeout=120, capture_output=True)
    return [json.loads(line.split(" ", 2)[2]) | {"timestamp": line.split(" ", 2)[1]}
            for line in out.read_text().splitlines()]


@pytest.fixture
def wayback(tmp_path):
    """Starts a pywb server on loopback over the collection `tmp_path/collections/crawl` (once it is
    indexed: pywb reads the index directory when it starts); returns its replay of (timestamp, url)."""
    servers = []

    def start():
        root = tmp_path / "pywb"
        root.mkdir()
        (root / "config.yaml").write_text(
            f"collections:\n  crawl:\n    index_paths: {tmp_path / 'collections/crawl/indexes'}\n"
            f"    archive_paths: {tmp_path / 'collections/crawl/archive'}/\n")
        port = free_port()
        servers.append(subprocess.Popen([str(BIN / "wayback"), "--bind", "127.0.0.1", "--port", str(port)],
                                        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        return partial(replay, servers[0], port)
    try:
        yield start
    finally:
        for server in servers:
            server.terminate()
            server.wait(10)


def replay(server: subprocess.Popen, port: int, timestamp: str, url: str) -> tuple[int, bytes]:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/crawl/{timestamp}id_/{url}",
                                        timeout=30) as answer:
                return answer.status, answer.read()
        except urllib.error.URLError as e:      # refused until the server listens
            if not isinstance(e.reason, ConnectionRefusedError) or time.monotonic() > deadline \
                    or server.poll() is not None:
                raise
            time.sleep(0.2)


def test_revisits_replay_the_original_page_in_pywb(tmp_path, demo_site, wayback):
    fault = FaultServer().start()
    try:
        # no validators here: an unchanged page comes back as a 200 with the same body
        fault.route("/feed", page(b"<rss version='2.0'><channel><item><link>/a/plain-story-here</link></item>"
                                  b"</channel></rss>", content_type="application/rss+xml"))
        fault.route("/a/plain-story-here", page(story("A plain story")))
        sites = [Site(name="demo", seeds=(origin(demo_site) + "/",)),
                 Site(name="plain", feeds=(fault.url("/feed"),))]
        warc = tmp_path / "collections" / "crawl" / "archive"
        run_crawl(tmp_path, sites, warc_dir=warc)
        time.sleep(1.1)                                     # pywb's timestamps have whole seconds
        run_crawl(tmp_path, sites, refresh=True, warc_dir=warc)
    finally:
        fault.stop()
    records = index(tmp_path / "collections" / "crawl")
    replayed_by = wayback()
    revisits = [r for r in records if r["mime"] == "warc/revisit"]
    demo_pages = demo_site.RequestHandlerClass.site.pages
    articles = [url for (url,) in query(tmp_path, "SELECT url FROM urls WHERE article_url IS NOT NULL")]
    expected = {url: demo_pages[url.split(str(demo_site.server_address[1]), 1)[1]][0]
                for url in articles if url.startswith(origin(demo_site))}
    expected[fault.url("/a/plain-story-here")] = story("A plain story")
    assert len(expected) == 4
    for url, body in expected.items():
        [revisit] = [r for r in revisits if r["url"] == url]
        status, replayed = replayed_by(revisit["timestamp"], url)
        assert (status, replayed) == (200, body), url
    # every kind of response was kept: robots.txt, the feeds, the sitemaps, the homepage and the articles
    kept = {r["url"].rsplit("/", 1)[-1] or "/" for r in records if r["mime"] != "warc/revisit"}
    assert {"robots.txt", "feed.xml", "sitemap.xml", "sitemap-news.xml", "/", "feed"} <= kept
