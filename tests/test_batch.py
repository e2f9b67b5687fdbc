"""Sealed batches (scraper/batch.py): sealed atomically, applied through the archive's own writes in
one transaction with their ledger row, and never applied twice."""
from __future__ import annotations

import sqlite3
import zipfile

import pytest

from parsers import Article
from scraper import batch
from scraper.archive import Archive, FetchRecord
from scraper.warc import RawResponse, WarcRef, WarcWriter, read_response, warc_directory


def _article(n: int, body: str = "Words of the story.") -> Article:
    url = f"https://news.example/story-{n}"
    return Article(url=url, canonical_url=url, site="news.example", headline=f"Story {n}", body=body,
                   authors=["Ana Kovač"], tags=["town"], provenance={"headline": "html"})


def _crawl_batch(tmp_path, name="crawl-r1-s0-000001", stories=(1, 2)):
    """A batch as a crawl slice seals it: a WARC file of its own, a fetch record and article per
    story, the frontier rows, and the URLs it discovered."""
    work = tmp_path / f"work-{name}"
    ops = [batch.add_urls_op([{"url": f"https://news.example/story-{n}", "site": "news.example"}
                              for n in stories])]
    with WarcWriter(work) as writer:
        for n in stories:
            article = _article(n)
            body = f"<html><h1>Story {n}</h1></html>".encode()
            ref = writer.write_response(RawResponse(url=article.url, status=200, body=body,
                                                    started_at="2026-03-01T10:00:00+00:00"))
            fetch = FetchRecord(url=article.url, outcome="ok", started_at="2026-03-01T10:00:00+00:00",
                                site="news.example", status=200, bytes=len(body), warc_file=ref.file,
                                warc_offset=ref.offset, warc_length=ref.length)
            ops.append(batch.record_op(fetch, article=article, frontier={"site": "news.example",
                                                                          "status": "ok"}))
    ops.append(batch.site_health_op("news.example", len(stories), {"headline": 1.0, "body": 1.0}))
    return batch.seal(tmp_path / "batches", name, {"kind": "cluster-crawl", "exit_code": 0}, ops,
                      sorted(work.glob("*.warc.gz")))


