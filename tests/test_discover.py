"""Discovery parsers on hand-written feeds and sitemaps, including hostile ones (plan D1, D3, D6, D8, D10)."""
from __future__ import annotations

import asyncio
import builtins
import gzip
import json
import time
import zlib

import pytest

from scraper.config import Site
from scraper.discover import (
    MAX_SITEMAP_BYTES,
    MAX_SITEMAP_URLS,
    UnsafeXML,
    discover,
    inflate,
    parse_feed,
    parse_sitemap,
    read_page,
    robots_sitemaps,
    seed_kind,
    sniff,
)

BASE = "https://news.example.org/"

RSS2 = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example</title>
<item><title>Harbour bridge reopens</title>
<link>https://news.example.org/2024/05/harbour-bridge-reopens?utm_source=rss</link>
<pubDate>Tue, 07 May 2024 09:30:00 GMT</pubDate></item>
<item><title>Second story</title><link>/2024/05/second-story-here</link></item>
</channel></rss>"""

RSS1 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://news.example.org/"><title>Example</title>
<link>https://news.example.org/</link></channel>
<item rdf:about="https://news.example.org/a/rdf-story-one"><title>RDF story</title>
<link>https://news.example.org/a/rdf-story-one</link><dc:date>2024-05-07T10:00:00Z</dc:date></item>
</rdf:RDF>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example</title>
<entry><title>Atom story</title><link rel="alternate" href="https://news.example.org/a/atom-story-one"/>
<published>2024-05-07T11:00:00Z</published><id>tag:x</id></entry></feed>"""

JSON_FEED = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "Example", "items": [
    {"id": "1", "url": "https://news.example.org/a/json-story-one", "title": "JSON story",
     "date_published": "2024-05-07T12:00:00Z"}, {"id": "2"}, "junk"]}).encode()

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example.org/2024/05/harbour-bridge-reopens</loc>
<news:news><news:publication><news:name>Example</news:name><news:language>en</news:language>
</news:publication><news:publication_date>2024-05-07T09:30:00+00:00</news:publication_date>
<news:title>Harbour bridge reopens</news:title>
</news:news></url></urlset>"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example.org/sitemap-2023.xml</loc><lastmod>2023-12-31</lastmod></sitemap>
<sitemap><loc>https://news.example.org/sitemap-2024.xml</loc><lastmod>2024-05-07</lastmod></sitemap>
</sitemapindex>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://news.example.org/&lol9;</loc></url></urlset>"""


def test_rss2_rss1_atom_and_json_feed():
    rss = parse_feed(RSS2, BASE + "rss.xml")
    assert [h.url for h in rss] == ["https://news.example.org/2024/05/harbour-bridge-reopens",
                                    "https://news.example.org/2024/05/second-story-here"]
    assert rss[0].title == "Harbour bridge reopens" and rss[0].published.startswith("2024-05-07T09:30")
    assert [h.url for h in parse_feed(RSS1, BASE)] == ["https://news.example.org/a/rdf-story-one"]
    atom = parse_feed(ATOM, BASE)
    assert atom[0].url == "https://news.example.org/a/atom-story-one" and atom[0].title == "Atom story"
    assert [(h.url, h.title) for h in parse_feed(JSON_FEED, BASE)] == [
        ("https://news.example.org/a/json-story-one", "JSON story")]
    assert sniff(JSON_FEED) == sniff(ATOM) == sniff(RSS1) == sniff(RSS2) == "feed"


def test_seed_kind_is_guessed_from_the_url():
    assert [seed_kind(BASE + p) for p in ("", "world", "sitemap.xml", "news-sitemap.xml.gz", "rss.xml",
                                          "feeds/posts/default", "2024/05/atomic-energy-story")] == [
        "section", "section", "sitemap", "sitemap", "feed", "feed", "section"]


def test_news_sitemap_keeps_title_and_date_and_gzip_is_the_same():
    for body in (NEWS_SITEMAP, gzip.compress(NEWS_SITEMAP)):
        sitemap = parse_sitemap(body, BASE)
        assert sitemap.is_news
        [hint] = sitemap.urls
        assert hint.title == "Harbour bridge reopens" and hint.published == "2024-05-07T09:30:00+00:00"
    assert sniff(gzip.compress(NEWS_SITEMAP)) == "sitemap"


