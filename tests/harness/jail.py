"""A network jail: any connection or DNS lookup that would leave loopback raises and is recorded.

An SSRF regression must fail a test, not send a packet to 169.254.169.254. Install it with
`NetworkJail().install(monkeypatch)` (the `network_jail` fixture does) and assert `jail.violations == []`.
"""
from __future__ import annotations

import ipaddress
import socket
import threading


class JailViolation(OSError):
    pass


class NetworkJail:
    def __init__(self) -> None:
        self.violations: list[str] = []
        self.connections: list[tuple[str, int]] = []
        self._lock = threading.Lock()

    def _violate(self, what: str) -> JailViolation:
        with self._lock:
            self.violations.append(what)
        return JailViolation(f"network jail: {what}")

    def install(self, monkeypatch) -> NetworkJail:
        real_getaddrinfo = socket.getaddrinfo
        real_connect = socket.socket.connect
        real_connect_ex = socket.socket.connect_ex
        jail = self

        def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
            # Numeric hosts (any spelling getaddrinfo parses without DNS) are fine; names would query DNS.
            if host is None or host in ("localhost", b"localhost") or flags & socket.AI_NUMERICHOST:
                return real_getaddrinfo(host, port, family, type, proto, flags)
            try:
                return real_getaddrinfo(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)
            except socket.gaierror:
                raise jail._violate(f"DNS lookup of {host!r}") from None

        def check(sock, address):
            if sock.family in (socket.AF_INET, socket.AF_INET6):
                host, port = address[0], address[1]
                ip = ipaddress.ip_address(host.split("%", 1)[0])
                if not ip.is_loopback:
                    raise jail._violate(f"connect to {host}:{port}")
                with jail._lock:
                    jail.connections.append((str(ip), port))

        def connect(sock, address):
            check(sock, address)
            return real_connect(sock, address)

        def connect_ex(sock, address):
            check(sock, address)
            return real_connect_ex(sock, address)

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
        monkeypatch.setattr(socket.socket, "connect", connect)
        monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
        return self
