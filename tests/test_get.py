"""One URL: `scraper get` and the Python API (`fetch_article`, `crawl`), and fetching through a proxy,
all against loopback servers started here."""
from __future__ import annotations

import asyncio
import http.client
import json
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from scraper import FetchError, crawl_articles, fetch_article
from scraper.api import fetch_page
from scraper.cli import cli
from scraper.crawl import Options
from scraper.demo import serve
from scraper.fetch import Fetcher
from scraper.warc import WarcRef, read_response, warc_directory
from tests.harness.fixtures import network_jail  # noqa: F401


@pytest.fixture(autouse=True)
def _jail(network_jail):  # noqa: F811
    return network_jail


@pytest.fixture
def site():
    [server] = serve(["127.0.0.1"], 0, 6)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    stories = server.RequestHandlerClass.site.stories
    yield origin, [origin + s.path for s in stories], stories
    server.shutdown()
    server.server_close()


class Proxy:
    """A forward HTTP proxy on loopback (absolute-form requests), recording what it was asked for."""

    def __init__(self):
        self.seen: list[str] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                proxy.seen.append(self.path)
                target = urlsplit(self.path)
                upstream = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("proxy-connection",)}
                upstream.request("GET", target.path + (f"?{target.query}" if target.query else ""),
                                 headers=headers)
                answer = upstream.getresponse()
                body = answer.read()
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                upstream.close()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def proxy():
    server = Proxy()
    yield server
    server.stop()


def get(*args):
    return CliRunner().invoke(cli, ["get", *map(str, args)])


# ---------------------------------------------------------------------------------------- scraper get

def test_get_prints_the_article_in_each_format(site):
    _, urls, stories = site
    text = get(urls[0])
    assert text.exit_code == 0, text.output
    assert text.stdout.splitlines()[0] == stories[0].headline
    assert stories[0].paragraphs[0] in text.stdout
    markdown = get(urls[0], "--format", "markdown").stdout
    assert markdown.startswith(f"# {stories[0].headline}\n\nBy {stories[0].author}")
    assert f"Source: <{urls[0]}>" in markdown
    record = json.loads(get(urls[0], "--format", "json").stdout)
    assert record["headline"] == stories[0].headline and record["authors"] == [stories[0].author]


def test_get_is_polite_and_says_why_it_failed(site):
    origin, _, _ = site
    refused = get(origin + "/private/notes")
    assert refused.exit_code == 1 and "blocked:robots" in refused.stderr
    missing = get(origin + "/no/such/page")
    assert missing.exit_code == 1 and "error:http" in missing.stderr and "404" in missing.stderr
    homepage = get(origin + "/")
    assert homepage.exit_code == 1 and "no headline or body" in homepage.stderr
    assert get("ftp://example.org/x").exit_code == 2


def test_get_without_a_contact_says_once_that_owners_cannot_reach_the_operator(site, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)           # no sites.toml here
    _, urls, _ = site
    silent = get(urls[0], "--contact", "mailto:desk@example.org")
    assert "no contact" not in silent.stderr
    warned = get(urls[0])
    assert warned.stderr.count("no contact set") == 1 and warned.exit_code == 0


def test_get_save_stores_the_page_with_its_capture_like_a_crawled_page(site, tmp_path):
    _, urls, stories = site
    db = tmp_path / "archive.db"
    first = get(urls[1], "--save", "--db", db)
    assert first.exit_code == 0 and "a new article" in first.stderr
    assert get(urls[1], "--save", "--db", db).stderr.count("unchanged") == 1
    conn = sqlite3.connect(db)
    [(headline, versions)] = conn.execute("SELECT headline, version_count FROM articles").fetchall()
    assert (headline, versions) == (stories[1].headline, 1)
    fetches = conn.execute("SELECT run_id, outcome, warc_file, warc_offset, warc_length, article_url"
                           " FROM fetches ORDER BY id").fetchall()
    assert [(run, outcome) for run, outcome, *_ in fetches] == [(1, "ok"), (2, "ok")]
    assert conn.execute("SELECT count(*) FROM runs WHERE finished IS NOT NULL").fetchone()[0] == 2
    _, _, file, offset, length, article_url = fetches[0]
    url, _, body = read_response(warc_directory(db), WarcRef(file, offset, length))
    assert url == urls[1] == article_url and stories[1].headline.encode() in body
    assert conn.execute("SELECT status, article_url FROM urls").fetchall() == [("ok", urls[1])]


