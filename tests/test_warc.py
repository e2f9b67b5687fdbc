"""Raw capture: WARC 1.1 records that standard tools read back, and references that lead to them."""
import gzip
from collections import Counter
from io import BytesIO
from types import SimpleNamespace

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scraper.warc import (
    PROFILE_IDENTICAL,
    PROFILE_NOT_MODIFIED,
    RawResponse,
    WarcError,
    WarcRef,
    WarcWriter,
    iter_html_responses,
    payload_digest,
    read_response,
    warc_date,
    warc_directory,
)

PAGE = "<!doctype html><html><head><title>Ünïcode</title></head><body><p>Story {n}</p></body></html>"


def page(n: int, **kw) -> RawResponse:
    defaults = dict(url=f"https://news.example.com/story/{n}?page=1", status=200,
                    body=PAGE.format(n=n).encode() * 5, started_at="2026-03-01T12:30:00.250000+01:00",
                    headers=[("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip"),
                             ("Content-Length", "123")],
                    request_headers=[("User-Agent", "news-scraper/test"), ("Accept", "text/html")])
    return RawResponse(**{**defaults, **kw})


def all_records(directory):
    """(file, offset, length, type, target, record headers, http headers, body) for every record."""
    out = []
    for path in sorted(directory.iterdir()):
        with open(path, "rb") as f:
            records = ArchiveIterator(f, check_digests="raise")
            for record in records:
                body = record.content_stream().read()
                offset = records.get_record_offset()
                records.read_to_end(record)
                out.append((path.name, offset, records.get_record_length(), record.rec_type,
                            record.rec_headers.get_header("WARC-Target-URI"), record.rec_headers,
                            record.http_headers, body))
    return out


def test_every_record_reads_back_and_refs_point_at_their_response(tmp_path):
    with WarcWriter(tmp_path, max_file_bytes=3000) as writer:
        refs = [writer.write_response(page(n)) for n in range(12)]
    records = all_records(tmp_path)
    assert len({r[0] for r in records}) > 1, "the writer should have rotated files"
    assert all(name.startswith("scraper-") and name.endswith(".warc.gz") for name in {r[0] for r in records})
    by_position = {(r[0], r[1]): r for r in records}
    for n, ref in enumerate(refs):
        name, offset, length, kind, target, rec_headers, http, body = by_position[(ref.file, ref.offset)]
        assert (kind, length, target) == ("response", ref.length, f"https://news.example.com/story/{n}?page=1")
        assert body == page(n).body
        assert rec_headers.protocol == "WARC/1.1"
        assert rec_headers.get_header("WARC-Date") == "2026-03-01T11:30:00.250000Z"
        assert ref.digest == rec_headers.get_header("WARC-Payload-Digest") == payload_digest(body)
        assert read_response(tmp_path, ref) == (target, http.headers, body)
    kinds = Counter(r[3] for r in records)
    assert kinds == {"response": 12, "request": 12, "warcinfo": len({r[0] for r in records})}


def test_request_record_is_concurrent_to_its_response(tmp_path):
    with WarcWriter(tmp_path) as writer:
        writer.write_response(page(1))
    _, response, request = all_records(tmp_path)
    assert request[3] == "request"
    assert request[5].get_header("WARC-Concurrent-To") == response[5].get_header("WARC-Record-ID")
    assert request[6].protocol == "GET" and request[6].statusline == "/story/1?page=1 HTTP/1.1"
    assert request[6].get_header("Host") == "news.example.com"
    assert request[6].get_header("User-Agent") == "news-scraper/test"


def test_wire_headers_are_renamed_because_the_body_is_stored_decoded(tmp_path):
    with WarcWriter(tmp_path) as writer:
        ref = writer.write_response(page(2))
    _, headers, body = read_response(tmp_path, ref)
    names = dict(headers)
    assert "Content-Encoding" not in names and names["X-Archive-Orig-Content-Encoding"] == "gzip"
    assert names["X-Archive-Orig-Content-Length"] == "123" and names["Content-Length"] == str(len(body))


def test_truncated_body_is_flagged(tmp_path):
    with WarcWriter(tmp_path) as writer:
        ref = writer.write_response(page(3, outcome="skipped:too_large"))
    record = next(r for r in all_records(tmp_path) if r[1] == ref.offset)
    assert record[5].get_header("WARC-Truncated") == "length"


