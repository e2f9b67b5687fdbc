"""A fault server on loopback: a raw asyncio server in its own thread that can misbehave in every way a
crawler meets (stalls, drip-feed, lying Content-Length, endless chunked bodies, huge headers, compression
bombs generated as they are sent, redirects, 429/503 with Retry-After, robots.txt variants).

It keeps a ground-truth log (time, path, Host, headers, bytes sent) and the maximum number of simultaneous
connections per Host. A server with no routes that only counts connections is a decoy.

    server = FaultServer(clock=fake_clock).start()
    server.route("/a", page(b"<html>...</html>"))
    ...
    server.stop()
"""
from __future__ import annotations

import asyncio
import socket
import ssl
import threading
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass

Handler = Callable[["Request", "Conn"], Awaitable[None]]
WRITE_PIECE = 16 * 2**10


@dataclass
class Request:
    method: str
    target: str          # path and query as sent
    path: str
    headers: dict[str, str]
    host: str
    time: float


@dataclass
class LogEntry:
    request: Request
    bytes_sent: int = 0
    closed_early: bool = False

    @property
    def path(self) -> str:
        return self.request.path

    @property
    def host(self) -> str:
        return self.request.host


class Conn:
    """The connection a handler writes to; counts the bytes the kernel accepted."""

    def __init__(self, writer: asyncio.StreamWriter, entry: LogEntry):
        self.writer, self.entry = writer, entry

    async def send(self, data: bytes) -> None:
        for start in range(0, len(data), WRITE_PIECE):
            piece = data[start:start + WRITE_PIECE]
            self.writer.write(piece)
            await self.writer.drain()
            self.entry.bytes_sent += len(piece)

    async def send_head(self, status: int, headers: list[tuple[str, str]] | None = None,
                        reason: str = "X") -> None:
        lines = [f"HTTP/1.1 {status} {reason}"] + [f"{k}: {v}" for k, v in headers or []]
        await self.send(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))

    async def send_stream(self, pieces: Iterator[bytes], *, chunked: bool) -> None:
        for piece in pieces:
            if not piece:
                continue
            await self.send(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
        if chunked:
            await self.send(b"0\r\n\r\n")


class FaultServer:
    def __init__(self, clock: Callable[[], float] = time.monotonic, *, send_buffer: int = 64 * 2**10,
                 tls: ssl.SSLContext | None = None):
        self.clock = clock
        self.tls = tls
        self.send_buffer = send_buffer
        self.routes: dict[str, Handler] = {}
        self.log: list[LogEntry] = []
        self.connections = 0
        self.max_concurrent: Counter[str] = Counter()
        self._current: defaultdict[str, int] = defaultdict(int)
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._tasks: set[asyncio.Task] = set()
        self.port = 0

    # ------------------------------------------------------------- lifecycle
    def start(self) -> FaultServer:
        ready = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(ready,), daemon=True)
        self._thread.start()
        ready.wait(5)
        return self

    def _run(self, ready: threading.Event) -> None:
        self._loop = asyncio.new_event_loop()
        try:
            self._loop.run_until_complete(self._serve(ready))
        finally:
            self._loop.close()

    async def _serve(self, ready: threading.Event) -> None:
        self._stopping = asyncio.Event()
        server = await asyncio.start_server(self._accept, "127.0.0.1", 0, ssl=self.tls)
        self.port = server.sockets[0].getsockname()[1]
        ready.set()
        await self._stopping.wait()
        server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await server.wait_closed()

    def stop(self) -> None:
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._stopping.set)
            self._thread.join(10)

    # ------------------------------------------------------------- routes and queries
    def route(self, path: str, handler: Handler) -> FaultServer:
        self.routes[path] = handler
        return self

    def url(self, path: str = "/", host: str = "127.0.0.1") -> str:
        return f"{'https' if self.tls else 'http'}://{host}:{self.port}{path}"

    def requests(self, path: str | None = None, host: str | None = None) -> list[LogEntry]:
        with self._lock:
            return [e for e in self.log if (path is None or e.path == path)
                    and (host is None or e.host == host)]

    def page_requests(self, host: str | None = None) -> list[LogEntry]:
        return [e for e in self.requests(host=host) if e.path != "/robots.txt"]

    # ------------------------------------------------------------- serving
    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        self._tasks.add(task)
        sock = writer.get_extra_info("socket")
        if sock is not None and self.send_buffer:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, self.send_buffer)
        writer.transport.set_write_buffer_limits(high=WRITE_PIECE)
        with self._lock:
            self.connections += 1
        host = None
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            request = self._parse(head)
            host = request.host
            entry = LogEntry(request)
            with self._lock:
                self.log.append(entry)
                self._current[host] += 1
                self.max_concurrent[host] = max(self.max_concurrent[host], self._current[host])
            handler = self.routes.get(request.target) or self.routes.get(request.path) or not_found()
            try:
                await handler(request, Conn(writer, entry))
            except (ConnectionError, OSError):
                entry.closed_early = True
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            pass
        finally:
            if host is not None:
                with self._lock:
                    self._current[host] -= 1
            writer.close()
            self._tasks.discard(task)

    def _parse(self, head: bytes) -> Request:
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                key, value = line.split(":", 1)
                headers[key.strip().lower()] = value.strip()
        host = headers.get("host", "").rsplit(":", 1)[0] if not headers.get("host", "").startswith("[") \
            else headers["host"].split("]")[0] + "]"
        return Request(method, target, target.split("?", 1)[0], headers, host, self.clock())