def _count(db, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def test_a_batch_is_applied_once_with_its_ledger_row_and_its_captures(tmp_path):
    path = _crawl_batch(tmp_path)
    assert path.name == "crawl-r1-s0-000001.zip"
    assert batch.sealed(tmp_path / "batches") == [path]
    db = tmp_path / "a.db"
    with Archive(db) as archive:
        counts = batch.apply(archive, path)
        assert counts == {"new": 2, "url_lists": 1}
        assert batch.apply(archive, path) is None            # the ledger holds it: nothing the second time
    assert _count(db, "SELECT COUNT(*) FROM articles") == 2
    assert _count(db, "SELECT COUNT(*) FROM versions") == 2
    assert _count(db, "SELECT COUNT(*) FROM fetches") == 2
    assert _count(db, "SELECT COUNT(*) FROM ingested WHERE batch = 'crawl-r1-s0-000001'") == 1
    assert _count(db, "SELECT COUNT(*) FROM site_health") == 1
    assert _count(db, "SELECT COUNT(*) FROM urls WHERE status = 'ok'") == 2
    conn = sqlite3.connect(db)
    file, offset, length, url = conn.execute(
        "SELECT warc_file, warc_offset, warc_length, url FROM fetches ORDER BY id LIMIT 1").fetchone()
    run = conn.execute("SELECT r.arguments, r.finished FROM runs r"
                       " JOIN ingested i ON i.run_id = r.id").fetchone()
    conn.close()
    assert file.startswith("crawl-r1-s0-000001/")
    target, _, body = read_response(warc_directory(db), WarcRef(file, offset, length))
    assert target == url and body.startswith(b"<html><h1>Story")
    assert '"batch": "crawl-r1-s0-000001"' in run[0] and run[1]


def test_a_batch_that_fails_half_way_leaves_nothing_and_applies_whole_later(tmp_path):
    good = _crawl_batch(tmp_path, stories=(1, 2, 3))
    broken = tmp_path / "broken"
    broken.mkdir()
    with zipfile.ZipFile(good) as z:
        ops = z.read("ops.jsonl").decode().splitlines()
        meta = z.read("meta.json")
    # the same batch with an op this version does not know at the end: applying it must fail as a whole
    with zipfile.ZipFile(broken / "crawl-r1-s0-000001.zip", "w") as z:
        z.writestr("meta.json", meta)
        z.writestr("ops.jsonl", "\n".join([*ops, '{"op": "from-the-future"}']) + "\n")
    db = tmp_path / "a.db"
    with Archive(db) as archive:
        with pytest.raises(batch.BatchError, match="from-the-future"):
            batch.apply(archive, broken / "crawl-r1-s0-000001.zip")
        for table in ("articles", "versions", "fetches", "ingested", "runs", "urls"):
            assert _count(db, f"SELECT COUNT(*) FROM {table}") == 0, table
        assert batch.apply(archive, good) == {"new": 3, "url_lists": 1}
    assert _count(db, "SELECT COUNT(*) FROM articles") == 3
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_sealing_is_atomic_and_a_torn_file_is_refused_clearly(tmp_path, monkeypatch):
    directory = tmp_path / "batches"
    real_replace = batch.os.replace

    def crash(*args):
        raise OSError("disk went away")
    monkeypatch.setattr(batch.os, "replace", crash)
    with pytest.raises(OSError):
        batch.seal(directory, "reparse-x", {"kind": "reparse"}, [batch.store_article_op(_article(1), None)])
    monkeypatch.setattr(batch.os, "replace", real_replace)
    assert list(directory.iterdir()) == []               # no final name, and the temporary file is gone
    path = batch.seal(directory, "reparse-x", {"kind": "reparse"},
                      [batch.store_article_op(_article(1), None)])
    torn = directory / "torn.zip"
    torn.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with Archive(tmp_path / "a.db") as archive:
        with pytest.raises(batch.BatchError, match="torn.zip: not a readable batch"):
            batch.apply(archive, torn)
        assert batch.apply(archive, path) == {"new": 1}
    with pytest.raises(ValueError):
        batch.check_name("../escape")


def test_an_import_record_already_in_the_archive_is_not_logged_twice(tmp_path):
    fetch = FetchRecord(url="https://news.example/story-1", outcome="ok", kind="import",
                        started_at="2026-03-01T10:00:00+00:00", status=200)
    ops = [batch.record_op(fetch, article=_article(1), fetched_at=fetch.started_at, imported=True)]
    first = batch.seal(tmp_path / "b", "import-a", {"kind": "import-warc"}, ops)
    second = batch.seal(tmp_path / "b", "import-b", {"kind": "import-warc"}, ops)
    with Archive(tmp_path / "a.db") as archive:
        assert batch.apply(archive, first) == {"new": 1}
        assert batch.apply(archive, second) == {"already_imported": 1}
    assert _count(tmp_path / "a.db", "SELECT COUNT(*) FROM fetches") == 1


def test_a_nested_transaction_joins_the_outer_one(tmp_path):
    with Archive(tmp_path / "a.db") as archive:
        with pytest.raises(RuntimeError), archive.transaction():
            archive.add_urls([{"url": "https://news.example/a"}])
            raise RuntimeError("the outer block fails after the inner one committed its savepoint")
        assert archive.conn.execute("SELECT COUNT(*) FROM urls").fetchone()[0] == 0
        with archive.transaction():
            with pytest.raises(RuntimeError), archive.transaction():
                archive.add_urls([{"url": "https://news.example/b"}])
                raise RuntimeError("only the inner block is undone")
            archive.add_urls([{"url": "https://news.example/c"}])
        assert [u for (u,) in archive.conn.execute("SELECT url FROM urls")] == ["https://news.example/c"]
