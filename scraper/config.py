"""`sites.toml`: the sites to crawl, each with its seeds, feeds, sitemaps, article URL patterns and
politeness settings. Validated up front, so a typo is a clear error (exit 2) before any request.

    [defaults]                      # optional; every key may be overridden per site
    delay = 1.0                     # seconds between requests to one host (robots Crawl-delay wins if longer)
    concurrency = 1                 # this site's hosts crawled at once

    [sites.example]
    name = "Example News"           # optional display name
    seeds = ["https://www.example.com/"]          # homepages, section pages, feeds or sitemaps
    feeds = ["https://www.example.com/rss.xml"]
    sitemaps = ["https://www.example.com/news-sitemap.xml"]
    domains = ["example.co.uk"]     # further registrable domains its articles live on
    allow = ['/\\d{4}/\\d{2}/']     # regexes an article URL must match (default: a heuristic)
    deny = ['/live/']               # regexes that exclude a URL
    parser = "example.com"          # a registered site parser's domain, or "generic"
    budget = 500                    # pages per host and run
    hub_depth = 2                   # link hops from a seed to an article (homepage -> section -> article)
    hubs_per_run = 50               # section pages read per run
    pages_per_hub = 5               # pages 1..N of a paginated section read per run
    proxy = "http://proxy.example.edu:3128"   # send this site's requests through an HTTP proxy
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .fetch import check_proxy
from .urls import site_scope, try_canonical


class ConfigError(ValueError):
    """sites.toml (or a seed on the command line) cannot be used; the message says where."""


@dataclass(frozen=True)
class Site:
    name: str
    seeds: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    delay: float | None = None
    concurrency: int = 1
    parser: str | None = None
    budget: int | None = None
    title: str | None = None
    hub_depth: int = 2          # link hops from a seed to an article: 2 is homepage -> section -> article
    hubs_per_run: int = 50      # section pages read per run (their further pages included)
    pages_per_hub: int = 5      # pages 1..N of one paginated listing read per run
    proxy: str | None = None

    @property
    def autodiscover(self) -> bool:
        """A site given only seeds finds its own feeds and sitemaps."""
        return not self.feeds and not self.sitemaps

    def scopes(self) -> set[str]:
        """Where this site's articles may live: the registrable domains (or loopback host:port) of
        its configured URLs, plus `domains`."""
        return {site_scope(u) for u in (*self.seeds, *self.feeds, *self.sitemaps)} | set(self.domains)

    def urls(self) -> tuple[str, ...]:
        return (*self.seeds, *self.feeds, *self.sitemaps)


_LIST_KEYS = ("seeds", "feeds", "sitemaps", "domains", "allow", "deny")
# `name` in a table is the display title; the table's key is the site's name.
# Whole numbers a site (or [defaults]) may set, with their least value.
_COUNTS = {"concurrency": 1, "budget": 1, "hub_depth": 1, "hubs_per_run": 0, "pages_per_hub": 1}
_SITE_KEYS = {*_LIST_KEYS, "name", "delay", "parser", "proxy", *_COUNTS}
# user_agent and contact make the User-Agent of the whole run (`--user-agent`, `--contact` win).
_DEFAULT_KEYS = {"delay", "user_agent", "contact", "proxy", *_COUNTS}


@dataclass(frozen=True)
class Config:
    sites: list[Site]
    defaults: dict = field(default_factory=dict)


def _where(name: str, key: str) -> str:
    return f"[sites.{name}] {key}"


def _strings(value, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where}: expected a list of strings")
    return tuple(v.strip() for v in value)


def _urls(value, where: str) -> tuple[str, ...]:
    out = []
    for raw in _strings(value, where):
        url = try_canonical(raw)
        if url is None:
            raise ConfigError(f"{where}: {raw!r} is not an http(s) URL")
        out.append(url)
    return tuple(out)


def _number(value, where: str, kind: type, minimum: float):
    wrong_type = not isinstance(value, int if kind is int else (int, float))
    if isinstance(value, bool) or wrong_type:
        raise ConfigError(f"{where}: expected {'an integer' if kind is int else 'a number'}, got {value!r}")
    if value < minimum:
        raise ConfigError(f"{where}: must be at least {minimum}")
    return kind(value)


def _site(name: str, table: dict, defaults: dict) -> Site:
    if not isinstance(table, dict):
        raise ConfigError(f"[sites.{name}]: expected a table")
    unknown = set(table) - _SITE_KEYS
    if unknown:
        raise ConfigError(f"[sites.{name}]: unknown key(s) {', '.join(sorted(unknown))}"
                          f" (known: {', '.join(sorted(_SITE_KEYS))})")
    values: dict = {"name": name, "title": table.get("name")}
    for key in _LIST_KEYS:
        if key in table:
            convert = _urls if key in ("seeds", "feeds", "sitemaps") else _strings
            values[key] = convert(table[key], _where(name, key))
    for key in ("allow", "deny"):
        for pattern in values.get(key, ()):
            try:
                re.compile(pattern)
            except re.error as e:
                raise ConfigError(f"{_where(name, key)}: bad regular expression {pattern!r} ({e})") from None
    merged = {**defaults, **table}
    if "delay" in merged:
        values["delay"] = _number(merged["delay"], _where(name, "delay"), float, 0)
    for key, least in _COUNTS.items():
        if key in merged:
            values[key] = _number(merged[key], _where(name, key), int, least)
    if "parser" in table:
        values["parser"] = _parser_name(table["parser"], _where(name, "parser"))
    if "proxy" in merged:
        values["proxy"] = _proxy(merged["proxy"], _where(name, "proxy"))
    site = Site(**values)
    if not site.urls():
        raise ConfigError(f"[sites.{name}]: needs at least one of seeds, feeds, sitemaps")
    return site


def _parser_name(value, where: str) -> str:
    from parsers import site_parsers

    known = site_parsers()
    if value != "generic" and value not in known:
        raise ConfigError(f"{where}: no parser registered for {value!r}"
                          f" (known: generic, {', '.join(sorted(known))})")
    return value


def _proxy(value, where: str) -> str:
    try:
        return check_proxy(value if isinstance(value, str) else repr(value))
    except ValueError as e:
        raise ConfigError(f"{where}: {e}") from None


def load(path: str | Path) -> Config:
    """Read and validate a sites file."""
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except OSError as e:
        raise ConfigError(f"{path}: cannot read ({e.strerror or e})") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML ({e})") from None
    unknown = set(data) - {"defaults", "sites"}
    if unknown:
        raise ConfigError(f"{path}: unknown table(s) {', '.join(sorted(unknown))}"
                          " (expected [defaults], [sites.NAME])")
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict) or set(defaults) - _DEFAULT_KEYS:
        raise ConfigError(f"{path}: [defaults] may only hold {', '.join(sorted(_DEFAULT_KEYS))}")
    for key in ("user_agent", "contact"):
        if key in defaults and not (isinstance(defaults[key], str) and defaults[key].strip()):
            raise ConfigError(f"{path}: [defaults] {key}: expected a non-empty string")
    sites_table = data.get("sites", {})
    if not isinstance(sites_table, dict) or not sites_table:
        raise ConfigError(f"{path}: no [sites.NAME] tables")
    try:
        sites = [_site(name, table, defaults) for name, table in sites_table.items()]
    except ConfigError as e:
        raise ConfigError(f"{path}: {e}") from None
    return Config(sites=sites, defaults=defaults)


def sites_from_seeds(seeds: list[str], *, delay: float | None = None) -> list[Site]:
    """Command-line seeds: one site per host, discovering its own feeds and sitemaps."""
    by_host: dict[str, list[str]] = {}
    for raw in seeds:
        url = try_canonical(raw)
        if url is None:
            raise ConfigError(f"seed {raw!r} is not an http(s) URL")
        by_host.setdefault(site_scope(url), []).append(url)
    return [Site(name=host, seeds=tuple(urls), delay=delay) for host, urls in by_host.items()]
