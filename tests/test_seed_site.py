"""The seed article, in the seed site's layout, parsed field by field."""
from parsers import parse
from parsers.registry import GENERIC

URL = "https://www.southasiatimes.org/2026/02/libyan-military-and-political-leaders.html"
HEADLINE = ("Libyan Military and Political Leaders Visit Pakistan, Spotlighting Deepening Defense "
            "Partnership")
NOT_IN_BODY = ("AdSense Advertisement", "Advertisement", "Dark Mode", "Logo", "Monday, 02 February 2026",
               "Comment / Reply From", "By The South Asia Times", "You may like these posts", "Share:",
               "WhatsApp", "All rights reserved", "Menu", HEADLINE)


def check_seed(article):
    assert article.headline == HEADLINE
    assert article.authors == ["The South Asia Times"]
    assert article.byline == "By The South Asia Times"
    assert article.dateline == "ISLAMABAD"
    assert article.published.startswith("2026-02-02")
    assert article.published == "2026-02-02T18:40:00+05:00"
    assert article.language == "en-US"
    assert article.canonical_url == URL
    assert article.site == "southasiatimes.org"
    body = article.body
    assert body.startswith("ISLAMABAD - Libya’s senior-most military")
    assert body.endswith("open a new chapter in Pakistan’s role as a regional security partner")
    for phrase in NOT_IN_BODY:
        assert phrase not in body, phrase
    paragraphs = body.split("\n\n")
    assert "Defence cooperation" in paragraphs
    assert len(paragraphs) == 15
    assert article.word_count == len(body.split())


def test_seed_site_parser(fixture_bytes):
    article = parse(fixture_bytes("sites/southasiatimes.html"), url=URL)
    assert article.parser == "southasiatimes.org/blogger"
    check_seed(article)
    assert article.provenance["body"] == "selector"
    assert article.warnings == []


def test_seed_generic_parser_alone(fixture_bytes):
    """The generic parser gets the same record without knowing the site."""
    article = parse(fixture_bytes("sites/southasiatimes.html"), url=URL, parser=GENERIC)
    assert article.parser == "generic"
    check_seed(article)
    assert article.provenance["published"] == "meta"


def test_today_line_is_not_the_publication_date(fixture_bytes):
    html = fixture_bytes("sites/southasiatimes.html").decode()
    html = html.replace('<meta property="article:published_time" content="2026-02-02T18:40:00+05:00">', "")
    html = html.replace('datetime="2026-02-02T18:40:00+05:00" itemprop="datePublished"', "")
    html = html.replace("/2026/02/libyan", "/libyan")
    article = parse(html, url="https://www.example.org/libyan.html", parser=GENERIC)
    # The post still prints its own date (<time>February 02, 2026</time>): that one is read.
    assert article.published == "2026-02-02" and article.provenance["published"] == "text"
    html = html.replace(">February 02, 2026</time>", "></time>")
    article = parse(html, url="https://www.example.org/libyan.html", parser=GENERIC)
    assert article.published is None