def test_sitemap_index_lists_children():
    sitemap = parse_sitemap(INDEX, BASE)
    assert [h.url for h in sitemap.children] == ["https://news.example.org/sitemap-2023.xml",
                                                 "https://news.example.org/sitemap-2024.xml"]
    assert not sitemap.urls


@pytest.mark.parametrize("body", [BILLION_LAUGHS,
                                  BILLION_LAUGHS.replace(b"<urlset", b"<rss><channel><item><link>")])
def test_entity_bombs_are_refused_at_once(body):
    start = time.perf_counter()
    with pytest.raises(UnsafeXML):
        parse_sitemap(body, BASE) if b"urlset" in body else parse_feed(body, BASE)
    assert time.perf_counter() - start < 1


def test_external_entities_are_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file://{secret}">]>'
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           '<url><loc>https://news.example.org/&x;</loc></url></urlset>').encode()
    with pytest.raises(UnsafeXML):
        parse_sitemap(xxe, BASE)
    # An external DTD (no internal entities) is not loaded either.
    internal = f'[<!ENTITY x SYSTEM "file://{secret}">]'.encode()
    dtd = xxe.replace(internal, f'SYSTEM "file://{secret}"'.encode())
    assert "TOP-SECRET" not in repr(parse_sitemap(dtd, BASE))


def test_a_feed_body_that_is_a_local_path_is_parsed_as_bytes(tmp_path, monkeypatch):
    secret = tmp_path / "feed.xml"
    secret.write_bytes(RSS2)
    opened = []
    real_open = builtins.open
    monkeypatch.setattr(builtins, "open", lambda f, *a, **k: opened.append(f) or real_open(f, *a, **k))
    assert parse_feed(str(secret).encode(), BASE) == []
    assert str(secret) not in map(str, opened)


def test_sitemap_url_count_and_gzip_bomb_are_bounded():
    many = (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + b"".join(b"<url><loc>https://news.example.org/a/story-%d</loc></url>" % i
                       for i in range(MAX_SITEMAP_URLS + 500)) + b"</urlset>")
    assert len(parse_sitemap(many, BASE).urls) == MAX_SITEMAP_URLS
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"\0" * 2**20
    bomb = b"".join(compressor.compress(chunk) for _ in range(200)) + compressor.flush()   # 200 MiB of zeros
    assert len(bomb) < 1_000_000
    assert len(inflate(bomb)) <= MAX_SITEMAP_BYTES
    assert parse_sitemap(bomb, BASE).urls == []


def test_truncated_xml_keeps_what_parsed():
    cut = NEWS_SITEMAP.replace(b"</url></urlset>", b"</url><url><loc>https://news.exa")
    urls = [h.url for h in parse_sitemap(cut, BASE).urls]
    assert urls[0] == "https://news.example.org/2024/05/harbour-bridge-reopens"


def test_robots_sitemaps_feed_links_and_page_links():
    robots = (b"User-agent: *\nDisallow: /search\n"
              b"Sitemap: https://news.example.org/news-sitemap.xml\nsitemap: /s2.xml\n")
    assert robots_sitemaps(robots, BASE) == ["https://news.example.org/news-sitemap.xml",
                                             "https://news.example.org/s2.xml"]
    page = b"""<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml">
    <link rel="alternate" hreflang="fr" href="/fr/"><link rel="stylesheet" href="/s.css"></head>
    <body><a href="/2024/05/a-story-here#top">one</a><a href="/2024/05/a-story-here">again</a>
    <a href="mailto:x@y.z">mail</a><a href="https://other.example.com/x">out</a></body></html>"""
    assert read_page(page, BASE).feeds == ["https://news.example.org/rss.xml"]
    assert read_page(page, BASE).links == ["https://news.example.org/2024/05/a-story-here",
                                           "https://other.example.com/x"]