def test_revisits_refer_to_the_original_record(tmp_path):
    original = page(4)
    with WarcWriter(tmp_path) as writer:
        first = writer.write_response(original)
        same = writer.write_revisit(page(4, started_at="2026-03-02T00:00:00Z"), refers_to=first)
        not_modified = SimpleNamespace(url=original.url, final_url=original.url, status=304,
                                       reason="Not Modified", headers=[("ETag", '"v1"')], request_headers=[],
                                       body=b"", started_at="2026-03-03T00:00:00Z", outcome="not_modified")
        unmodified = writer.write_revisit(not_modified, refers_to=first.capture)   # named without a disk read
    assert first.capture.digest == first.digest
    records = {r[1]: r for r in all_records(tmp_path)}
    response_id = records[first.offset][5].get_header("WARC-Record-ID")
    for ref, profile in ((same, PROFILE_IDENTICAL), (unmodified, PROFILE_NOT_MODIFIED)):
        headers = records[ref.offset][5]
        assert records[ref.offset][3] == "revisit" and headers.get_header("WARC-Profile") == profile
        assert headers.get_header("WARC-Refers-To") == response_id
        assert headers.get_header("WARC-Refers-To-Target-URI") == original.url
        assert headers.get_header("WARC-Refers-To-Date") == "2026-03-01T11:30:00.250000Z"
        assert headers.get_header("WARC-Payload-Digest") == first.digest == ref.digest
        assert records[ref.offset][7] == b"", "a revisit stores no body"
    # the identical body's revisit keeps its own 200 headers; the 304's has no HTTP block, so a replay
    # tool serves the original's status and headers with its body (tests/test_replay.py)
    assert records[same.offset][6].get_statuscode() == "200"
    assert records[unmodified.offset][6] is None
    with pytest.raises(WarcError, match="revisit"):
        read_response(tmp_path, same)


def test_a_fetch_keeps_every_answer_it_received(tmp_path):
    """A redirect, then a 503 that was retried, then the page: three responses, each with its request;
    the two whose bodies were not read are marked truncated. A 404 is kept too, without its body."""
    from scraper.fetch import Exchange

    start = "2026-03-01T10:00:0{}Z"
    hop = Exchange("https://news.example.com/old", 301, "Moved", [("Location", "/story/1?page=1")],
                   [("User-Agent", "t")], start.format(1), "redirect")
    busy = Exchange("https://news.example.com/story/1?page=1", 503, "Busy", [("Content-Length", "0")],
                    [("User-Agent", "t")], start.format(2), "error:http")
    missing = page(9, status=404, body=b"", outcome="error:http", headers=[("Content-Type", "text/html")])
    with WarcWriter(tmp_path) as writer:
        answered = SimpleNamespace(**vars(page(8)), final_url=page(8).url, exchanges=[hop, busy])
        final = writer.write_fetch(answered)
        gone = writer.write_fetch(missing)
    records = [r for r in all_records(tmp_path) if r[3] != "warcinfo"]
    assert [(r[3], r[6].get_statuscode() if r[3] == "response" else None) for r in records] == [
        ("response", "301"), ("request", None), ("response", "503"), ("request", None),
        ("response", "200"), ("request", None), ("response", "404"), ("request", None)]
    truncated = [r[5].get_header("WARC-Truncated") for r in records if r[3] == "response"]
    assert truncated == ["unspecified", None, None, "unspecified"]   # the 503 said its body was empty
    assert final.capture is not None and gone.capture is None          # only a whole body is an original


def test_no_response_no_record(tmp_path):
    failed = SimpleNamespace(url="https://x.example/", final_url="https://x.example/", status=None, reason="",
                             headers=[], request_headers=[], body=b"", started_at="", outcome="error:connect")
    with WarcWriter(tmp_path) as writer, pytest.raises(ValueError, match="error:connect"):
        writer.write_response(failed)
    assert list(tmp_path.iterdir()) == [], "no file is created before the first record"


def test_a_bad_reference_is_a_clear_error(tmp_path):
    with WarcWriter(tmp_path) as writer:
        ref = writer.write_response(page(5))
    for bad in (WarcRef(ref.file, ref.offset + 3, ref.length), WarcRef(ref.file, ref.offset, 10**6),
                WarcRef("missing.warc.gz", 0, 10)):
        with pytest.raises(WarcError):
            read_response(tmp_path, bad)


def test_a_new_writer_never_appends_to_an_old_file(tmp_path):
    with WarcWriter(tmp_path) as writer:
        first = writer.write_response(page(6))
    with WarcWriter(tmp_path) as writer:
        second = writer.write_response(page(7))
    assert first.file != second.file
    assert read_response(tmp_path, first)[2] == page(6).body


def test_warc_directory_and_dates():
    assert warc_directory("/data/archive.db").as_posix() == "/data/archive-warc"
    assert warc_date("2026-01-02T03:04:05-05:00") == "2026-01-02T08:04:05Z"
    assert warc_date("2026-01-02T03:04:05Z") == "2026-01-02T03:04:05Z"
    assert warc_date("not a date").endswith("Z")


