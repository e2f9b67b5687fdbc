"""Pure HTML -> Article parsers: no network, no database, no global state.

    from parsers import parse
    article = parse(html, url="https://www.example.com/news/story")
    article.to_dict()
"""
from __future__ import annotations

from .article import Article
from .document import Document
from .generic import GenericParser
from .registry import parser_for, register, site_parsers
from .site import Layout, SiteParser

__all__ = ["Article", "Document", "GenericParser", "Layout", "SiteParser", "parse", "parser_for",
           "register", "site_parsers"]


def parse(html: str | bytes, url: str | None = None, *, content_type: str | None = None,
          parser: GenericParser | None = None) -> Article:
    """Parse one page. `html` may be bytes (decoded as a browser would; `content_type`, the HTTP
    header value, takes precedence over the page's own declaration)."""
    doc = Document(html, url=url, content_type=content_type)
    return (parser or parser_for(url)).parse(doc)
