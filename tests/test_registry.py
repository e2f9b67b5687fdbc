"""The site-parser registry: lookups by host and parent domain, no duplicates, every site tested."""
import importlib
import pkgutil

import pytest

import parsers.sites
from parsers import parser_for, site_parsers
from parsers.registry import GENERIC, DuplicateDomain, register
from parsers.site import Layout, SiteParser
from tests.conftest import FIXTURES


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


def test_every_module_registers_a_parser_and_has_a_test_case():
    registered = {type(p).__module__ for p in site_parsers().values()}
    modules = {f"parsers.sites.{m.name}" for m in pkgutil.iter_modules(parsers.sites.__path__)}
    assert modules == registered
    for module in modules:
        cls = next(p for p in site_parsers().values() if type(p).__module__ == module)
        has_fixture = (FIXTURES / "sites" / f"{module.rsplit('.', 1)[1]}.html").exists()
        assert has_fixture or getattr(importlib.import_module(module), "CORPUS_TESTED", False), \
            f"{cls.name}: no test case (tests/fixtures/sites/<module>.html, or CORPUS_TESTED pages)"
