"""Bad input never crashes the parser: charsets, broken and truncated HTML, huge and deep pages."""
import time

import pytest

from parsers import parse
from parsers.decode import decode_html, detect_encoding

ARTICLE = """<html><head>{meta}<title>Caf\u00e9 owners protest new rules - Example News</title></head>
<body><article><h1>Caf\u00e9 owners protest new rules</h1>
<p class="byline">By Zoë Brontë</p>
<p>PARIS \u2014 Caf\u00e9 owners gathered on Monday to protest the new rules on terraces, which they say
will cost them a season\u2019s income and force many to close before the summer is over.</p>
<p>The city says the rules are needed to keep pavements clear for pedestrians and wheelchairs,
and that owners were consulted for months before the decision was taken.</p>
</article></body></html>"""


@pytest.mark.parametrize("codec", ["windows-1252", "utf-8"])
def test_declared_legacy_charsets(codec):
    html = ARTICLE.format(meta=f'<meta charset="{codec}">').encode(codec)
    article = parse(html, url="https://news.example.com/a")
    assert article.headline == "Café owners protest new rules"
    assert article.authors == ["Zoë Brontë"]
    assert "season’s income" in article.body


def test_shift_jis_page():
    html = ("<html><head><meta http-equiv='Content-Type' content='text/html; charset=Shift_JIS'>"
            "<title>東京で大雪 交通に乱れ</title></head><body><article><h1>東京で大雪 交通に乱れ</h1>"
            "<p>東京都心では二十八日朝から雪が降り続き、鉄道やバスの運行に大きな乱れが出ています。"
            "気象庁は不要不急の外出を控えるよう呼びかけています。</p>"
            "<p>首都高速道路の一部区間では通行止めが続いており、物流への影響も懸念されています。</p>"
            "</article></body></html>").encode("shift_jis")
    assert detect_encoding(html)[0] == "cp932"
    article = parse(html, url="https://www.example.jp/news/1")
    assert article.headline == "東京で大雪 交通に乱れ"
    assert "気象庁" in article.body


def test_meta_charset_that_lies():
    """Declared windows-1252, but the bytes are UTF-8: the text the author wrote wins."""
    html = ARTICLE.format(meta='<meta charset="windows-1252">').encode("utf-8")
    assert detect_encoding(html) == ("utf-8", "sniffed")
    assert parse(html).headline == "Café owners protest new rules"
    # Declared UTF-8, but the bytes are windows-1252.
    html = ARTICLE.format(meta='<meta charset="utf-8">').encode("windows-1252")
    assert parse(html).headline == "Café owners protest new rules"
    # Declared GB2312 (a multi-byte legacy charset), but the bytes are UTF-8.
    html = "<html><head><meta charset='gb2312'><title>市图书馆延长开放时间</title></head></html>".encode()
    assert detect_encoding(html) == ("utf-8", "sniffed")
    assert parse(html).headline == "市图书馆延长开放时间"


def test_header_charset_wins_over_meta_and_bom_wins_over_header():
    html = ARTICLE.format(meta='<meta charset="koi8-r">').encode("windows-1252")
    assert parse(html, content_type="text/html; charset=windows-1252").headline.startswith("Café")
    bom = b"\xef\xbb\xbf" + ARTICLE.format(meta="").encode("utf-8")
    assert detect_encoding(bom, "text/html; charset=windows-1252") == ("utf-8", "bom")


def test_control_characters_and_nul_removed():
    text = decode_html(b"<p>a\x00b\x07c</p>")
    assert text == "<p>abc</p>"


@pytest.mark.parametrize("html", [
    b"", b"   ", b"<", b"<html", b"<html><body><p>unclosed <b>bold <i>italic",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "<p>\ud800 lone surrogate</p>".encode("utf-8", "surrogatepass"),
    b"<html><head><script>var x = '</head><body><p>in script",
    ARTICLE.format(meta="").encode()[:700],
])
def test_broken_and_truncated_input_never_raises(html):
    article = parse(html, url="https://news.example.com/x")
    assert article.url == "https://news.example.com/x"


def test_homepage_has_no_invented_article():
    links = "".join(f'<li><a href="/news/{i}">Story number {i} about the city council budget</a></li>'
                    for i in range(60))
    html = f"""<html><head><title>Example News - Home</title></head><body>
    <nav><a href="/">Home</a><a href="/world">World</a></nav><ul class="stories">{links}</ul>
    <footer>© Example News</footer></body></html>"""
    article = parse(html, url="https://news.example.com/")
    assert article.authors == []
    assert article.byline is None
    assert article.published is None
    assert not article.body or "Story number" not in article.body


def test_five_megabyte_page_is_bounded():
    para = "<p>" + "The council met again to discuss the budget and the roads. " * 20 + "</p>\n"
    filler = "<div class='teaser'><a href='/x'>" + "link text " * 20 + "</a></div>\n"
    html = ("<html><body><article><h1>Budget talks drag on</h1>" + para * 60 + "</article>"
            + filler * (5_000_000 // len(filler)) + "</body></html>")
    assert len(html) > 5_000_000
    start = time.process_time()
    article = parse(html, url="https://news.example.com/budget")
    assert time.process_time() - start < 30  # generous: a guard against runaway cost, not a benchmark
    assert article.headline == "Budget talks drag on"
    assert article.body.count("The council met again") == 60 * 20


@pytest.mark.parametrize("depth", [300, 3000, 10_000])
def test_deep_nesting_keeps_the_article(depth):
    html = ("<html><head><title>Deep story - Example</title></head><body>" + "<div>" * depth
            + "<h1>Deep story</h1><p>" + "Words that matter to the reader of this story. " * 5 + "</p>"
            + "</div>" * depth + "</body></html>")
    article = parse(html, url="https://news.example.com/deep")
    assert article.headline == "Deep story"
    assert "Words that matter" in article.body


def test_a_page_of_a_million_elements_is_not_read_and_says_why():
    """Bounded cost: past MAX_ELEMENTS the body is not read (metadata still is)."""
    from parsers.document import MAX_ELEMENTS
    html = ("<html><head><title>Ferry timetable</title></head><body>"
            + "<span>x</span>" * (MAX_ELEMENTS + 10)
            + "<article><h1>Ferry timetable</h1><p>" + "The ferry runs late. " * 20
            + "</p></article></body></html>")
    article = parse(html, url="https://news.example.com/ferry")
    assert article.headline == "Ferry timetable"
    assert article.body is None
    assert article.warnings and "elements" in article.warnings[0]


def test_a_tag_with_100k_attributes_loses_them_not_the_page():
    """libxml2 is quadratic in one tag's attributes; such a tag is parsed without them."""
    attrs = " ".join(f"a{i}='v'" for i in range(100_000))
    html = (f"<html><head><title>Ferry timetable</title></head><body><div {attrs}>x</div><article>"
            "<h1>Ferry timetable</h1><p>" + "The ferry runs late again this week. " * 20 + "</p></article>"
            "</body></html>")
    start = time.process_time()
    article = parse(html, url="https://news.example.com/ferry")
    assert time.process_time() - start < 10   # a guard against the minute-long quadratic parse
    assert article.headline == "Ferry timetable" and "runs late" in article.body
