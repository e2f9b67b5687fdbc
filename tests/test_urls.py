"""URL canonicalisation, trap rules and article patterns (plan F2-F4, and the Hypothesis property)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.urls import (
    MAX_URL_LENGTH,
    ArticlePatterns,
    InvalidURL,
    canonical,
    site_scope,
    trap_reason,
    try_canonical,
)

ARTICLE = "https://www.example.com/news/2024/05/harbour-bridge-reopens"


@pytest.mark.parametrize("variant", [
    "HTTPS://WWW.Example.COM:443/news/2024/05/harbour-bridge-reopens",
    ARTICLE + "#comments",
    ARTICLE + "?utm_source=twitter&utm_medium=social",
    ARTICLE + "?fbclid=IwAR0abc&gclid=xyz",
    ARTICLE + ";jsessionid=0A1B2C3D4E5F",
    ARTICLE + "?PHPSESSID=abcdef123",
    ARTICLE + "?sid=0123456789abcdef0123456789abcdef",
    "https://www.example.com/news/./2024/05/../05/harbour-bridge-reopens",
    "https://www.example.com/news/2024/05/%2E%2E/05/%68arbour-bridge-reopens",      # RFC 3986 6.2.2
    "https://www.example.com/news/2024/05/x/%2e./harbour-bridge-reopens",
    "https://www.example.com/%6Eews/2024/%30%35/harbour%2Dbridge%2dreopens",
])
def test_spellings_of_one_article_are_one_url(variant):
    assert canonical(variant) == ARTICLE


def test_reserved_escapes_stay_encoded():
    """`%2F` is data inside a segment, not a separator: only unreserved characters are decoded."""
    assert canonical("http://a.example/x/a%2fb%2E%2E/c") == "http://a.example/x/a%2Fb../c"


def test_query_is_sorted_and_meaningful_parameters_stay():
    assert canonical("http://a.example/story?page=2&id=7&utm_campaign=x") == \
        "http://a.example/story?id=7&page=2"
    # `sid` that is not a session token is an ordinary parameter
    assert canonical("http://a.example/story?sid=42") == "http://a.example/story?sid=42"


def test_relative_links_resolve_against_the_page_and_credentials_are_dropped():
    assert canonical("../b/c", base="http://a.example/x/y/z") == "http://a.example/x/b/c"
    assert canonical("http://user:pw@a.example/") == "http://a.example/"
    assert canonical("http://a.example:8080") == "http://a.example:8080/"


@pytest.mark.parametrize("bad", ["mailto:x@example.com", "javascript:alert(1)", "ftp://a.example/f",
                                 "file:///etc/passwd", "data:text/html,hi", "http://", "http://[::1"])
def test_urls_we_cannot_fetch_are_refused(bad):
    with pytest.raises(InvalidURL):
        canonical(bad)
    assert try_canonical(bad) is None


def test_traps():
    assert trap_reason(ARTICLE) is None
    assert "repeated" in trap_reason("http://a.example/a/b/a/b/a/b/")
    assert "segments" in trap_reason("http://a.example/" + "/".join(f"s{i}" for i in range(25)))
    assert "longer" in trap_reason("http://a.example/" + "x" * 10_000)


def test_scope_is_the_registrable_domain_or_the_exact_loopback_host():
    assert site_scope("https://news.bbc.co.uk/x") == "bbc.co.uk"
    assert site_scope("http://127.0.0.2:8123/a") == "127.0.0.2:8123"


def test_article_patterns():
    default = ArticlePatterns()
    assert default.is_article(ARTICLE)
    assert default.is_article("https://a.example/world/story-12345678")
    assert not default.is_article("https://a.example/tag/harbour-bridge-reopens")
    assert not default.is_article("https://a.example/")
    assert not default.is_article("https://a.example/world")
    site = ArticlePatterns(allow=[r"/\d{4}/\d{2}/[^/]+\.html$"], deny=[r"/2019/"])
    assert site.is_article("https://a.example/2024/05/some-story.html")
    assert not site.is_article("https://a.example/2019/05/some-story.html")
    assert not site.is_article(ARTICLE)


_segment = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
_urls = st.builds(
    lambda scheme, host, port, segments, query, fragment: (
        f"{scheme}://{host}{port}/{'/'.join(segments)}"
        f"{'?' + query if query else ''}{'#' + fragment if fragment else ''}"),
    st.sampled_from(["http", "https", "HTTP"]),
    st.from_regex(r"[A-Za-z0-9]([A-Za-z0-9-]{0,20}[A-Za-z0-9])?(\.[A-Za-z]{2,6}){1,2}", fullmatch=True),
    st.sampled_from(["", ":80", ":443", ":8080"]),
    st.lists(_segment, max_size=30),
    st.text(max_size=60),
    st.text(max_size=10),
)


@settings(max_examples=300, deadline=None)
@given(_urls)
def test_canonical_is_idempotent(url):
    once = try_canonical(url)
    if once is not None:
        assert canonical(once) == once


_plain = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-._~/=&", max_size=3 * MAX_URL_LENGTH)


@settings(max_examples=300, deadline=None)
@given(_plain)
def test_canonical_never_grows_past_the_cap(rest):
    """Canonicalising only removes (a root slash aside), so a URL within the cap stays within it,
    and one beyond it is a trap."""
    url = "http://a.example/" + rest
    once = canonical(url)
    assert len(once) <= len(url)
    assert (len(once) <= MAX_URL_LENGTH) == (trap_reason(once) is None or "longer" not in trap_reason(once))