def test_discover_walks_feeds_sitemaps_and_seeds_within_scope():
    home = b"""<html><body><a href="/2024/05/section-link-story">s</a><a href="/about">about</a>
    <a href="https://elsewhere.example.net/2024/05/foreign-story-here">x</a>
    <a href="/a/b/a/b/a/b/c">loop</a></body></html>"""
    bodies = {BASE: home, BASE + "rss.xml": RSS2, BASE + "sitemap.xml": INDEX,
              "https://news.example.org/sitemap-2024.xml": NEWS_SITEMAP}
    fetched = []

    async def fetch(url, kind, why):
        fetched.append((url, kind))
        return bodies.get(url)

    site = Site(name="ex", seeds=(BASE,), feeds=(BASE + "rss.xml",), sitemaps=(BASE + "sitemap.xml",))
    found = asyncio.run(discover(site, fetch))
    assert set(found.articles) == {"https://news.example.org/2024/05/harbour-bridge-reopens",
                                   "https://news.example.org/2024/05/second-story-here",
                                   "https://news.example.org/2024/05/section-link-story"}
    assert found.out_of_scope == 1
    assert list(found.traps) == ["https://news.example.org/a/b/a/b/a/b/c"]
    # newest child sitemap first; each fetched once
    sitemap_fetches = [u for u, k in fetched if k == "sitemap"]
    assert sitemap_fetches == [BASE + "sitemap.xml", "https://news.example.org/sitemap-2024.xml",
                               "https://news.example.org/sitemap-2023.xml"]


def test_sitemap_loops_and_depth_are_bounded():
    def index(*children):
        return (b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                + b"".join(b"<sitemap><loc>%s</loc></sitemap>" % c.encode() for c in children)
                + b"</sitemapindex>")
    # each index lists the next one, itself and the first: a chain, a self-loop and a cycle
    chain = {f"{BASE}s{i}.xml": index(f"{BASE}s{i + 1}.xml", f"{BASE}s{i}.xml", BASE + "s0.xml")
             for i in range(10)}
    fetched = []

    async def fetch(url, kind, why):
        fetched.append(url)
        return chain.get(url)

    asyncio.run(discover(Site(name="ex", sitemaps=(BASE + "s0.xml",)), fetch))
    assert fetched == [BASE + "s0.xml", BASE + "s1.xml", BASE + "s2.xml"]


def test_a_page_names_its_navigation_and_its_next_page_however_it_numbers_pages():
    page = b"""<html><body><header><a href="/world/">World</a></header>
    <div class="main-nav"><a href="/tech/">Tech</a></div><div id="site-menu"><a href="/arts/">Arts</a></div>
    <div class="canvas"><a href="/promo/">Promo</a></div>
    <a href="/news/2024/05/a-story-here">s</a><a href="?page=3">3</a><a href="?page=2">2</a></body></html>"""
    read = read_page(page, BASE + "latest/")
    assert read.navigation == {BASE + "world/", BASE + "tech/", BASE + "arts/"}
    assert read.next_page == BASE + "latest/?page=2"
    assert read_page(page, BASE + "latest/?page=2").next_page == BASE + "latest/?page=3"
    numbered = b"<a href='/sport/page/3/'>older</a><a href='/sport/page/1/'>newer</a>"
    assert read_page(numbered, BASE + "sport/page/2/").next_page == BASE + "sport/page/3/"
    declared = b"<html><head><link rel='next' href='/x/?p=9'></head><body><a href='?page=2'>2</a></body>"
    assert read_page(declared, BASE + "x/").next_page == BASE + "x/?p=9"      # rel=next wins
    assert read_page(b"<a href='/other/?page=2'>2</a>", BASE + "x/").next_page is None


def test_section_pages_are_followed_to_the_site_hub_depth_and_no_further():
    pages = {BASE: b"<nav><a href='/world/'>World</a><a href='/about/'>About</a></nav>"
                   b"<a href='/page/3/'>3</a>",
             BASE + "world/": b"<a href='/world/africa/'>Africa</a><a href='/2024/05/world-story-here'>s</a>",
             BASE + "world/africa/": b"<a href='/2024/05/africa-story-here'>s</a>"}
    fetched = []

    async def fetch(url, kind, why):
        fetched.append(url)
        return pages.get(url)
    for depth, expected in ((1, set()), (2, {"world-story"}), (3, {"world-story", "africa-story"})):
        site = Site(name="ex", seeds=(BASE,), feeds=(BASE + "rss",), hub_depth=depth)
        found = asyncio.run(discover(site, fetch))
        assert {u.rsplit("/", 1)[1].removesuffix("-here") for u in found.articles} == expected
        assert BASE + "about/" not in fetched and BASE + "page/3/" not in fetched   # page 3: only from page 2
        assert found.hubs.get(BASE + "world/", (1, BASE)) == (1, BASE)
