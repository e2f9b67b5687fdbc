"""Raw capture: every HTTP response as WARC 1.1 records (warcio), so `reparse` can rebuild the archive
offline after a parser fix and researchers can open the captures in standard tools (warcio, pywb).

Layout: rotating gzip files `<prefix>-<UTC timestamp>-<serial>.warc.gz` in `<db stem>-warc/` beside the
database. Each file starts with a `warcinfo` record; every response is a `response` record followed by
its `request` record (`WARC-Concurrent-To`); an unchanged body is a `revisit` record. Each record is its
own gzip member, so a `WarcRef` (file, offset, length) is enough to read one record back.

The fetcher hands us content-decoded bodies, so the stored HTTP headers must not claim an encoding
the body no longer has: `Content-Encoding`, `Transfer-Encoding` and `Content-Length` are kept under
`X-Archive-Orig-*` names (the convention pywb uses) and `Content-Length` is recomputed.

Durability: each record is flushed to the OS before its `WarcRef` is returned, so the database never
points at a record a killed process did not finish writing. Files are never appended to after a
restart; a writer always starts a new file, so a torn tail stays in the file of the process that died.
"""
from __future__ import annotations

import hashlib
import os
import threading
import zlib
from base64 import b32encode
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Protocol
from urllib.parse import quote, urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from . import __version__

WARC_VERSION = "WARC/1.1"
# gzip level of each record. warcio's own is 9; on real news pages (330 KB on average, fundus-dev) 6 takes
# 10.4 ms a page against 15.9 ms, for captures 0.8 % larger: level 9 cost a crawl about as much CPU as a
# third of its parsing.
GZIP_LEVEL = 6
PROFILE_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
PROFILE_IDENTICAL = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
# Headers that describe the bytes on the wire, not the decoded body we store.
WIRE_HEADERS = ("content-encoding", "transfer-encoding", "content-length")
# Outcomes whose body is only the first part of what the server sent.
TRUNCATED_OUTCOMES = ("skipped:too_large", "error:truncated")
# import-warc: bodies larger than this are skipped (the fetcher's own cap on a page).
MAX_IMPORT_BODY = 10 * 2**20
HTML_TYPES = ("text/html", "application/xhtml+xml")
# Characters left as they are when a request target is percent-encoded (reserved ones and "%").
URI_SAFE = "/?#[]@!$&'()*+,;=:%~-._"


class WarcError(Exception):
    """A WARC reference does not lead to a readable response record."""


@dataclass(frozen=True)
class Capture:
    """The response record that holds a body, as a later revisit of the same payload names it."""

    record_id: str     # WARC-Record-ID
    target: str        # WARC-Target-URI
    date: str          # WARC-Date
    digest: str        # WARC-Payload-Digest, "sha1:<base32>"


@dataclass(frozen=True)
class WarcRef:
    file: str          # relative to the WARC directory
    offset: int        # of the record's gzip member
    length: int        # of the gzip member, in bytes
    digest: str | None = field(default=None, compare=False)  # WARC-Payload-Digest, "sha1:<base32>"
    capture: Capture | None = field(default=None, compare=False)  # set for a response record with a body


@dataclass(frozen=True)
class Rendered:
    """One fetch's records, each gzipped as its own member, ready to append to a file: a parse worker
    renders a page's records beside parsing it, so the crawler's own process only writes bytes."""

    members: tuple[bytes, ...]
    last: int                       # the member of the fetch's last answer: what its WarcRef names
    digest: str | None = None
    capture: Capture | None = None


class HttpCapture(Protocol):
    """What the writer reads from a response: `scraper.fetch.Response` and `RawResponse` both fit."""

    url: str
    final_url: str
    status: int | None
    reason: str
    headers: list[tuple[str, str]]
    request_headers: list[tuple[str, str]]
    body: bytes
    started_at: str
    outcome: str


@dataclass(frozen=True)
class RawResponse:
    """A response that did not come from our fetcher (an imported WARC record, a benchmark page)."""

    url: str
    status: int
    body: bytes
    started_at: str
    headers: list[tuple[str, str]] = field(default_factory=list)
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    reason: str = "OK"
    outcome: str = "ok"

    @property
    def final_url(self) -> str:
        return self.url


def payload_digest(body: bytes) -> str:
    """The WARC-Payload-Digest of a body, as written in our records (compare two to spot a revisit)."""
    return "sha1:" + b32encode(hashlib.sha1(body).digest()).decode()


def warc_directory(db_path: str | Path) -> Path:
    """`archive.db` -> `archive-warc/` beside it."""
    db_path = Path(db_path)
    return db_path.with_name(f"{db_path.stem}-warc")