# ----------------------------------------------------------------- handlers


def not_found() -> Handler:
    return page(b"not found", status=404, content_type="text/plain")


def page(body: bytes, *, status: int = 200, content_type: str | None = "text/html; charset=utf-8",
         headers: list[tuple[str, str]] | None = None) -> Handler:
    async def handler(request: Request, conn: Conn) -> None:
        extra = [("Content-Type", content_type)] if content_type else []
        await conn.send_head(status, [*extra, ("Content-Length", str(len(body))), ("Connection", "close"),
                                      *(headers or [])])
        await conn.send(body)
    return handler


def sequence(*handlers: Handler) -> Handler:
    """A different handler for each request; the last one repeats."""
    calls = []

    async def handler(request: Request, conn: Conn) -> None:
        calls.append(request)
        await handlers[min(len(calls), len(handlers)) - 1](request, conn)
    return handler


def redirect(location: str, *, status: int = 302, body_size: int = 0,
             headers: list[tuple[str, str]] | None = None) -> Handler:
    """A redirect, optionally with a huge body (sent lazily, so only what the client reads costs)."""
    async def handler(request: Request, conn: Conn) -> None:
        await conn.send_head(status, [("Location", location), ("Content-Length", str(body_size)),
                                      ("Connection", "close"), *(headers or [])])
        await conn.send_stream(zeros(body_size), chunked=False)
    return handler


def status(code: int, *, headers: list[tuple[str, str]] | None = None, body: bytes = b"") -> Handler:
    return page(body, status=code, content_type="text/plain", headers=headers)


def stall(*, after_headers: bool = False) -> Handler:
    """Accept and never answer (or answer the headers, then nothing)."""
    async def handler(request: Request, conn: Conn) -> None:
        if after_headers:
            await conn.send_head(200, [("Content-Type", "text/html"), ("Content-Length", "1000")])
        await asyncio.sleep(3600)
    return handler


def drip(interval: float, *, total: int | None = None) -> Handler:
    """Headers, then one byte every `interval` seconds, forever (or `total` bytes)."""
    async def handler(request: Request, conn: Conn) -> None:
        await conn.send_head(200, [("Content-Type", "text/html"), ("Connection", "close")])
        sent = 0
        while total is None or sent < total:
            await conn.send(b"x")
            sent += 1
            await asyncio.sleep(interval)
    return handler


def lying_length(declared: int, actual: int) -> Handler:
    async def handler(request: Request, conn: Conn) -> None:
        await conn.send_head(200, [("Content-Type", "text/html"), ("Content-Length", str(declared))])
        await conn.send(b"<p>" + b"x" * (actual - 3))
    return handler


def streamed(pieces: Callable[[], Iterator[bytes]], *, chunked: bool = True, content_type: str = "text/html",
             headers: list[tuple[str, str]] | None = None, length: int | None = None) -> Handler:
    """A body produced as it is sent (endless or huge bodies, bombs): chunked, or close-delimited."""
    async def handler(request: Request, conn: Conn) -> None:
        head = [("Content-Type", content_type), *(headers or [])]
        if chunked:
            head.append(("Transfer-Encoding", "chunked"))
        elif length is not None:
            head.append(("Content-Length", str(length)))
        await conn.send_head(200, [*head, ("Connection", "close")])
        await conn.send_stream(pieces(), chunked=chunked)
    return handler


def raw(data: bytes) -> Handler:
    """Exactly these bytes, for malformed responses (huge header lines, thousands of headers)."""
    async def handler(request: Request, conn: Conn) -> None:
        await conn.send(data)
    return handler


# ----------------------------------------------------------------- body generators


def zeros(total: int | None, piece: int = 64 * 2**10) -> Iterator[bytes]:
    """`total` zero bytes (None: endless)."""
    block = b"\0" * piece
    sent = 0
    while total is None or sent < total:
        size = piece if total is None else min(piece, total - sent)
        yield block[:size]
        sent += size


def text(total: int | None) -> Iterator[bytes]:
    line = b"<p>" + b"lorem ipsum " * 5400 + b"</p>\n"
    for block in zeros(total, len(line)):
        yield line[:len(block)]


def compressed(pieces: Iterator[bytes], wbits: int) -> Iterator[bytes]:
    """Compress a stream as it is produced (gzip: wbits 31; zlib: 15; raw deflate: -15)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    for piece in pieces:
        out = compressor.compress(piece)
        if out:
            yield out
    yield compressor.flush()


def bomb(decoded: int, *, wbits: int = 31) -> Iterator[bytes]:
    """A compression bomb: `decoded` zero bytes compressed, generated streamingly (about 1000:1)."""
    return compressed(zeros(decoded, 2**20), wbits)
