"""URL canonicalisation, crawler-trap rules and per-site article patterns.

Every URL the crawler meets (seeds, feed and sitemap entries, links, redirects' final URLs) goes
through `canonical()` before it reaches the frontier, so one article found under two spellings
(tracking parameters, session ids, fragments, upper-case host, default port, query order) is one
row, and through `trap_reason()` so endless URL spaces never get queued.
"""
from __future__ import annotations

import functools
import ipaddress
import re
import string
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

import tldextract

# A URL longer than this is a generated one (RFC 9110 recommends supporting 8000, but no news site
# needs more than a couple of thousand characters; sitemaps cap <loc> at 2048).
MAX_URL_LENGTH = 2048
# More path segments than this is a path that keeps growing (relative-link loops).
MAX_SEGMENTS = 20
# The same segment this many times in one path is a loop (`/a/b/a/b/a/b/`).
MAX_SEGMENT_REPEATS = 3

# Query parameters that only track the reader: the same article without them.
_TRACKING = {"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid",
             "_ga", "_gl", "ocid", "cmpid", "ns_campaign", "ns_mchannel", "ns_source", "ns_linkname"}
_TRACKING_PREFIXES = ("utm_",)
# Session ids: different for every visitor, so every page would otherwise look new on every run.
_SESSION = {"jsessionid", "phpsessid", "aspsessionid", "sessionid", "session_id", "cfid", "cftoken", "sid"}
_HEX32 = re.compile(r"[0-9a-f]{32}", re.I)
# `;jsessionid=...` glued to a path segment (Java servlet containers).
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sessionid|sid)=[^/?#]*", re.I)
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters left as they are in a path; everything else is percent-encoded (existing %XX kept).
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")
_ABSOLUTE = re.compile(r"https?://", re.I)
# RFC 3986 2.3: percent-encoding one of these means the same character, so it is decoded before
# anything compares paths (`%2E%2E` is a dot segment, `%70rivate` is `private`).
_UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")


class InvalidURL(ValueError):
    """Not an http(s) URL we can work with."""


def _is_session_param(name: str, value: str) -> bool:
    name = name.lower()
    if name == "sid":  # `sid` is also an ordinary id on some sites: only a 32-hex token is a session
        return bool(_HEX32.fullmatch(value))
    return name in _SESSION


def _is_tracking_param(name: str) -> bool:
    name = name.lower()
    return name in _TRACKING or name.startswith(_TRACKING_PREFIXES)


def _normal_escape(match: re.Match) -> str:
    char = chr(int(match.group(0)[1:], 16))
    return char if char in _UNRESERVED else match.group(0).upper()


def normalise_path(path: str) -> str:
    """An absolute path as RFC 3986 6.2.2 normalises it: percent-encoded unreserved characters
    decoded, other escapes upper-case, then dot segments removed. Robots rules, scope rules and
    canonical URLs all see this form, so `/news/%2E%2E/private/` is `/private/` to each of them."""
    return _remove_dot_segments(_ESCAPE.sub(_normal_escape, path))


def with_normal_path(url: str) -> str:
    """`url` with its path normalised (`normalise_path`), otherwise exactly as given."""
    parts = urlsplit(url)
    if not parts.path.startswith("/"):
        return url
    path = normalise_path(parts.path)
    return url if path == parts.path else urlunsplit(parts._replace(path=path))


def _remove_dot_segments(path: str) -> str:
    out: list[str] = []
    for segment in path.split("/")[1:]:
        if segment == "..":
            if out:
                out.pop()
        elif segment != ".":
            out.append(segment)
    if path.endswith(("/.", "/..")):
        out.append("")
    return "/" + "/".join(out)


def canonical(url: str, base: str | None = None) -> str:
    """The one spelling of `url` (resolved against `base`): http(s) only, no credentials, no
    fragment, lower-case scheme and host, no default port, the path normalised (`normalise_path`),
    tracking and session parameters dropped, the query sorted. Idempotent. Raises InvalidURL."""
    url = url.strip()
    if base and not _ABSOLUTE.match(url):      # most links are absolute: joining them is half the cost
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as e:
        raise InvalidURL(f"{url[:200]!r}: {e}") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise InvalidURL(f"{url[:200]!r}: not http(s)")
    host = (parts.hostname or "").rstrip(".")
    if not host or any(c in host for c in " /\\@"):
        raise InvalidURL(f"{url[:200]!r}: no host")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _PATH_SESSION.sub("", parts.path) or "/"
    path = normalise_path(quote(path, safe=_PATH_SAFE))
    pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not _is_tracking_param(k) and not _is_session_param(k, v)]
    query = urlencode(sorted(pairs))
    return urlunsplit((scheme, netloc, path, query, ""))


