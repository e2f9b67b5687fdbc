"""The site-parser registry: lookups by host and parent domain, no duplicates, every site tested."""
import json
import pkgutil

import pytest

import parsers.sites
from parsers import parser_for, site_parsers
from parsers.registry import GENERIC, DuplicateDomain, register
from parsers.site import Layout, SiteParser
from tests.conftest import BENCH, FIXTURES


def test_lookup_by_host_then_parent_domain_then_generic():
    sat = site_parsers()["southasiatimes.org"]
    assert parser_for("https://southasiatimes.org/a") is sat
    assert parser_for("https://www.southasiatimes.org/a") is sat
    assert parser_for("https://news.www.southasiatimes.org/a") is sat
    assert parser_for("https://notsouthasiatimes.org/a") is GENERIC
    assert parser_for(None) is GENERIC


def test_duplicate_domains_are_refused():
    class Clash(SiteParser):
        name = "Clash"
        domains = ("southasiatimes.org",)
        layouts = (Layout("x", body=("article",)),)
    with pytest.raises(DuplicateDomain):
        register(Clash)


def test_every_module_registers_a_parser():
    registered = {type(p).__module__ for p in site_parsers().values()}
    modules = {f"parsers.sites.{m.name}" for m in pkgutil.iter_modules(parsers.sites.__path__)}
    assert modules == registered


def test_every_site_parser_has_a_test_case():
    """A hand-written fixture (tests/fixtures/sites/<module>.html), or corpus pages checked by
    tests/test_site_corpus.py."""
    corpus_urls = []
    for truth in BENCH.glob("*/truth.jsonl"):
        corpus_urls += [json.loads(line)["url"] for line in truth.read_text(encoding="utf8").splitlines()]
    if not corpus_urls:
        pytest.skip(f"corpus absent ({BENCH}): only fixtures can be checked")
    covered = {type(parser_for(url)) for url in corpus_urls}
    for parser in set(site_parsers().values()):
        module = type(parser).__module__.rsplit(".", 1)[1]
        has_fixture = (FIXTURES / "sites" / f"{module}.html").exists()
        assert has_fixture or type(parser) in covered, f"{parser.name}: no fixture and no corpus page"
