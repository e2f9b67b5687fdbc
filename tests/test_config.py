"""sites.toml loading and validation."""
from __future__ import annotations

import pytest

from scraper.config import ConfigError, load, sites_from_seeds
from tests.conftest import ROOT


def test_the_shipped_sites_file_is_valid_and_has_the_seed_site():
    config = load(ROOT / "sites.toml")
    names = {s.name for s in config.sites}
    assert "southasiatimes" in names and len(config.sites) >= 13
    seed = next(s for s in config.sites if s.name == "southasiatimes")
    assert seed.parser == "southasiatimes.org" and seed.seeds == ("https://www.southasiatimes.org/",)
    assert all(s.delay and s.delay >= 1 for s in config.sites)


@pytest.mark.parametrize("text, message", [
    ("[sites.a]\nseeds = ['ftp://x.example/']", "not an http(s) URL"),
    ("[sites.a]\nseeds = 'https://x.example/'\ndelay = -1", "at least 0"),
    ("[sites.a]\nseeds = ['https://x.example/']\nallow = ['(unclosed']", "bad regular expression"),
    ("[sites.a]\nseeds = ['https://x.example/']\nsedds = []", "unknown key(s) sedds"),
    ("[sites.a]\nname = 'A'", "needs at least one of"),
    ("[sites.a]\nseeds = ['https://x.example/']\nparser = 'nosuch.example'", "no parser registered"),
    ("[sites.a]\nseeds = ['https://x.example/']\nconcurrency = 1.5", "expected an integer"),
    ("[site.a]\nseeds = []", "unknown table(s) site"),
    ("[sites.a\n", "not valid TOML"),
])
def test_errors_name_the_place(tmp_path, text, message):
    path = tmp_path / "sites.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load(path)


def test_defaults_apply_and_sites_override(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text("[defaults]\ndelay = 3\n[sites.a]\nfeeds = ['https://a.example/rss']\n"
                    "[sites.b]\nseeds = ['https://b.example/']\ndelay = 0.5\n")
    a, b = load(path).sites
    assert (a.delay, b.delay) == (3.0, 0.5)
    assert not a.autodiscover and b.autodiscover


def test_command_line_seeds_group_by_site():
    sites = sites_from_seeds(["https://www.example.com/", "https://news.example.com/world",
                              "http://127.0.0.2:8000/"])
    assert [(s.name, len(s.seeds)) for s in sites] == [("example.com", 2), ("127.0.0.2:8000", 1)]
    with pytest.raises(ConfigError):
        sites_from_seeds(["not a url"])
