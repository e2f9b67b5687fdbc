"""Every hand-checked site test case: tests/fixtures/sites/<module>.json names the page's URL and
the expected fields; the page beside it (<module>.html) is parsed and each field compared exactly.

`scraper new-site` writes a first draft of such a case. A `body` may be a list of paragraphs.
"""
import json

import pytest

from parsers import parse
from tests.conftest import FIXTURES

CASES = sorted((FIXTURES / "sites").glob("*.json"))


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_site_fixture(case):
    expected = json.loads(case.read_text(encoding="utf8"))
    article = parse(case.with_suffix(".html").read_bytes(), url=expected.pop("url")).to_dict()
    assert expected, f"{case.name}: no expected fields"
    for field, want in expected.items():
        assert field in article, f"{case.name}: {field!r} is no Article field"
        if field == "body" and isinstance(want, list):
            want = "\n\n".join(want)
        assert article[field] == want, f"{case.stem}: {field}"
