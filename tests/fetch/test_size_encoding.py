"""reliability.md group A: size and encoding. Caps scaled to 1 MiB; bombs expand to 1 GiB but are generated
as they are sent, so the server only produces what the client reads."""
from __future__ import annotations

import asyncio
import gzip
import time
import tracemalloc
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.fetch import DECODE_STEP, BoundedDecoder, DecodeError, Limits, TruncatedStream
from tests.harness import server as S

from .conftest import MiB, run

GiB = 2**30
HTML = b"<html><head><title>Budget vote</title></head><body><p>The council voted.</p></body></html>"


def url(server, path, host="news.test"):
    return server.url(path, host=host)


def serve_robots_allow(server):
    server.route("/robots.txt", S.status(404))


def fetch_one(make_fetcher, server, path, **kwargs):
    fetcher = make_fetcher()
    [response] = run(fetcher, [url(server, path)], **kwargs)
    return fetcher, response


def traced(call):
    """(what call() returns, the peak of Python memory allocations while it ran)."""
    tracemalloc.start()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_normal_page_is_fetched_with_explicit_accept_encoding(fault_server, make_fetcher):
    serve_robots_allow(fault_server)
    fault_server.route("/a", S.page(HTML))
    _, response = fetch_one(make_fetcher, fault_server, "/a")
    assert response.outcome == "ok" and response.body == HTML and response.status == 200
    assert response.http_version == "HTTP/1.1"
    [entry] = fault_server.requests("/a")
    # Never br or zstd: httpx would add them whenever brotli/zstandard is importable.
    assert entry.request.headers["accept-encoding"] == "gzip, deflate"
    assert dict(response.request_headers)["accept-encoding"] == "gzip, deflate"


@pytest.mark.parametrize("encoding, encode", [
    ("gzip", gzip.compress),
    ("x-gzip", gzip.compress),
    ("deflate", zlib.compress),                                       # zlib-wrapped, as RFC 9110 says
    ("deflate", lambda b: zlib.compress(b, wbits=-15)),               # raw deflate, as many servers send
    ("gzip, gzip", lambda b: gzip.compress(gzip.compress(b))),
    ("gzip", lambda b: gzip.compress(b[:40]) + gzip.compress(b[40:])),  # two gzip members
])
def test_compressed_pages_decode(fault_server, make_fetcher, encoding, encode):
    serve_robots_allow(fault_server)
    fault_server.route("/z", S.page(encode(HTML), headers=[("Content-Encoding", encoding)]))
    _, response = fetch_one(make_fetcher, fault_server, "/z")
    assert response.outcome == "ok" and response.body == HTML


def test_a1_content_length_over_cap_refused_from_headers(fault_server, make_fetcher):
    serve_robots_allow(fault_server)
    size = 50 * 10**6
    fault_server.route("/big", S.streamed(lambda: S.text(size), chunked=False, length=size))
    fetcher, response = fetch_one(make_fetcher, fault_server, "/big")
    assert response.outcome == "skipped:too_large" and response.status == 200
    assert response.raw_bytes == 0 and response.body == b""
    # Bytes that reached the client for the whole host: robots 404 + headers + at most one read of body.
    received = fetcher.host_report()["news.test"]["bytes_received"]
    assert received <= 64 * 2**10 + 2048, received


def test_a2_chunked_body_without_length_aborted_at_cap(fault_server, make_fetcher, scorecard):
    serve_robots_allow(fault_server)
    fault_server.route("/big", S.streamed(lambda: S.text(50 * 10**6)))
    (_, response), peak = traced(lambda: fetch_one(make_fetcher, fault_server, "/big"))
    assert response.outcome == "skipped:too_large"
    assert MiB < response.raw_bytes <= MiB + 64 * 2**10
    [entry] = fault_server.requests("/big")
    scorecard.worst("over_cap_kib", (response.raw_bytes - MiB) / 1024, "A2 read")
    scorecard.worst("rss_mib", peak / MiB, "A2 (traced)")
    assert entry.bytes_sent <= 2 * MiB, entry.bytes_sent      # cap + 1 MiB
    assert peak <= 3 * MiB, peak


def test_a3_endless_chunked_body_ends_at_cap(fault_server, make_fetcher):
    serve_robots_allow(fault_server)
    fault_server.route("/endless", S.streamed(lambda: S.text(None)))
    started = time.monotonic()
    _, response = fetch_one(make_fetcher, fault_server, "/endless")
    assert response.outcome == "skipped:too_large"
    assert time.monotonic() - started <= 2 + 1


