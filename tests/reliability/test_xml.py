"""D. XML: sitemaps and feeds (reliability.md 6.2). Entities, DTDs and the network are off; bombs are
refused or bounded; a body is never a path; loops and sizes stop at the protocol limits.

Parsing cases call scraper.discover directly (bombs in a guarded child process, so memory is measured);
the crawl cases serve the hostile document from a loopback fault server and read the archive afterwards."""

from __future__ import annotations

import asyncio
import builtins
import gzip
import time

import pytest

from scraper.config import Site
from scraper.discover import MAX_SITEMAP_URLS, UnsafeXML, parse_feed, parse_sitemap
from tests.harness.server import FaultServer, bomb, page, streamed

from .crawling import crawl_in_process, crawl_subprocess, everything_stored, rows
from .guard import record, run_guarded

RSS = "application/rss+xml"
XML = "application/xml"
STORY = (
    "<html><head><title>{t}</title></head><body><article><h1>{t}</h1>"
    + "<p>"
    + "The harbour committee discussed the new ferry timetable at length. " * 10
    + "</p>"
    + "</article></body></html>"
)


def sitemap_with(doctype: str, loc: str) -> bytes:
    return (
        f'<?xml version="1.0"?>{doctype}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{loc}</loc></url></urlset>"
    ).encode()


def feed_with(doctype: str, title: str, link: str = "http://news.test/a/story-one-here") -> bytes:
    return (
        f'<?xml version="1.0"?>{doctype}<rss version="2.0"><channel><title>t</title>'
        f"<item><title>{title}</title><link>{link}</link><description>{title}</description></item>"
        "</channel></rss>"
    ).encode()


def xxe_doctypes(secret_path) -> list[str]:
    uri = secret_path.as_uri()
    return [
        f'<!DOCTYPE r [<!ENTITY x SYSTEM "{uri}">]>',
        # a "]" in a comment before the declaration: a naive "DOCTYPE [ ... ENTITY" pattern misses it
        f'<!DOCTYPE r [<!-- ] --><!ENTITY x SYSTEM "{uri}">]>',
        f'<!DOCTYPE r [<!ENTITY % p SYSTEM "{uri}"> %p;]>',
    ]


def parsed_text(thing) -> str:
    return repr(thing)


@pytest.mark.parametrize("variant", range(3))
def test_d1_xxe_in_sitemap_and_feed_never_reads_the_secret(secret, variant, scorecard):
    doctype = xxe_doctypes(secret)[variant]
    secret_text = secret.read_text()
    outputs = []
    for body, parse in (
        (sitemap_with(doctype, "http://news.test/a/&x;"), parse_sitemap),
        (feed_with(doctype, "&x;"), parse_feed),
    ):
        scorecard.add("xxe_attempts")
        try:
            outputs.append(parsed_text(parse(body, "http://news.test/")))
        except UnsafeXML:
            outputs.append("refused")
    leaked = sum(secret_text in out for out in outputs)
    scorecard.add("secrets_leaked", leaked)
    assert leaked == 0


def test_d1_xxe_feed_through_the_crawl_stores_no_secret(tmp_path, site_server, secret, scorecard):
    for doctype in xxe_doctypes(secret):
        scorecard.add("xxe_attempts")
        site_server.route(
            "/feed", page(feed_with(doctype, "&x;", site_server.url("/a/story-one-here")), content_type=RSS)
        )
        site_server.route(
            "/sitemap.xml", page(sitemap_with(doctype, site_server.url("/a/&x;")), content_type=XML)
        )
        site_server.route("/a/story-one-here", page(STORY.format(t="Ferry timetable").encode()))
        crawl_in_process(
            tmp_path / "a.db",
            [Site(name="s", feeds=(site_server.url("/feed"),), sitemaps=(site_server.url("/sitemap.xml"),))],
        )
    stored = everything_stored(tmp_path / "a.db")
    leaked = secret.read_text() in stored
    scorecard.add("secrets_leaked", leaked)
    assert not leaked
    assert (
        rows(tmp_path / "a.db", "SELECT COUNT(*) FROM fetches WHERE kind IN ('feed', 'sitemap')")[0][0] >= 6
    )


