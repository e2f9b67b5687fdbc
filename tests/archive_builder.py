"""Archives for the tools' tests: hand-written synthetic pages, captured with `WarcWriter` and stored
with `Archive.record`, the way the crawler does it."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from parsers import parse
from scraper.archive import Archive, FetchRecord
from scraper.warc import RawResponse, WarcWriter, warc_directory


@dataclass
class Page:
    url: str
    headline: str
    paragraphs: list[str]
    authors: list[str] = field(default_factory=list)
    published: str = "2026-03-01T09:00:00+00:00"
    section: str = "World"

    def html(self) -> bytes:
        ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": self.headline,
              "datePublished": self.published, "articleSection": self.section,
              "author": [{"@type": "Person", "name": a} for a in self.authors]}
        byline = f'<p class="byline">By {escape(" and ".join(self.authors))}</p>' if self.authors else ""
        body = "".join(f"<p>{escape(p)}</p>" for p in self.paragraphs)
        return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
                f'<title>{escape(self.headline)}</title>'
                f'<link rel="canonical" href="{self.url}">'
                f'<script type="application/ld+json">{json.dumps(ld)}</script></head>'
                f'<body><nav><a href="/">Home</a></nav><article><h1>{escape(self.headline)}</h1>{byline}'
                f'{body}</article><footer>Copyright Example Media</footer></body></html>').encode()


def capture(archive: Archive, writer: WarcWriter, page: Page, fetched_at: str, run_id: int | None = None):
    """Fetch-log + WARC + article, as one crawled page."""
    body = page.html()
    ref = writer.write_response(RawResponse(url=page.url, status=200, body=body, started_at=fetched_at,
                                            headers=[("Content-Type", "text/html; charset=utf-8")]))
    article = parse(body, url=page.url, content_type="text/html; charset=utf-8")
    fetch = FetchRecord(url=page.url, outcome="ok", started_at=fetched_at, site=article.site, status=200,
                        bytes=len(body), final_url=page.url, content_type="text/html",
                        warc_file=ref.file, warc_offset=ref.offset, warc_length=ref.length)
    return archive.record(fetch, run_id=run_id, article=article, fetched_at=fetched_at)


def build(db_path: Path, pages: list[Page], fetched_at: str = "2026-03-01T10:00:00+00:00") -> Path:
    with Archive(db_path) as archive, WarcWriter(warc_directory(db_path)) as writer:
        run_id = archive.start_run({"command": "test"})
        for page in pages:
            capture(archive, writer, page, fetched_at, run_id)
        archive.finish_run(run_id, {"pages": len(pages)}, 0)
    return db_path


PARAGRAPHS = [
    "The harbour authority in Velmora announced on Tuesday that the northern quay will close for repairs.",
    "Fishermen said the closure would cost them a season, and asked the council for a temporary berth.",
    "Engineers found cracks in the sea wall after the winter storms, according to the authority's report.",
    "The council will vote on the berth next week; the mayor said she expects the motion to pass.",
]


def sample_pages() -> list[Page]:
    return [
        Page("https://www.velmora-times.example/news/quay-closure", "Northern quay to close for repairs",
             PARAGRAPHS, ["Ana Kovač"], "2026-03-01T08:00:00+00:00", "Local"),
        Page("https://www.velmora-times.example/news/cafe-reopens", "Harbour café reopens after storm",
             ["The café on the old pier reopened on Friday after three months of repairs.",
              "Its owner thanked the volunteers who rebuilt the terrace in the snow.",
              "Regulars queued from dawn; the first coffee was served at seven."],
             ["Tomás Ferreira"], "2026-03-02T12:00:00+00:00", "Local"),
        Page("https://news.kestrel-daily.example/world/summit",
             "Summit ends without agreement on fishing quotas",
             ["Ministers left the summit in Arvel without a deal on quotas for the northern sea.",
              "Delegates blamed each other; talks will resume in the spring, officials said.",
              "Environmental groups called the outcome a missed chance for the harbour towns."],
             ["Ana Kovač", "Li Wen"], "2026-03-03T15:30:00+00:00", "World"),
    ]


def filler_pages(count: int) -> list[Page]:
    """Unrelated stories, so that a search term is rare enough for bm25 to rank by (in a three-page
    archive every common word has a near-zero inverse document frequency)."""
    topics = ["orchard", "railway", "library", "theatre", "vineyard", "observatory", "bakery", "bridge"]
    return [Page(f"https://www.inland-courier.example/story/{n}",
                 f"The {topics[n % len(topics)]} at the crossroads",
                 [f"Residents gathered at the {topics[n % len(topics)]} on a quiet afternoon, story {n}.",
                  "A spokesperson said more details would be published in the coming days."],
                 ["Pat Quill"], f"2026-02-{10 + n % 18:02d}T10:00:00+00:00", "Regional")
            for n in range(count)]
