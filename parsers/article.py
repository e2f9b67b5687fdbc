"""The record every parser returns."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

# Where a field's value came from. Users need this before they trust a date.
SOURCES = ("json-ld", "meta", "html", "url", "text", "selector")


@dataclass(frozen=True)
class Article:
    url: str | None = None
    canonical_url: str | None = None
    site: str | None = None
    headline: str | None = None
    seo_headline: str | None = None   # the declared (search/social) headline, where it differs
    subheadline: str | None = None
    byline: str | None = None
    authors: list[str] = field(default_factory=list)
    dateline: str | None = None
    published: str | None = None
    modified: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    top_image: str | None = None
    body: str | None = None
    is_paywalled: bool = False
    parser: str = "generic"
    provenance: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def word_count(self) -> int:
        return len(self.body.split()) if self.body else 0

    def to_dict(self) -> dict:
        d = asdict(self)
        d["word_count"] = self.word_count
        return d
