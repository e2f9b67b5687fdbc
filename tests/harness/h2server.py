"""A minimal HTTP/2 server over TLS (ALPN "h2" only) on loopback, built on the `h2` package that
`httpx[http2]` brings: every request gets the same canned response. It proves the fetcher negotiates
HTTP/2 where a server offers it, through the pinned connection layer."""
from __future__ import annotations

import asyncio
import ssl
import threading

import h2.config
import h2.connection
import h2.events
import h2.exceptions


class H2Server:
    def __init__(self, tls: ssl.SSLContext, *, status: int = 200,
                 headers: list[tuple[str, str]] | None = None, body: bytes = b""):
        tls.set_alpn_protocols(["h2"])
        self.tls = tls
        self.status, self.headers, self.body = status, headers or [], body
        self.requests: list[dict[str, str]] = []
        self.port = 0

    def start(self) -> H2Server:
        ready = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._serve(ready)), daemon=True)
        self._thread.start()
        ready.wait(5)
        return self

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._stopping.set)
        self._thread.join(10)

    async def _serve(self, ready: threading.Event) -> None:
        self._loop, self._stopping = asyncio.get_running_loop(), asyncio.Event()
        server = await asyncio.start_server(self._connection, "127.0.0.1", 0, ssl=self.tls)
        self.port = server.sockets[0].getsockname()[1]
        ready.set()
        await self._stopping.wait()
        server.close()

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=False))
        conn.initiate_connection()
        writer.write(conn.data_to_send())
        try:
            while data := await reader.read(65536):
                for event in conn.receive_data(data):
                    if isinstance(event, h2.events.RequestReceived):
                        self.requests.append({k.decode(): v.decode() for k, v in event.headers})
                        self._respond(conn, event.stream_id)
                writer.write(conn.data_to_send())
                await writer.drain()
        except (ConnectionError, h2.exceptions.ProtocolError):
            pass
        finally:
            writer.close()

    def _respond(self, conn: h2.connection.H2Connection, stream_id: int) -> None:
        head = [(":status", str(self.status)), ("content-length", str(len(self.body))), *self.headers]
        conn.send_headers(stream_id, head, end_stream=not self.body)
        if self.body:
            # Small bodies only: one DATA frame within the default flow-control window.
            conn.send_data(stream_id, self.body, end_stream=True)
