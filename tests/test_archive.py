"""The archive: schema, versions, fetch log, frontier, FTS, read-only access."""
import dataclasses
import hashlib
import json
import sqlite3

import pytest

from parsers import Article
from scraper.archive import MIGRATIONS, Archive, ArchiveError, FetchRecord, connect_readonly

ARTICLE = Article(url="https://news.example.com/a?utm_source=x", canonical_url="https://news.example.com/a",
                  site="example.com", headline="Café owners protest", authors=["Zoë Brontë"],
                  byline="By Zoë Brontë",
                  body="PARIS — Café owners gathered on Monday.\n\nThe city disagrees.",
                  published="2026-02-02T10:00:00+01:00", parser="generic")


def test_new_unchanged_updated_versions(tmp_path):
    with Archive(tmp_path / "a.db") as archive:
        fetch = FetchRecord(url=ARTICLE.url, outcome="ok", status=200, started_at="2026-02-02T10:00:00+00:00")
        assert archive.record(fetch, article=ARTICLE, frontier={"status": "ok"}) == "new"
        assert archive.record(fetch, article=ARTICLE) == "unchanged"
        edited = dataclasses.replace(ARTICLE, headline="Café owners protest new rules")
        assert archive.record(fetch, article=edited) == "updated"
        rows = archive.conn.execute(
            "SELECT version, changed_fields FROM versions ORDER BY version").fetchall()
        assert rows == [(1, None), (2, '["headline"]')]
        row = archive.conn.execute("SELECT url, headline, version_count, authors FROM articles").fetchone()
        assert row == ("https://news.example.com/a", "Café owners protest new rules", 2, '["Zoë Brontë"]')
        assert archive.conn.execute("SELECT count(*), min(outcome) FROM fetches").fetchone() == (3, "ok")
        assert archive.conn.execute("SELECT status FROM urls").fetchone() == ("ok",)


def test_full_text_search_folds_diacritics(tmp_path):
    with Archive(tmp_path / "a.db") as archive:
        archive.store_article(ARTICLE)
        hits = archive.conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'cafe AND zoe'")
        assert len(hits.fetchall()) == 1
        archive.store_article(dataclasses.replace(ARTICLE, body="Entirely different text now."))
        assert archive.conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'gathered'"
                                    ).fetchone() == (0,)


def test_readonly_connection_cannot_write(tmp_path):
    Archive(tmp_path / "a.db").close()
    conn = connect_readonly(tmp_path / "a.db")
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("DELETE FROM articles")
    with pytest.raises(ArchiveError):
        connect_readonly(tmp_path / "missing.db")


def test_corrupt_file_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "a.db"
    path.write_bytes(b"this is not a database" * 100)
    before = path.read_bytes()
    with pytest.raises(ArchiveError):
        Archive(path)
    assert path.read_bytes() == before


def test_seo_headline_is_stored_and_old_hashes_stay_valid(tmp_path):
    """Articles stored before `seo_headline` existed keep their hash while the field is empty (a
    re-fetch is no new version); a declared headline that differs is a change like any other."""
    from scraper.archive import CONTENT_FIELDS, content_hash
    before = {f: getattr(ARTICLE, f) for f in CONTENT_FIELDS if f != "seo_headline"}
    digest = hashlib.sha256(json.dumps(before, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    assert content_hash(ARTICLE) == digest
    with Archive(tmp_path / "a.db") as archive:
        assert archive.store_article(ARTICLE) == "new"
        declared = dataclasses.replace(ARTICLE, seo_headline="Paris café owners protest, see photos")
        assert archive.store_article(declared) == "updated"
        stored = archive.conn.execute("SELECT seo_headline FROM articles").fetchone()
        assert stored == (declared.seo_headline,)
        assert archive.conn.execute("SELECT changed_fields FROM versions WHERE version = 2").fetchone() == (
            '["seo_headline"]',)


def test_migrations_are_idempotent(tmp_path):
    Archive(tmp_path / "a.db").close()
    with Archive(tmp_path / "a.db") as archive:
        assert archive.schema_version == len(MIGRATIONS)
        tables = set(archive.db.table_names())
    assert {"articles", "versions", "fetches", "urls", "runs", "site_health", "articles_fts"} <= tables


def test_upgrade_names_articles_by_the_site_their_crawl_used(tmp_path, monkeypatch):
    """An archive from before one site name: articles said `example.com` (the parser's registrable domain)
    where the crawl's fetches said `news` (the sites.toml key); after the upgrade both say `news`."""
    from scraper import archive as archive_module

    older = archive_module.MIGRATIONS[:archive_module.MIGRATIONS.index(archive_module._one_site_name)]
    with monkeypatch.context() as patch:
        # The program of that time: its migrations, and its columns (fields added later left out).
        patch.setattr(archive_module, "MIGRATIONS", older)
        for name in ("CONTENT_FIELDS", "_ARTICLE_COLUMNS"):
            columns = tuple(c for c in getattr(archive_module, name) if c not in archive_module.LATER_FIELDS)
            patch.setattr(archive_module, name, columns)
        with Archive(tmp_path / "a.db") as archive:
            fetch = FetchRecord(url=ARTICLE.url, outcome="ok", status=200, site="news",
                                started_at="2026-02-02T10:00:00+00:00")
            archive.record(fetch, article=ARTICLE)
            imported = dataclasses.replace(ARTICLE, url="https://other.example.org/b", canonical_url=None,
                                           site="example.org")
            archive.record(FetchRecord(url=imported.url, outcome="ok", kind="import", site="example.org"),
                           article=imported)
    with Archive(tmp_path / "a.db") as archive:
        assert archive.schema_version == len(MIGRATIONS)
        sites = archive.conn.execute("SELECT url, site FROM articles ORDER BY url").fetchall()
        assert sites == [("https://news.example.com/a", "news"),
                         ("https://other.example.org/b", "example.org")]
        assert archive.conn.execute("SELECT DISTINCT site FROM versions ORDER BY 1").fetchall() == [
            ("example.org",), ("news",)]