@pytest.mark.parametrize("encoding, wbits", [("gzip", 31), ("deflate", 15), ("deflate", -15)])
def test_a4_a6_bomb_decoding_stops_at_cap(encoding, wbits, scorecard):
    """The decoder itself: a 1 GiB bomb yields no piece over 64 KiB and is stopped just past the cap."""
    decoder = BoundedDecoder(encoding)
    decoded, largest = 0, 0
    for chunk in S.bomb(GiB, wbits=wbits):
        for piece in decoder.feed(chunk):
            decoded += len(piece)
            largest = max(largest, len(piece))
            if decoded > MiB:
                break
        if decoded > MiB:
            break
    scorecard.worst("bomb_ratio", decoded / MiB, f"A4 {encoding}/{wbits}")
    assert largest <= DECODE_STEP
    assert MiB < decoded <= 1.1 * MiB


def test_a6_nested_gzip_layers_are_each_bounded():
    inner = b"".join(S.bomb(64 * MiB))            # 64 MiB of zeros, about 64 KiB compressed
    outer = gzip.compress(inner)
    decoder = BoundedDecoder("gzip, gzip")
    decoded, largest = 0, 0
    for piece in decoder.feed(outer):
        decoded += len(piece)
        largest = max(largest, len(piece))
        if decoded > MiB:
            break
    assert largest <= DECODE_STEP and decoded <= 1.1 * MiB


@pytest.mark.parametrize("encoding, wbits", [("gzip", 31), ("deflate", 15), ("deflate", -15)])
def test_a4_a6_bomb_over_http_skipped(fault_server, make_fetcher, encoding, wbits):
    serve_robots_allow(fault_server)
    fault_server.route("/bomb", S.streamed(lambda: S.bomb(GiB, wbits=wbits),
                                           headers=[("Content-Encoding", encoding)]))
    (_, response), peak = traced(lambda: fetch_one(make_fetcher, fault_server, "/bomb"))
    assert response.outcome == "skipped:too_large"
    assert response.raw_bytes < 64 * 2**10          # about 1 KiB of bomb is enough to pass the cap
    assert peak <= 3 * MiB, peak


def test_a6_sitemap_xml_gz_with_content_encoding_gzip_bounded(fault_server, make_fetcher):
    """A gzip file (sitemap.xml.gz) sent with Content-Encoding: gzip: two layers, both bounded."""
    serve_robots_allow(fault_server)
    sitemap_gz = b"".join(S.bomb(64 * MiB))      # two layers: the inner one alone passes the cap 64 times
    fault_server.route("/sitemap.xml.gz", S.streamed(lambda: S.compressed(iter([sitemap_gz]), 31),
                                                     content_type="application/x-gzip",
                                                     headers=[("Content-Encoding", "gzip")]))
    _, response = fetch_one(make_fetcher, fault_server, "/sitemap.xml.gz", kind="sitemap")
    assert response.outcome == "skipped:too_large"


def test_sitemap_xml_gz_file_is_inflated(fault_server, make_fetcher):
    serve_robots_allow(fault_server)
    xml = b'<?xml version="1.0"?><urlset><url><loc>http://news.test/a</loc></url></urlset>'
    fault_server.route("/sitemap.xml.gz", S.page(gzip.compress(xml), content_type="application/x-gzip"))
    _, response = fetch_one(make_fetcher, fault_server, "/sitemap.xml.gz", kind="sitemap")
    assert response.outcome == "ok" and response.body == xml


@pytest.mark.parametrize("encoding", ["br", "zstd", "compress", "gzip;q=1", "rot13"])
def test_a5_a10_unadvertised_or_unknown_encodings_rejected(fault_server, make_fetcher, encoding):
    """A brotli/zstd body we never asked for is refused before a byte of it is decoded."""
    serve_robots_allow(fault_server)
    fault_server.route("/enc", S.streamed(lambda: S.zeros(10 * MiB),
                                          headers=[("Content-Encoding", encoding)]))
    _, response = fetch_one(make_fetcher, fault_server, "/enc")
    assert response.outcome == "error:decode"
    assert response.raw_bytes == 0