# ---------------------------------------------------------------------------------------- foreign WARCs

def foreign_warc(path, records, gzipped=False):
    """A WARC as another crawler would write it: WARC/1.0, raw HTTP with its own encodings."""
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gzipped, warc_version="1.0")
        for url, status_line, headers, payload in records:
            http = StatusAndHeaders(status_line, headers, protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(payload),
                                                          length=len(payload), http_headers=http))


def test_iter_html_responses_decodes_and_skips_what_is_not_an_html_page(tmp_path):
    html = b"<html><body><p>Imported story</p></body></html>"
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(html), html)
    records = [
        ("https://a.example/plain", "200 OK", [("Content-Type", "text/html")], html),
        ("https://a.example/gz", "200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
         gzip.compress(html)),
        ("https://a.example/chunked", "200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                                 ("Transfer-Encoding", "chunked")], chunked),
        ("https://a.example/untyped", "200 OK", [], b"<!DOCTYPE html>" + html),
        ("https://a.example/feed.xml", "200 OK", [("Content-Type", "application/rss+xml")], b"<rss/>"),
        ("https://a.example/missing", "404 Not Found", [("Content-Type", "text/html")], html),
        ("https://a.example/moved", "301 Moved", [("Location", "/plain")], b""),
        ("https://a.example/huge", "200 OK", [("Content-Type", "text/html")], html + b" " * 5000),
    ]
    for gzipped in (False, True):
        path = tmp_path / f"foreign{int(gzipped)}.warc"
        foreign_warc(path, records, gzipped)
        counts = Counter()
        found = list(iter_html_responses(path, counts=counts, max_body=2000))
        assert [url for url, *_ in found] == ["https://a.example/plain", "https://a.example/gz",
                                              "https://a.example/chunked", "https://a.example/untyped"]
        assert [body for *_, body in found][:3] == [html] * 3
        assert counts == {"html": 4, "other": 3, "too_large": 1}


def test_a_torn_file_yields_its_whole_records_and_counts_the_rest(tmp_path):
    with WarcWriter(tmp_path / "w") as writer:
        refs = [writer.write_response(page(n)) for n in range(3)]
    path = tmp_path / "w" / refs[0].file
    data = path.read_bytes()
    path.write_bytes(data[: refs[2].offset + refs[2].length // 2])  # killed in the middle of a record
    counts = Counter()
    urls = [url for url, *_ in iter_html_responses(path, counts=counts)]
    assert urls == [page(0).url, page(1).url]
    assert counts["torn"] == 1
    garbage = tmp_path / "garbage.warc.gz"
    garbage.write_bytes(b"\x1f\x8b" + b"not really gzip" * 50)
    counts = Counter()
    assert list(iter_html_responses(garbage, counts=counts)) == []
    assert counts["html"] == 0 and sum(counts.values()) >= 1, "skipped, and counted"
    counts = Counter()
    assert list(iter_html_responses(tmp_path / "absent.warc", counts=counts)) == []
    assert counts["unreadable_file"] == 1


def test_hostile_headers_cannot_forge_header_lines_or_break_the_writer(tmp_path):
    hostile = page(8, url="https://exämple.com/ü?q=ä%20b", reason="OK ☃",
                   headers=[("Content-Type", "text/html"), ("X-Title", "Zoë ☃"),
                            ("Bad\nName", "v\r\nInjected: 1")],
                   request_headers=[("User-Agent", "ua\r\nEvil: 1")])
    with WarcWriter(tmp_path) as writer:
        ref = writer.write_response(hostile)
    _, response, request = all_records(tmp_path)
    names = [name for name, _ in response[6].headers]
    assert "Injected" not in names and "Evil" not in [name for name, _ in request[6].headers]
    assert request[6].statusline == "/%C3%BC?q=%C3%A4%20b HTTP/1.1"
    assert request[6].get_header("Host") == "xn--exmple-cua.com"
    assert read_response(tmp_path, ref)[2] == hostile.body


def test_writers_in_several_threads_keep_their_records_whole(tmp_path):
    """Records are rendered in a per-thread buffer: writers on a thread pool never mix them."""
    from concurrent.futures import ThreadPoolExecutor

    def write(n: int) -> list[WarcRef]:
        with WarcWriter(tmp_path / f"w{n}") as writer:
            return [writer.write_response(page(n * 100 + i)) for i in range(40)]
    with ThreadPoolExecutor(4) as pool:
        written = list(pool.map(write, range(4)))
    for n, refs in enumerate(written):
        for i, ref in enumerate(refs):
            assert read_response(tmp_path / f"w{n}", ref)[2] == page(n * 100 + i).body
        assert len(all_records(tmp_path / f"w{n}")) == 81          # checked digests: none torn or mixed
