"""The README documents every table and column of the schema (researchers read it for years)."""
import re

from scraper.archive import Archive
from tests.conftest import ROOT


def test_every_table_and_column_is_documented(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^### `(\w+)`.*?\n(.*?)(?=^##|\Z)", readme, re.M | re.S))
    with Archive(tmp_path / "a.db") as archive:
        tables = [name for (name,) in archive.conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'articles_fts%'"
            " AND name NOT LIKE 'sqlite_%'")]
        missing = []
        for table in tables:
            documented = set(re.findall(r"`(\w+)`", sections.get(table, "")))
            missing += [f"{table}.{column}" for (_, column, *_) in archive.conn.execute(
                f"PRAGMA table_info({table})") if column not in documented]
    assert set(tables) >= {"articles", "versions", "fetches", "urls", "runs", "site_health",
                           "site_health_trend"}
    assert not missing, f"undocumented in README: {missing}"
    assert "articles_fts" in readme
