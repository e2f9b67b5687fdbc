"""Which URLs and addresses the crawler may contact (reliability.md promise 2).

Only http(s), and only globally routable addresses, checked on the *resolved* IP at every hop. Odd spellings
of an address (`2130706433`, `0177.0.0.1`, `127.1`, `0x7f000001`) are not matched as strings: they go through
the resolver like any other host name, and the address that comes back is classified. The fetcher then
connects to exactly the address that was checked (see `Pins`), so a second DNS answer (rebinding) can never
be dialled.

A crawl seeded on a loopback or private address may use that (ip, port) and no other: the `allow` set.
"""
from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

ALLOWED_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}

# (host, port) -> the IP strings it resolves to. Tests inject a fake one; the default asks the system.
Resolver = Callable[[str, int], Awaitable[list[str]]]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# IPv6 prefixes that embed an IPv4 address which a gateway would route to: judge the embedded address.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class AddressBlocked(Exception):
    """The host resolved to an address we must not contact."""


class ResolutionFailed(Exception):
    """The host name did not resolve (no answer, or not a valid name)."""


def is_public_address(address: str | IPAddress) -> bool:
    """True for a globally routable unicast address: never private, loopback, link-local, CGNAT,
    unique-local, multicast, unspecified or reserved, including when wrapped in IPv4-mapped, NAT64,
    6to4 or Teredo IPv6 forms."""
    try:
        ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            # ::ffff:a.b.c.d reaches a.b.c.d on dual-stack sockets; refuse it outright rather than
            # trust the mapped address to be classified the same way by every stack.
            return False
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            return is_public_address(embedded)
    if ip.is_multicast or ip.is_unspecified or ip.is_loopback or ip.is_link_local or ip.is_reserved:
        return False
    return ip.is_global


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    return None


def normalise_allow(allow: Iterable[tuple[str, int]]) -> frozenset[tuple[str, int]]:
    """The allowlist with each IP in canonical form, so `::1` and `0:0::1` match."""
    return frozenset((str(ipaddress.ip_address(ip)), int(port)) for ip, port in allow)


async def system_resolver(host: str, port: int) -> list[str]:
    """Resolve with the system resolver (getaddrinfo), which also parses numeric spellings."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise ResolutionFailed(f"{host}: {e}") from e
    return _unique(info[4][0] for info in infos)


def numeric_address(host: str) -> list[str] | None:
    """The address a numeric host spells (any form getaddrinfo accepts without DNS), or None for a name."""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
    except (socket.gaierror, UnicodeError, ValueError):
        return None
    return _unique(info[4][0] for info in infos)


def _unique(addresses: Iterable[str]) -> list[str]:
    # getaddrinfo returns one row per socket type/protocol; keep the order (it is the preference order).
    seen: dict[str, None] = {}
    for address in addresses:
        seen.setdefault(str(ipaddress.ip_address(address.split("%", 1)[0])), None)
    return list(seen)


@dataclass
class NetPolicy:
    """Resolves a host once and decides whether its addresses may be contacted."""

    resolver: Resolver = system_resolver
    allow: frozenset[tuple[str, int]] = frozenset()

    def permits(self, ip: str, port: int) -> bool:
        return (ip, port) in self.allow or is_public_address(ip)

    async def resolve_checked(self, host: str, port: int) -> list[str]:
        """The addresses to connect to, or AddressBlocked if any of them is forbidden.

        Every address must pass: a name that mixes public and private answers is refused, since we
        cannot tell which one a retry or a second connection would use."""
        host = host.strip("[]")
        try:
            literal = str(ipaddress.ip_address(host))
        except ValueError:
            literal = None
        addresses = [literal] if literal else await self.resolver(host, port)
        if not addresses:
            raise ResolutionFailed(f"{host}: no address")
        addresses = [str(ipaddress.ip_address(a)) for a in addresses]
        refused = [a for a in addresses if not self.permits(a, port)]
        if refused:
            raise AddressBlocked(f"{host}:{port} resolves to non-public address {refused[0]}")
        return addresses


class Pins:
    """The addresses checked for each (host, port); the connection layer dials only these.

    Every entry has passed `NetPolicy.resolve_checked`, so whichever entry a connection uses, it was
    checked; a host without an entry is never dialled (no fallback to a fresh DNS lookup)."""

    def __init__(self) -> None:
        self._pins: dict[tuple[str, int], list[str]] = {}

    def pin(self, host: str, port: int, addresses: list[str]) -> None:
        self._pins[(host.lower(), port)] = list(addresses)

    def lookup(self, host: str, port: int) -> list[str]:
        try:
            return self._pins[(host.lower().strip("[]"), port)]
        except KeyError:
            raise AddressBlocked(f"{host}:{port} was never checked; refusing to resolve it again") from None