def test_d2_external_dtd_and_entities_pointing_at_the_decoy_fetch_nothing(decoy, scorecard):
    dtd = decoy.url("/evil.dtd")
    doctypes = [
        f'<!DOCTYPE r SYSTEM "{dtd}">',
        f'<!DOCTYPE r PUBLIC "-//X//Y" "{dtd}">',
        f'<!DOCTYPE r [<!ENTITY % p SYSTEM "{dtd}"> %p;]>',
        f'<!DOCTYPE r [<!ENTITY x SYSTEM "{decoy.url("/x")}">]>',
    ]
    for doctype in doctypes:
        scorecard.add("xxe_attempts", 2)
        for parse, body in (
            (parse_sitemap, sitemap_with(doctype, "http://news.test/a/&x;")),
            (parse_feed, feed_with(doctype, "&x;")),
        ):
            try:
                parse(body, "http://news.test/")
            except UnsafeXML:
                pass
    time.sleep(0.2)  # a connection attempt, had there been one, reaches the decoy by now
    scorecard.add("external_fetches", decoy.connections)
    assert decoy.connections == 0


LAUGHS = (
    '<!DOCTYPE r [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
    '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
    '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">'
    '<!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">]>'
)
QUADRATIC = f'<!DOCTYPE r [<!ENTITY big "{"x" * 100_000}">]>'

GUARDED_PARSE = """
import sys, time
from scraper.discover import parse_feed, parse_sitemap, UnsafeXML
body = open(sys.argv[2], "rb").read()
started = time.monotonic()
try:
    result = (parse_sitemap if sys.argv[1] == "sitemap" else parse_feed)(body, "http://news.test/")
    print("parsed", len(repr(result)))
except UnsafeXML:
    print("refused")
print("seconds", time.monotonic() - started)
"""


@pytest.mark.parametrize("kind", ["sitemap", "feed"])
@pytest.mark.parametrize("bomb_name, budget_s, budget_mib", [("laughs", 1.0, 50), ("quadratic", 2.0, 50)])
def test_d3_d4_entity_bombs_are_refused_quickly_in_bounded_memory(
    tmp_path, kind, bomb_name, budget_s, budget_mib, scorecard
):
    doctype = LAUGHS if bomb_name == "laughs" else QUADRATIC
    refs = "&i;" if bomb_name == "laughs" else "&big;" * 100_000
    body = (
        sitemap_with(doctype, f"http://news.test/a/{refs}") if kind == "sitemap" else feed_with(doctype, refs)
    )
    (tmp_path / "body.xml").write_bytes(body)
    scorecard.add("xxe_attempts")
    result = run_guarded(["-c", GUARDED_PARSE, kind, str(tmp_path / "body.xml")], timeout=30)
    over = record(scorecard, f"D3/D4 {bomb_name} {kind}", result)
    assert result.returncode == 0, result.stderr[-2000:]
    seconds = float(result.stdout.split("seconds")[1])
    assert seconds < budget_s
    assert over < budget_mib


def index(*children: str) -> bytes:
    return (
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<sitemap><loc>{c}</loc></sitemap>" for c in children)
        + "</sitemapindex>"
    ).encode()


def test_d5_sitemap_loops_and_deep_chains_fetch_each_once_and_stop_at_depth_two(tmp_path, site_server):
    s = site_server
    s.route("/self.xml", page(index(s.url("/self.xml")), content_type=XML))
    s.route("/a.xml", page(index(s.url("/b.xml")), content_type=XML))
    s.route("/b.xml", page(index(s.url("/a.xml")), content_type=XML))
    for depth in range(10):
        s.route(f"/d{depth}.xml", page(index(s.url(f"/d{depth + 1}.xml")), content_type=XML))
    code, crawl = crawl_in_process(
        tmp_path / "a.db", [Site(name="s", sitemaps=(s.url("/self.xml"), s.url("/a.xml"), s.url("/d0.xml")))]
    )
    for path in ("/self.xml", "/a.xml", "/b.xml", "/d0.xml", "/d1.xml", "/d2.xml"):
        assert len(s.requests(path)) == 1, path
    assert not s.requests("/d3.xml")  # index -> index -> urlset is the deepest we go


def test_d6_a_million_url_sitemap_stops_at_the_protocol_limit(tmp_path, scorecard):
    entries = "".join(f"<url><loc>http://news.test/a/story-{i}</loc></url>" for i in range(1_000_000))
    body = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'.encode()
    (tmp_path / "sitemap.xml.gz").write_bytes(gzip.compress(body, 1))
    del entries, body
    program = (
        "import sys\nfrom scraper.discover import parse_sitemap\n"
        "body = open(sys.argv[1], 'rb').read()\n"
        "print(len(parse_sitemap(body, 'http://news.test/').urls))\n"
    )
    result = run_guarded(["-c", program, str(tmp_path / "sitemap.xml.gz")], timeout=60)
    over = record(scorecard, "D6 1M-URL sitemap", result)
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(result.stdout) == MAX_SITEMAP_URLS
    assert over < 3 * 50  # 3 x the 50 MiB sitemap cap


