"""The seed article as other Blogger themes render it: the generic parser alone, and the site
parser, give the same exact record whatever the markup (tests/fixtures/seed_variants/, written for
this project from the seed article's text).

- classic_h2_title: the classic theme; the blog's name is the page's <h1> (a link home), the
  headline an <h2> linked to the post, <title> ends " - The South Asia Times", no og: tags, no
  date <meta>, "Posted by" in the post footer, a date header above the post.
- repeated_heading: the headline printed twice (a second heading inside the article before the
  byline), no JSON-LD, no date <meta>.
- nbsp_paragraphs: empty &nbsp; paragraphs between the real ones, the dateline followed by three
  non-breaking spaces, the subheading as a bold paragraph.
- compose_divs: the compose editor's <div>/<br> paragraphs, "ISLAMABAD&nbsp;-&nbsp;&nbsp;", a
  BlogPosting JSON-LD crediting the publication as a Person.
"""
import json

import pytest

from parsers import parse
from parsers.registry import GENERIC
from tests.conftest import FIXTURES
from tests.test_seed_site import HEADLINE, NOT_IN_BODY, URL

SEED = json.loads((FIXTURES / "sites" / "southasiatimes.json").read_text(encoding="utf8"))
VARIANTS = sorted((FIXTURES / "seed_variants").glob("*.html"))


@pytest.mark.parametrize("which", ["generic", "site"])
@pytest.mark.parametrize("variant", VARIANTS, ids=[v.stem for v in VARIANTS])
def test_seed_article_in_another_theme(variant, which):
    article = parse(variant.read_bytes(), url=URL, parser=GENERIC if which == "generic" else None)
    assert article.parser == ("generic" if which == "generic" else "southasiatimes.org/blogger")
    assert article.headline == HEADLINE
    assert article.authors == ["The South Asia Times"]
    assert article.dateline == "ISLAMABAD"
    assert article.published[:10] == "2026-02-02"
    assert article.body.split("\n\n") == SEED["body"]
    for phrase in NOT_IN_BODY + ("Posted by", "Popular Posts", "Newer Post", "Labels:", "Home"):
        assert phrase not in article.body, phrase
    if which == "site":
        assert article.warnings == []       # Blogger's shared class names find every field