def test_a7_lying_content_length_is_truncation(fault_server, make_fetcher):
    serve_robots_allow(fault_server)
    fault_server.route("/lie", S.lying_length(100_000, 50_000))
    _, response = fetch_one(make_fetcher, fault_server, "/lie")
    assert response.outcome == "error:truncated"
    assert response.body == b""


def test_truncated_gzip_stream_is_truncation(fault_server, make_fetcher):
    serve_robots_allow(fault_server)
    cut = gzip.compress(HTML * 50)[:-30]
    fault_server.route("/cut", S.page(cut, headers=[("Content-Encoding", "gzip")]))
    _, response = fetch_one(make_fetcher, fault_server, "/cut")
    assert response.outcome == "error:truncated"


def timed_after_robots(make_fetcher, server, path):
    """Fetch `path` once robots.txt is cached, timing only that fetch."""
    server.route("/warm-up", S.page(HTML))
    fetcher = make_fetcher()

    async def go():
        async with fetcher:
            await fetcher.fetch(url(server, "/warm-up"))
            started = time.monotonic()
            response = await fetcher.fetch(url(server, path))
            return response, time.monotonic() - started
    return asyncio.run(go())


def test_a8_one_megabyte_header_line_is_protocol_error(fault_server, make_fetcher):
    serve_robots_allow(fault_server)
    head = b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * MiB + b"\r\nContent-Length: 2\r\n\r\nok"
    fault_server.route("/long-header", S.raw(head))
    response, took = timed_after_robots(make_fetcher, fault_server, "/long-header")
    assert response.outcome == "error:protocol"
    assert took < 1, took


def test_a8_ten_thousand_header_lines_never_hang(fault_server, make_fetcher):
    serve_robots_allow(fault_server)
    lines = b"".join(b"X-H%d: v\r\n" % i for i in range(10_000))
    fault_server.route("/many-headers", S.raw(b"HTTP/1.1 200 OK\r\n" + lines
                                              + b"Content-Type: text/html\r\nContent-Length: 2\r\n\r\nok"))
    response, took = timed_after_robots(make_fetcher, fault_server, "/many-headers")
    # Accepted by the HTTP/1.1 parser (about 120 KiB), refused by our header-count bound, quickly.
    assert response.outcome == "error:protocol"
    assert took < 1, took


def test_a9_redirect_body_is_never_read(fault_server, make_fetcher):
    serve_robots_allow(fault_server)
    fault_server.route("/moved", S.redirect(url(fault_server, "/a"), body_size=100 * 10**6))
    fault_server.route("/a", S.page(HTML))
    fetcher = make_fetcher()
    [response] = run(fetcher, [url(fault_server, "/moved", host="r.test")])
    assert response.outcome == "ok" and response.body == HTML
    assert response.redirects == [url(fault_server, "/moved", host="r.test")]
    # r.test only ever answered robots.txt (404) and the redirect; its 100 MB body stayed unread.
    assert fetcher.host_report()["r.test"]["bytes_received"] <= 64 * 2**10 + 2048


def test_a10_gzip_label_on_plain_text_is_decode_error(fault_server, make_fetcher):
    serve_robots_allow(fault_server)
    fault_server.route("/fake-gzip", S.page(HTML, headers=[("Content-Encoding", "gzip")]))
    _, response = fetch_one(make_fetcher, fault_server, "/fake-gzip")
    assert response.outcome == "error:decode"


@pytest.mark.parametrize("body, content_type", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "text/html"),
    (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "text/html; charset=utf-8"),
    (b"\xff\xd8\xff\xe0\0\x10JFIF", None),
    (b"<html>looks fine</html>", "application/pdf"),
    (b"<html>looks fine</html>", "image/png"),
    (b"plain \0 text with NUL bytes", "text/html"),
])
def test_a11_binary_bodies_skipped(fault_server, make_fetcher, body, content_type):
    serve_robots_allow(fault_server)
    fault_server.route("/bin", S.page(body, content_type=content_type))
    _, response = fetch_one(make_fetcher, fault_server, "/bin")
    assert response.outcome == "skipped:content_type"


@pytest.mark.parametrize("handler", [S.status(204), S.page(b"")], ids=["204", "empty-200"])
def test_a11_empty_responses_skipped(fault_server, make_fetcher, handler):
    serve_robots_allow(fault_server)
    fault_server.route("/empty", handler)
    _, response = fetch_one(make_fetcher, fault_server, "/empty")
    assert response.outcome == "skipped:empty"