def test_d6_an_oversized_sitemap_is_read_no_further_than_the_cap(tmp_path, site_server, scorecard):
    entry = b"".join(
        b"<url><loc>%s</loc></url>" % site_server.url(f"/a/story-{i}").encode() for i in range(100)
    )

    def endless():
        yield b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        while True:
            yield entry

    site_server.route("/sitemap.xml", streamed(endless, content_type=XML))
    crawl_in_process(
        tmp_path / "a.db", [Site(name="s", sitemaps=(site_server.url("/sitemap.xml"),))], max_pages=1
    )
    [entry_log] = site_server.requests("/sitemap.xml")
    over = entry_log.bytes_sent - 2**20
    scorecard.worst("over_cap_kib", max(0, over) / 1024, "D6 endless sitemap")
    assert entry_log.bytes_sent <= 2**20 + 2**20  # cap + 1 MiB in flight (socket buffers)
    assert rows(tmp_path / "a.db", "SELECT outcome FROM fetches WHERE kind = 'sitemap'") == [
        ("skipped:too_large",)
    ]


@pytest.mark.parametrize(
    "body",
    [
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://news.test/a/one-story</loc>'
        b"</url><url><loc>http://news.test/a/tw",
        '<?xml version="1.0" encoding="ISO-8859-1"?><urlset><url><loc>http://news.test/a/caf\u00e9-story</loc></url>'
        "</urlset>".encode(),
        b'\xff\xfe<?xml version="1.0" encoding="UTF-8"?><urlset><url><loc>http://news.test/a/x</loc></url></urlset>',
        b"\xef\xbb\xbf"
        + b'<?xml version="1.0" encoding="UTF-16"?><rss><channel><item><link>http://news.test/a/x'
        b"</link></item></channel></rss>",
        b"<rss><channel><item><title>cut",
        b"",
        b"\x00" * 100,
        b"<<<>>>&&&",
    ],
    ids=[
        "truncated",
        "declared-latin1-is-utf8",
        "utf16-bom-on-utf8",
        "utf8-bom-declared-utf16",
        "cut-feed",
        "empty",
        "nul",
        "garbage",
    ],
)
def test_d7_truncated_or_misdeclared_xml_never_crashes(body, scorecard):
    started = time.monotonic()
    sitemap = parse_sitemap(body, "http://news.test/")
    feed = parse_feed(body, "http://news.test/")
    scorecard.worst("wall_s", time.monotonic() - started, "D7")
    assert isinstance(sitemap.urls, list) and isinstance(feed, list)
    if body.startswith(b"<urlset") and b"one-story" in body:
        assert "http://news.test/a/one-story" in [h.url for h in sitemap.urls]  # kept what parsed


def test_d8_a_feed_body_that_is_a_local_path_is_never_opened(
    tmp_path, site_server, secret, monkeypatch, scorecard
):
    opened = []
    real_open = builtins.open

    def spy(file, *args, **kwargs):
        if str(file) in (str(secret), "/etc/passwd", "/dev/zero"):
            opened.append(file)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy)
    for i, body in enumerate((str(secret).encode(), b"/etc/passwd", b"/dev/zero", secret.as_uri().encode())):
        site_server.route(f"/feed{i}", page(body, content_type=RSS))
    feeds = tuple(site_server.url(f"/feed{i}") for i in range(4))
    crawl_in_process(tmp_path / "a.db", [Site(name="s", feeds=feeds)])
    leaked = secret.read_text() in everything_stored(tmp_path / "a.db")
    scorecard.add("secrets_leaked", leaked)
    assert opened == [] and not leaked
    assert rows(tmp_path / "a.db", "SELECT COUNT(*) FROM fetches WHERE kind = 'feed'") == [(4,)]


def test_d9_script_in_a_feed_description_is_stored_as_data(tmp_path, site_server):
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>Ferry news"
    link = site_server.url("/a/ferry-story-here")
    body = (
        f'<rss version="2.0"><channel><item><title><![CDATA[{hostile}]]></title><link>{link}</link>'
        f"<description><![CDATA[{hostile}]]></description></item></channel></rss>"
    ).encode()
    site_server.route("/feed", page(body, content_type=RSS))
    article = STORY.format(t="Ferry news").replace(
        "</h1>", "</h1><script>alert(3)</script><p onmouseover='alert(4)'>Ferry timetable changes.</p>"
    )
    site_server.route("/a/ferry-story-here", page(article.encode()))
    code, _ = crawl_in_process(tmp_path / "a.db", [Site(name="s", feeds=(site_server.url("/feed"),))])
    [(title, text)] = rows(tmp_path / "a.db", "SELECT headline, body FROM articles")
    assert title == "Ferry news" and "alert(" not in text and "<script" not in text
    assert code == 0