def try_canonical(url: str, base: str | None = None) -> str | None:
    """`canonical()`, or None for a URL we cannot fetch (mailto:, javascript:, garbage)."""
    try:
        return canonical(url, base)
    except InvalidURL:
        return None


def trap_reason(url: str) -> str | None:
    """Why `url` looks like a crawler trap (the crawler records it as `blocked:trap`), else None."""
    if len(url) > MAX_URL_LENGTH:
        return f"URL longer than {MAX_URL_LENGTH} characters"
    segments = [s for s in urlsplit(url).path.split("/") if s]
    if len(segments) > MAX_SEGMENTS:
        return f"more than {MAX_SEGMENTS} path segments"
    counts: dict[str, int] = {}
    for segment in segments:
        counts[segment] = counts.get(segment, 0) + 1
        if counts[segment] >= MAX_SEGMENT_REPEATS:
            return f"path segment {segment[:40]!r} repeated {MAX_SEGMENT_REPEATS} times"
    return None


def host_key(url: str) -> str:
    """host[:port], the unit of politeness and of scope for loopback test sites."""
    return urlsplit(url).netloc.lower()


# The bundled public-suffix snapshot only: scope decisions never touch the network.
_DOMAINS = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def site_scope(url: str) -> str:
    """What a site's discovered links must share with its seeds: the registrable domain
    (news.example.co.uk -> example.co.uk), or host:port for an IP address or a single-label host
    (a loopback test site is its exact host and port)."""
    return _netloc_scope(urlsplit(url).netloc)


@functools.lru_cache(maxsize=4096)
def _netloc_scope(netloc: str) -> str:
    """site_scope() of one host[:port], remembered: a 200,000-item feed names one or two hosts."""
    parts = urlsplit(f"//{netloc}")
    host = (parts.hostname or "").lower()
    try:
        ipaddress.ip_address(host)
        return parts.netloc.lower()
    except ValueError:
        pass
    domain = _DOMAINS(host).top_domain_under_public_suffix
    return domain or parts.netloc.lower()


# A path that looks like one story: a date, a long hyphenated slug, an id, or a .html page.
_DEFAULT_ARTICLE = re.compile(
    r"/(19|20)\d\d[/-]\d\d?[/-]"                    # /2024/05/ or /2024-05-
    r"|/[^/?#]*[a-z0-9]+-[a-z0-9]+-[a-z0-9]+[^/]*"   # a slug of three or more words
    r"|[/-]\d{5,}(?:[/?#.-]|$)"                      # a numeric story id
    r"|\.s?html?$", re.I)
# Paths that are listings, not stories, on almost every news site.
_DEFAULT_DENY = re.compile(
    r"/(tag|tags|topic|topics|author|authors|category|categories|section|search|page|login|signin|"
    r"register|subscribe|account|newsletter|newsletters|privacy|terms|contact|about|feed|rss|video|"
    r"videos|gallery|galleries|live)(/|$)"
    r"|\.(jpe?g|png|gif|webp|svg|pdf|mp3|mp4|zip|css|js|xml|json)$", re.I)


class ArticlePatterns:
    """A site's article URL patterns: deny wins over allow; with no allow list, a generic
    heuristic (dates, long slugs, ids, .html) decides."""

    def __init__(self, allow: list[str] | tuple[str, ...] = (), deny: list[str] | tuple[str, ...] = ()):
        self.allow = [re.compile(p) for p in allow]
        self.deny = [re.compile(p) for p in deny]

    def is_article(self, url: str) -> bool:
        if any(p.search(url) for p in self.deny):
            return False
        if self.allow:
            return any(p.search(url) for p in self.allow)
        path = urlsplit(url).path
        if path in ("", "/") or _DEFAULT_DENY.search(path):
            return False
        return bool(_DEFAULT_ARTICLE.search(path))

    def is_denied(self, url: str) -> bool:
        return any(p.search(url) for p in self.deny)
