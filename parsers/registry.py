"""Which parser handles a URL: the site parser registered for its host or a parent domain,
else the generic parser."""
from __future__ import annotations

import importlib
import pkgutil
from urllib.parse import urlsplit

from .generic import GenericParser
from .site import SiteParser

GENERIC = GenericParser()
_BY_DOMAIN: dict[str, SiteParser] = {}


class DuplicateDomain(ValueError):
    pass


def register(cls: type[SiteParser]) -> type[SiteParser]:
    """Class decorator: registers a site parser under each of its domains."""
    instance = cls()
    if not cls.domains or not cls.layouts:
        raise ValueError(f"{cls.__name__} needs domains and at least one layout")
    for domain in cls.domains:
        domain = domain.lower()
        if domain in _BY_DOMAIN:
            owner = type(_BY_DOMAIN[domain]).__name__
            raise DuplicateDomain(f"{domain} is claimed by {owner} and {cls.__name__}")
        _BY_DOMAIN[domain] = instance
    return cls


def _load_sites() -> None:
    from . import sites
    for module in pkgutil.iter_modules(sites.__path__):
        importlib.import_module(f"{sites.__name__}.{module.name}")


def site_parsers() -> dict[str, SiteParser]:
    """Domain -> parser, for every registered site."""
    if not _BY_DOMAIN:
        _load_sites()
    return dict(_BY_DOMAIN)


def parser_for(url: str | None) -> GenericParser:
    """The host, then each parent domain, then the generic parser."""
    if not url:
        return GENERIC
    registry = site_parsers()
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    labels = host.split(".")
    for i in range(len(labels) - 1):
        candidate = ".".join(labels[i:])
        if candidate in registry:
            return registry[candidate]
    return GENERIC