def test_parse_given_a_url_points_to_get():
    result = CliRunner().invoke(cli, ["parse", "https://www.example.com/news/story"])
    assert result.exit_code == 2 and "scraper get https://www.example.com/news/story" in result.stderr


# ---------------------------------------------------------------------------------------- Python API

def test_fetch_article(site):
    origin, urls, stories = site
    article = fetch_article(urls[2], contact="mailto:desk@example.org")
    assert article.headline == stories[2].headline and article.url == urls[2]
    with pytest.raises(FetchError) as refused:
        fetch_article(origin + "/private/notes")
    assert refused.value.outcome == "blocked:robots"


def test_crawl_from_python_yields_each_stored_article(site, tmp_path):
    origin, urls, _ = site
    db = tmp_path / "archive.db"
    stored = list(crawl_articles([origin + "/feed.xml"], db=db, delay=0))
    assert sorted(a.url for a in stored) == sorted(urls)
    # leaving the loop early stops the crawl after the page in hand; the next run goes on from there
    again = crawl_articles([origin + "/feed.xml"], db=tmp_path / "second.db", delay=0, max_pages=6)
    first = next(again)
    again.close()
    conn = sqlite3.connect(tmp_path / "second.db")
    try:
        kept = {url for (url,) in conn.execute("SELECT url FROM articles")}
        assert first.url in kept and len(kept) < 6
        assert conn.execute("SELECT count(*) FROM runs WHERE finished IS NULL").fetchone()[0] == 0
    finally:
        conn.close()


# ---------------------------------------------------------------------------------------- proxies

def test_a_proxy_carries_the_requests_and_targets_are_still_checked(site, proxy):
    origin, urls, stories = site
    fetched = asyncio.run(fetch_page(urls[0], Options(proxy=proxy.url)))
    assert fetched.outcome == "ok" and fetched.article.headline == stories[0].headline
    assert proxy.seen == [origin + "/robots.txt", urls[0]]

    async def unlisted():       # a loopback target nobody allowed: refused before the proxy is asked
        async with Fetcher(user_agent="t", proxy=proxy.url) as fetcher:
            return await fetcher.fetch(urls[1])

    assert asyncio.run(unlisted()).outcome == "blocked:ssrf"
    assert proxy.seen == [origin + "/robots.txt", urls[0]]
    result = get(urls[3], "--proxy", proxy.url)
    assert result.exit_code == 0 and proxy.seen[-1] == urls[3]
    assert get(urls[3], "--proxy", "socks5://127.0.0.1:1").exit_code == 2


def test_sites_toml_proxy_key(tmp_path):
    from scraper.config import ConfigError, load

    path = Path(tmp_path / "sites.toml")
    path.write_text('[defaults]\nproxy = "http://proxy.example.edu:3128"\n'
                    '[sites.a]\nfeeds = ["https://a.example/rss"]\n'
                    '[sites.b]\nfeeds = ["https://b.example/rss"]\nproxy = "http://other.example:8080"\n')
    assert [s.proxy for s in load(path).sites] == ["http://proxy.example.edu:3128", "http://other.example:8080"]
    path.write_text('[sites.a]\nfeeds = ["https://a.example/rss"]\nproxy = "ftp://x"\n')
    with pytest.raises(ConfigError, match=r"\[sites.a\] proxy"):
        load(path)


def test_the_readme_python_example_runs(site, tmp_path, monkeypatch):
    origin, urls, stories = site
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    [example] = [block for block in readme.split("```python\n")[1:] if "crawl_articles(" in block]
    code = (example.split("```")[0].replace("https://www.example.com/news/story", urls[0])
            .replace("https://www.example.com/", origin + "/"))
    monkeypatch.chdir(tmp_path)
    printed = []
    exec(compile(code, "README.md", "exec"), {"print": lambda *a: printed.append(a)})  # noqa: S102
    assert printed[0][0] == stories[0].headline
    assert sorted(line[1] for line in printed[1:]) == sorted(s.headline for s in stories)