def warc_date(timestamp: str | None) -> str:
    """An ISO 8601 timestamp (any offset) as a WARC-Date in UTC, microseconds kept (WARC 1.1)."""
    try:
        moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00")) if timestamp else None
    except ValueError:
        moment = None
    moment = moment or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return datetime_to_iso_date(moment.astimezone(UTC).replace(tzinfo=None), use_micros=True)


class WarcWriter:
    """Appends records to the current file; starts a new one past `max_file_bytes`. One writer per
    process, used from one thread (the crawl loop)."""

    def __init__(self, directory: Path, *, max_file_bytes: int = 1 << 30, prefix: str = "scraper",
                 fsync: bool = False):
        self.directory = Path(directory)
        self.max_file_bytes = max_file_bytes
        self.prefix = prefix
        self.fsync = fsync          # flush to the disk after each record, not only to the OS
        self._file = None
        self._name: str | None = None
        self._serial = 0

    # ------------------------------------------------------------------ public

    def write_fetch(self, resp: HttpCapture, *, original: Capture | None = None,
                    same_payload: bool = False) -> WarcRef | None:
        """Everything one fetch received (see `render_fetch`); the reference of its last answer's record,
        None when no response came."""
        return self.append(render_fetch(resp, original=original, same_payload=same_payload))

    def write_response(self, resp: HttpCapture) -> WarcRef:
        """A response record (the reference returned) followed by the request that produced it."""
        if resp.status is None:
            raise ValueError(f"{resp.url}: no HTTP response to archive (outcome {resp.outcome})")
        return self.append(_render_response(resp))

    def write_revisit(self, resp: HttpCapture, refers_to: WarcRef | Capture | None = None) -> WarcRef:
        """A revisit record of `resp` (see `_render_revisit`) naming `refers_to` (a capture, or the
        response record at a reference, read back for its headers)."""
        original = _capture_of(self.directory, refers_to) if isinstance(refers_to, WarcRef) else refers_to
        return self.append(_render_revisit(resp, original))

    def append(self, rendered: Rendered | None) -> WarcRef | None:
        """Write a fetch's rendered records, all in one file, flushed to the OS before the reference
        to its last answer's record is returned."""
        if rendered is None:
            return None
        self._ready()
        ref = None
        for index, member in enumerate(rendered.members):
            offset = self._file.tell()
            self._file.write(member)
            if index == rendered.last:
                ref = WarcRef(self._name, offset, len(member), rendered.digest, rendered.capture)
        self._file.flush()
        if self.fsync:
            os.fsync(self._file.fileno())
        return ref

    def close(self) -> None:
        if self._file is not None:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            self._file = self._name = None

    def __enter__(self) -> WarcWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ files

    def _ready(self) -> None:
        if self._file is not None and self._file.tell() >= self.max_file_bytes:
            self.close()
        if self._file is None:
            self._open_next()

    def _open_next(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
        while True:
            self._serial += 1
            name = f"{self.prefix}-{stamp}-{self._serial:05d}.warc.gz"
            try:  # "x": never append to, or clobber, a file another writer made
                self._file = open(self.directory / name, "xb")
                break
            except FileExistsError:
                continue
        self._name = name
        info = _maker().writer.create_warcinfo_record(name, {
            "software": f"news-scraper/{__version__} (warcio)", "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"})
        self._file.write(_maker().member(info))


class _RecordMaker:
    """Serialises warcio records, each into its own gzip member at GZIP_LEVEL (as the WARC standard's
    annex recommends), so one member is one record. One per thread (`_maker()`): writers in several
    threads (a crawl's archive thread, tasks on a thread pool) never share its buffer."""

    def __init__(self):
        self.buffer = BytesIO()         # one record, uncompressed, before it is gzipped
        self.writer = WARCWriter(self.buffer, gzip=False, warc_version=WARC_VERSION)

    def member(self, record) -> bytes:
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.write_record(record)
        with self.buffer.getbuffer() as record_bytes:
            return zlib.compress(record_bytes, GZIP_LEVEL, wbits=31)

    def with_request(self, record, resp: HttpCapture, uri: str, date: str) -> list[bytes]:
        """The record's member, then (when we know the request that produced it) the request's."""
        members = [self.member(record)]
        if resp.request_headers:
            members.append(self.member(self.writer.create_warc_record(
                uri, "request", http_headers=_request_headers(resp, uri),
                warc_headers_dict={"WARC-Date": date,
                                   "WARC-Concurrent-To": record.rec_headers.get_header("WARC-Record-ID")})))
        return members


_MAKERS = threading.local()


def _maker() -> _RecordMaker:
    if not hasattr(_MAKERS, "maker"):
        _MAKERS.maker = _RecordMaker()
    return _MAKERS.maker


def render_fetch(resp: HttpCapture, *, original: Capture | None = None,
                 same_payload: bool = False) -> Rendered | None:
    """Everything one fetch received: the answers before the last one (redirects, retried errors), then
    the last one, each with the request that produced it. The last is a revisit when the server answered
    304 or the body is `original`'s (`same_payload`), else a response. None when no response came."""
    members: list[bytes] = []
    for exchange in getattr(resp, "exchanges", ()):
        members += _render_response(exchange).members
    if resp.status is None:
        return Rendered(tuple(members), -1) if members else None
    if resp.status == 304 or (same_payload and resp.outcome == "ok"):
        last = _render_revisit(resp, original)
    else:
        last = _render_response(resp)
    return Rendered((*members, *last.members), len(members), last.digest, last.capture)


def _render_response(resp: HttpCapture) -> Rendered:
    uri = resp.final_url or resp.url
    date = warc_date(resp.started_at)
    extra = {"WARC-Date": date}
    truncated = _truncation(resp)
    if truncated:
        extra["WARC-Truncated"] = truncated
    record = _maker().writer.create_warc_record(
        uri, "response", payload=BytesIO(resp.body), length=len(resp.body),
        http_headers=_response_headers(resp), warc_headers_dict=extra)
    digest = record.rec_headers.get_header("WARC-Payload-Digest")
    capture = None
    if resp.outcome == "ok" and not truncated:
        capture = Capture(record.rec_headers.get_header("WARC-Record-ID"), uri, date, digest)
    return Rendered(tuple(_maker().with_request(record, resp, uri, date)), 0, digest, capture)


def _render_revisit(resp: HttpCapture, original: Capture | None) -> Rendered:
    """The body is unchanged: a 304 (profile server-not-modified), or the same payload as the record
    `original` (identical-payload-digest), followed by the request. The body is the original's. A 304's
    record has no HTTP block, so a replay tool (pywb) serves the original's status, headers and body;
    the 304 is in the fetch log and the conditional request beside it."""
    uri = resp.final_url or resp.url
    date = warc_date(resp.started_at)
    not_modified = resp.status == 304
    digest = original.digest if original else None if not_modified else payload_digest(resp.body)
    extra = {"WARC-Date": date, "WARC-Profile": PROFILE_NOT_MODIFIED if not_modified else PROFILE_IDENTICAL}
    if original:
        extra |= {"WARC-Refers-To": original.record_id, "WARC-Refers-To-Target-URI": original.target,
                  "WARC-Refers-To-Date": original.date}
    if digest:
        extra["WARC-Payload-Digest"] = digest
    http_headers = None if not_modified else _response_headers(resp)
    record = _maker().writer.create_warc_record(uri, "revisit", http_headers=http_headers,
                                             warc_headers_dict=extra)
    return Rendered(tuple(_maker().with_request(record, resp, uri, date)), 0, digest)


def _truncation(resp: HttpCapture) -> str | None:
    """WARC-Truncated for a response whose body we did not keep whole: `length` past our size cap,
    `unspecified` for an error page or a redirect we did not read. None when the record is complete."""
    if resp.outcome in TRUNCATED_OUTCOMES:
        return "length"
    if resp.outcome == "ok" or resp.status in (204, 304):
        return None
    declared = next((v for k, v in resp.headers if k.lower() == "content-length"), None)
    return None if declared is not None and declared.strip() == "0" else "unspecified"


def _line(text: str) -> str:
    """One header line's worth of text: a CR or LF from a hostile server must not start a new header
    in the record (warcio percent-encodes what is not ASCII)."""
    return " ".join(str(text).splitlines())


def _response_headers(resp: HttpCapture) -> StatusAndHeaders:
    headers = []
    for name, value in resp.headers:
        if name.lower() in WIRE_HEADERS:
            name = f"X-Archive-Orig-{name}"
        headers.append((_line(name).replace(" ", "-"), _line(value)))
    headers.append(("Content-Length", str(len(resp.body))))
    reason = _line(resp.reason or "").encode("ascii", "replace").decode()
    return StatusAndHeaders(f"{resp.status} {reason}".strip(), headers, protocol="HTTP/1.1")


def _request_headers(resp: HttpCapture, uri: str) -> StatusAndHeaders:
    parts = urlsplit(uri)
    target = quote((parts.path or "/") + (f"?{parts.query}" if parts.query else ""), safe=URI_SAFE)
    headers = [(_line(name).replace(" ", "-"), _line(value)) for name, value in resp.request_headers]
    if not any(name.lower() == "host" for name, _ in headers):
        headers.insert(0, ("Host", parts.netloc.encode("idna").decode() if not parts.netloc.isascii()
                           else parts.netloc))
    return StatusAndHeaders(f"GET {target} HTTP/1.1", headers, is_http_request=True)


# ---------------------------------------------------------------------------------------- reading

def _read_record(directory: Path, ref: WarcRef):
    path = Path(directory) / ref.file
    try:
        with open(path, "rb") as f:
            f.seek(ref.offset)
            data = f.read(ref.length)
    except OSError as e:
        raise WarcError(f"{path}: {e.strerror or e}") from e
    if len(data) != ref.length:
        raise WarcError(f"{path}: the record at {ref.offset} is cut short")
    try:
        record = next(iter(ArchiveIterator(BytesIO(data))), None)
    except Exception as e:  # warcio raises bare Exceptions for malformed records
        raise WarcError(f"{path}: no WARC record at offset {ref.offset} ({e})") from e
    if record is None:
        raise WarcError(f"{path}: no WARC record at offset {ref.offset}")
    return record


def _capture_of(directory: Path, ref: WarcRef) -> Capture:
    headers = _read_record(directory, ref).rec_headers
    return Capture(*(headers.get_header(name) for name in
                     ("WARC-Record-ID", "WARC-Target-URI", "WARC-Date", "WARC-Payload-Digest")))


def read_response(directory: Path, ref: WarcRef) -> tuple[str, list[tuple[str, str]], bytes]:
    """The URL, HTTP headers and body of the response record at `ref` (WarcError otherwise; a revisit
    has no body of its own)."""
    record = _read_record(directory, ref)
    if record.rec_type != "response" or record.http_headers is None:
        raise WarcError(f"{ref.file}@{ref.offset}: a {record.rec_type} record, not a response")
    try:
        body = record.content_stream().read()
    except Exception as e:  # a broken gzip or chunked body inside the record
        raise WarcError(f"{ref.file}@{ref.offset}: unreadable body ({e})") from e
    return record.rec_headers.get_header("WARC-Target-URI"), list(record.http_headers.headers), body


def _is_html(headers: StatusAndHeaders, body_start: bytes) -> bool:
    declared = (headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if declared:
        return declared in HTML_TYPES
    head = body_start[:1024].lower()
    return b"<html" in head or b"<!doctype html" in head


def iter_html_responses(path: Path, *, counts: Counter | None = None, max_body: int = MAX_IMPORT_BODY,
                        ) -> Iterator[tuple[str, str, list[tuple[str, str]], bytes]]:
    """(url, WARC-Date, headers, body) of every whole 2xx HTML response in a WARC (or ARC) file made by
    any tool, bodies decoded. Everything else is skipped and tallied in `counts` (if given): `other`
    (requests, metadata, non-HTML, non-2xx), `too_large`, `bad_record`, `torn` when the file breaks off
    inside a record (a copy still being written, a download cut short: that record is never yielded,
    so a later import of a complete copy takes it), and `unreadable_file`."""
    counts = counts if counts is not None else Counter()
    try:
        with open(path, "rb") as f:
            archive = ArchiveIterator(f, arc2warc=True)
            records, end, whole = iter(archive), 0, 0
            while True:
                try:
                    record = next(records)
                except StopIteration:
                    break
                except Exception:  # a broken file: warcio cannot resynchronise after this
                    counts["torn" if whole else "unreadable_file"] += 1
                    return
                try:
                    item = _html_response(record, max_body)
                    end = archive.get_record_offset() + archive.get_record_length()   # read to its end
                except Exception:  # one malformed record (bad headers, broken encoding)
                    counts["bad_record"] += 1
                    continue
                if _torn(archive, record):
                    counts["torn"] += 1
                    return
                whole += 1
                if isinstance(item, str):
                    counts[item] += 1
                else:
                    counts["html"] += 1
                    yield item
            # warcio ends quietly at a record torn off in its headers
            f.seek(end)
            if f.read(64).strip():
                counts["torn"] += 1
    except OSError:
        counts["unreadable_file"] += 1


def _torn(archive: ArchiveIterator, record) -> bool:
    """Whether the file ended before `record` did (read to its end): its headers never gave a length,
    its block is short of it, or its end marker is missing -- the end of its gzip member, or in a plain
    file the blank lines that close a record (warcio reads what there is without complaint)."""
    if record.length is None or getattr(record.raw_stream, "limit", 0) > 0:
        return True
    decompressor = archive.reader.decompressor
    if decompressor is not None:
        return not decompressor.eof
    separator = archive.offset - (archive.get_record_offset() + archive.get_record_length())
    return separator == 0 and archive.next_line is None        # nothing after the block: end of file


def _html_response(record, max_body: int):
    if record.rec_type != "response" or record.http_headers is None:
        return "other"
    status = record.http_headers.get_statuscode() or ""
    if not status.startswith("2"):
        return "other"
    body = record.content_stream().read(max_body + 1)
    if len(body) > max_body:
        return "too_large"
    if not _is_html(record.http_headers, body):
        return "other"
    return (record.rec_headers.get_header("WARC-Target-URI"), record.rec_headers.get_header("WARC-Date"),
            list(record.http_headers.headers), body)
