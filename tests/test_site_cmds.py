"""`scraper parsers` and `scraper new-site`. new-site writes only into a temporary copy of the
project (--root), and the parser it drafts is run there, in a separate process."""
import json
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from parsers import site_parsers
from parsers.document import Document
from parsers.scaffold import module_name, normalise_domain, selector_for
from scraper.cli import cli
from tests.conftest import FIXTURES, ROOT

PAGE = FIXTURES / "site_framework" / "new_layout.html"
DOMAIN = "lanterncourier.example"


def invoke(*args):
    return CliRunner().invoke(cli, list(args))


def test_parsers_lists_every_site_as_a_table_and_as_json():
    table = invoke("parsers")
    assert table.exit_code == 0
    lines = table.output.splitlines()
    assert lines[0].split() == ["DOMAINS", "NAME", "LAYOUTS"]
    rows = json.loads(invoke("parsers", "--format", "json").output)
    parsers = set(site_parsers().values())
    assert len(rows) == len(lines) - 1 == len(parsers)
    seed = next(row for row in rows if "southasiatimes.org" in row["domains"])
    assert seed == {"name": "The South Asia Times", "module": "parsers.sites.southasiatimes",
                    "domains": ["southasiatimes.org"], "layouts": ["blogger"]}
    assert any(line.startswith("southasiatimes.org ") and line.rstrip().endswith("blogger") for line in lines)
    assert {d for row in rows for d in row["domains"]} == set(site_parsers())


@pytest.fixture
def project(tmp_path):
    """A throwaway checkout: the parsers package and empty fixture folders."""
    shutil.copytree(ROOT / "parsers", tmp_path / "parsers", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "tests" / "fixtures" / "sites").mkdir(parents=True)
    return tmp_path


def test_new_site_drafts_a_parser_that_reads_its_own_page(project):
    out = invoke("new-site", f"https://www.{DOMAIN}/", "--from", str(PAGE), "--root", str(project))
    assert out.exit_code == 0, out.output
    source = (project / "parsers" / "sites" / "lanterncourier.py").read_text()
    assert "class Lanterncourier(SiteParser):" in source
    assert 'name = "The Lantern Courier"' in source
    assert f'domains = ("{DOMAIN}",)' in source
    # The body container's stable class, not its build hash; the headline by its test id.
    assert 'body=("div.lc-body",)' in source and "css-" not in source
    assert "headline=(\"h1[data-testid='headline']\",)" in source
    assert 'authors=("a.lc-author",)' in source       # one element per name: the byline does not split
    page_copy = project / "tests" / "fixtures" / "sites" / "lanterncourier.html"
    assert page_copy.read_bytes() == PAGE.read_bytes()
    expected = json.loads((project / "tests" / "fixtures" / "sites" / "lanterncourier.json").read_text())
    assert expected["url"].endswith("/news/2025/06/lighthouse-cottages-museum")    # the canonical URL
    assert expected["authors"] == ["Nell Okafor", "Rui Santos"]
    assert expected["body"][0].startswith("The cottages beside")
    assert expected["warnings"] == []

    # The drafted parser, registered in the copy, passes its own test case.
    check = (
        "import json, pathlib\n"
        "from parsers import parse\n"
        "case = pathlib.Path('tests/fixtures/sites/lanterncourier.json')\n"
        "want = json.loads(case.read_text())\n"
        "got = parse(case.with_suffix('.html').read_bytes(), url=want.pop('url')).to_dict()\n"
        "want['body'] = '\\n\\n'.join(want['body'])\n"
        "print(json.dumps({k: [got[k], v] for k, v in want.items() if got[k] != v}))\n"
    )
    run = subprocess.run([sys.executable, "-c", check], cwd=project, capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == {}


def test_new_site_refuses_to_overwrite_or_to_re_add_a_domain(project):
    assert invoke("new-site", DOMAIN, "--from", str(PAGE), "--root", str(project)).exit_code == 0
    written = sorted(p.name for p in project.rglob("lanterncourier.*"))
    again = invoke("new-site", DOMAIN, "--from", str(PAGE), "--root", str(project))
    assert again.exit_code == 2 and "not overwriting" in again.output
    registered = invoke("new-site", "www.southasiatimes.org", "--from", str(PAGE), "--root", str(project))
    assert registered.exit_code == 2 and "already has a parser" in registered.output
    assert sorted(p.name for p in project.rglob("lanterncourier.*")) == written
    assert invoke("new-site", "not a domain", "--from", str(PAGE), "--root", str(project)).exit_code == 2
    bare = invoke("new-site", "other.example", "--from", str(PAGE), "--root", str(project / "nowhere"))
    assert bare.exit_code == 2 and "not a project checkout" in bare.output


def test_domains_and_module_names():
    assert normalise_domain("https://WWW.Example.co.uk/news/1") == "example.co.uk"
    assert normalise_domain("news.example.com.") == "news.example.com"
    assert normalise_domain("example") is None
    assert module_name("example.co.uk") == "example"
    assert module_name("faktencheck.example-news.com") == "faktencheck_example_news"
    assert module_name("20min.ch") == "site_20min"


def test_selectors_skip_build_hashes_and_need_to_be_unique():
    doc = Document('<div class="sc-1x2y3z wrap"><div class="css-a1b2c3 text">a</div></div>'
                   '<div class="wrap"><p class="Body__3xYz9 text">b</p><p class="text">c</p></div>')
    first, second = doc.tree.xpath("//div")[1], doc.tree.xpath("//p")[0]
    assert selector_for(first, doc.tree) == "div.text"
    assert selector_for(second, doc.tree) is None        # p.text is not unique, its parent has no unique name