def test_conditional_request_and_not_modified(fault_server, make_fetcher):
    serve_robots_allow(fault_server)
    fault_server.route("/same", S.status(304, headers=[("ETag", '"v1"')]))
    _, response = fetch_one(make_fetcher, fault_server, "/same", etag='"v1"',
                            last_modified="Sat, 28 Nov 2026 05:00:00 GMT")
    assert response.outcome == "not_modified" and response.status == 304
    [entry] = fault_server.requests("/same")
    assert entry.request.headers["if-none-match"] == '"v1"'
    assert entry.request.headers["if-modified-since"] == "Sat, 28 Nov 2026 05:00:00 GMT"


def test_utf16_page_is_not_mistaken_for_binary(fault_server, make_fetcher):
    serve_robots_allow(fault_server)
    body = "\ufeff<html><body><p>Überschwemmung im Tal</p></body></html>".encode("utf-16-le")
    fault_server.route("/utf16", S.page(body, content_type="text/html"))
    _, response = fetch_one(make_fetcher, fault_server, "/utf16")
    assert response.outcome == "ok" and response.body == body


@pytest.mark.parametrize("label, codec", [("utf-16le", "utf-16-le"), ("UTF-16BE", "utf-16-be"),
                                          ("\"utf-16\"", "utf-16-le")])
def test_a12_a_labelled_utf16_page_without_a_bom_is_kept_and_parsed(fault_server, make_fetcher, label, codec):
    from parsers import parse

    serve_robots_allow(fault_server)
    page = ("<html><head><title>Überschwemmung im Tal</title></head><body><article>"
            "<h1>Überschwemmung im Tal</h1>" + "<p>Das Wasser stieg über Nacht um zwei Meter.</p>" * 8
            + "</article></body></html>")
    content_type = f"text/html; charset={label}"
    fault_server.route("/utf16", S.page(page.encode(codec), content_type=content_type))
    _, response = fetch_one(make_fetcher, fault_server, "/utf16")
    assert response.outcome == "ok"
    article = parse(response.body, url=response.url, content_type=content_type)
    assert article.headline == "Überschwemmung im Tal"


def test_gzip_members_split_anywhere_decode_whole():
    """A second gzip member whose magic bytes straddle two network chunks is still decoded."""
    data = gzip.compress(HTML[:30]) + gzip.compress(HTML[30:])
    for cut in range(1, len(data)):
        decoder = BoundedDecoder("gzip")
        out = b"".join([*decoder.feed(data[:cut]), *decoder.feed(data[cut:])])
        decoder.finish()
        assert out == HTML, cut


def test_decoder_rejects_garbage_without_raising_anything_else():
    with pytest.raises(DecodeError):
        list(BoundedDecoder("gzip").feed(b"this is not gzip at all"))
    with pytest.raises(DecodeError):
        BoundedDecoder("br")


def _split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts} | {0, len(data)})
    return [data[a:b] for a, b in zip(points, points[1:], strict=False)]


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=4000), st.lists(st.integers(0, 10_000), max_size=8),
       st.sampled_from([("gzip", gzip.compress), ("deflate", zlib.compress),
                        ("deflate", lambda b: zlib.compress(b, wbits=-15))]))
def test_property_decoding_is_exact_however_the_body_is_chunked(data, cuts, codec):
    encoding, encode = codec
    decoder = BoundedDecoder(encoding)
    out = b"".join(piece for chunk in _split(encode(data), cuts) for piece in decoder.feed(chunk))
    decoder.finish()
    assert out == data


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["gzip", "deflate", "gzip, deflate"]))
def test_property_garbage_only_ever_raises_our_errors(data, encoding):
    decoder = BoundedDecoder(encoding)
    try:
        for _ in decoder.feed(data):
            pass
        decoder.finish()
    except (DecodeError, TruncatedStream):
        pass


def test_a4_full_size_gzip_bomb_with_default_limits(fault_server, make_fetcher):
    """The production cap (10 MiB): a 1 GiB gzip bomb stops just past it, in bounded memory."""
    serve_robots_allow(fault_server)
    fault_server.route("/bomb", S.streamed(lambda: S.bomb(GiB), headers=[("Content-Encoding", "gzip")]))
    cap = Limits().max_body
    fetcher = make_fetcher(max_body=cap)
    [response], peak = traced(lambda: run(fetcher, [url(fault_server, "/bomb")]))
    assert response.outcome == "skipped:too_large"
    assert peak <= 3 * cap, peak