def test_d10_gzip_bomb_as_sitemap_xml_gz_is_bounded(tmp_path, site_server, scorecard):
    """Through the real command, in a child with ~1 GiB of address space: 256 MiB of zeros in ~250 KiB
    (5 x the 50 MiB sitemap cap; the full 1 GiB bomb is in the slow tier's fetch tests)."""
    site_server.route("/sitemap.xml.gz", streamed(lambda: bomb(2**28), content_type="application/gzip"))
    result = crawl_subprocess(tmp_path, site_server.url("/sitemap.xml.gz"), timeout=120)
    over = record(scorecard, "D10 sitemap.xml.gz bomb", result)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert result.jail_violations == 0
    assert over < 3 * 50  # 3 x the 50 MiB sitemap cap
    assert rows(tmp_path / "a.db", "SELECT COUNT(*) FROM fetches WHERE url LIKE '%sitemap%'") == [(1,)]


def test_d11_a_200000_item_feed_does_not_stall_a_slow_healthy_site_beside_it(tmp_path, scorecard):
    """A 10 MB feed of 200,000 items is parsed and filtered off the event loop (a worker process with
    its own time limit), so a healthy site answering every request in 3 s beside it loses nothing: all
    its stories archived, no timeout recorded. The real command, peak RSS under 512 MiB."""
    big, slow = FaultServer().start(), FaultServer().start()
    try:
        items = "".join(f"<item><title>{n % 1000}</title><link>/{n}</link></item>" for n in range(200_000))
        feed = f'<rss version="2.0"><channel><title>big</title>{items}</channel></rss>'.encode()
        big.route("/feed", page(feed, content_type=RSS))

        def answer_in_3_s(body: bytes):
            async def handler(request, conn):
                await asyncio.sleep(3)
                await page(body)(request, conn)

            return handler

        stories = [f"/2026/05/slow-but-healthy-story-{n}" for n in range(4)]
        links = "".join(f"<a href='{path}'>s</a>" for path in stories)
        slow.route("/", answer_in_3_s(f"<html><body>{links}</body></html>".encode()))
        for path in stories:
            slow.route(path, answer_in_3_s(STORY.format(t=path.rsplit("-", 1)[1]).encode()))
        sites = tmp_path / "sites.toml"
        sites.write_text(
            f'[sites.big]\nfeeds = ["{big.url("/feed")}"]\nbudget = 10\n\n'
            f'[sites.slow]\nseeds = ["{slow.url("/")}"]\n'
        )
        # generous: reading the 200,000 entries took 45 s of a 94 s run at load average 8 (the slow
        # site's five pages need 15 s); the run that stalled every site took minutes
        result = crawl_subprocess(tmp_path, "--sites", str(sites), timeout=300)
        scorecard.tried("D")                    # one input: its wall time is a whole crawl's, not a fetch's
        record(scorecard, "D11 200,000-item feed", result, one_input=False)
        db = tmp_path / "a.db"
        [(timeouts,)] = rows(
            db, "SELECT COUNT(*) FROM fetches WHERE site = 'slow' AND outcome LIKE 'error:timeout%'"
        )
        scorecard.note("big_listing", f"{timeouts} / {result.peak_rss_mib:.0f} MiB"
                                      f" (D11, run {result.wall:.0f} s; limit 512 MiB)")
        print(f"D11: wall {result.wall:.1f} s, peak RSS {result.peak_rss_mib:.0f} MiB")
        assert result.returncode in (0, 1) and result.jail_violations == 0, result.stderr[-2000:]
        assert rows(db, "SELECT COUNT(*) FROM articles WHERE site = 'slow'") == [(len(stories),)]
        assert rows(db, "SELECT url FROM fetches WHERE site = 'slow' AND outcome LIKE 'error:timeout%'") == []
        assert rows(db, "SELECT outcome, COUNT(*) FROM fetches WHERE site = 'slow' AND kind = 'article'"
                        " GROUP BY outcome") == [("ok", len(stories))]
        assert rows(db, "SELECT COUNT(*) FROM urls WHERE site = 'big' AND kind = 'article'") == [(200_000,)]
        assert result.peak_rss_mib < 512
    finally:
        big.stop()
        slow.stop()
