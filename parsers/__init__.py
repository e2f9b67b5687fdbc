"""Pure HTML -> Article parsers: no network, no database, no global state.

    from parsers import parse
    article = parse(html, url="https://www.example.com/news/story")
    article.to_dict()
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .article import Article

if TYPE_CHECKING:
    from .generic import GenericParser

# The parsers proper are loaded on first use: a process that only receives articles (the crawler's main
# process, whose pages are parsed in workers) does not pay their import, half a second of CPU.
_LAZY = {"Document": ".document", "GenericParser": ".generic", "Layout": ".site", "SiteParser": ".site",
         "parser_for": ".registry", "register": ".registry", "site_parsers": ".registry"}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Article", "Document", "GenericParser", "Layout", "SiteParser", "parse", "parser_for",
           "register", "site_parsers"]


def parse(html: str | bytes, url: str | None = None, *, content_type: str | None = None,
          parser: GenericParser | None = None) -> Article:
    """Parse one page. `html` may be bytes (decoded as a browser would; `content_type`, the HTTP
    header value, takes precedence over the page's own declaration)."""
    from .document import Document
    from .registry import parser_for

    doc = Document(html, url=url, content_type=content_type)
    return (parser or parser_for(url)).parse(doc)
