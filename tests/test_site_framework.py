"""The site-parser framework on an invented publisher, The Lantern Courier, whose article pages
come in an old (2019) and a new (2025) markup: layout detection, selector fallbacks, strip lists,
provenance, warnings when selectors stop matching, and skipping the generic body extractor."""
import lxml.html

import parsers.generic
import parsers.registry
from parsers import parse
from parsers.dateline import german_dateline
from parsers.site import (
    BoldLeadStandfirst,
    GermanDatelineParser,
    Layout,
    SiteParser,
    all_bold,
    all_italic,
    all_links,
    link_list,
    text_only_in,
    without_blocks,
    without_bold_lines,
    without_lead,
)
from tests.conftest import FIXTURES

PAGES = FIXTURES / "site_framework"
OLD_URL = "https://www.lanterncourier.example/news/ferry-winter-hours"
NEW_URL = "https://www.lanterncourier.example/news/2025/06/lighthouse-cottages-museum"
PROMO = "Win two tickets to the harbour regatta"

NEW = Layout(
    name="2025",
    headline=("h1[data-testid='headline']",),
    subheadline=(".lc-standfirst",),
    authors=("a.lc-author",),
    body=(".lc-body",),
    strip=(".lc-signup", ".lc-readnext"),
)
OLD = Layout(
    name="2019",
    headline=("h1.story-headline", "h1.story-title"),     # renamed once: the older name comes second
    byline=(".story-author",),
    published=("time.story-date",),
    body=(".story-text",),
    strip=(".extra-box",),
)


class LanternCourier(SiteParser):
    name = "The Lantern Courier"
    domains = ("lanterncourier.example",)
    layouts = (NEW, OLD)


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf8")


def parse_with(html: str, url: str, *layouts: Layout):
    parser = LanternCourier()
    if layouts:
        parser.layouts = layouts
    return parse(html, url=url, parser=parser)


def test_each_markup_is_detected_and_named_domain_slash_layout():
    new = parse_with(page("new_layout.html"), NEW_URL)
    old = parse_with(page("old_layout.html"), OLD_URL)
    assert new.parser == "lanterncourier.example/2025"
    assert old.parser == "lanterncourier.example/2019"
    assert new.warnings == [] and old.warnings == []
    assert new.authors == ["Nell Okafor", "Rui Santos"]
    assert new.subheadline == "Two restored cottages on the headland now show how the keepers lived."
    assert old.authors == ["Ida Marsh", "Tom Reed"]
    assert old.dateline == "PORT ELLEN"
    assert old.body.startswith("PORT ELLEN — The island ferry")
    assert old.body.endswith("without a fee.")


def test_a_detect_selector_chooses_the_layout():
    """`detect` overrides the body selectors as what identifies a layout."""
    by_kicker = Layout(name="kicker", detect=(".kicker",), body=(".story-text",))
    old = parse_with(page("old_layout.html"), OLD_URL, NEW, by_kicker)
    new = parse_with(page("new_layout.html"), NEW_URL, by_kicker, NEW)
    assert old.parser == "lanterncourier.example/kicker"
    assert new.parser == "lanterncourier.example/2025"


def test_selector_fallbacks_are_tried_in_order():
    old = parse_with(page("old_layout.html"), OLD_URL)
    assert old.headline == "Ferry timetable returns to winter hours"    # the second selector
    kicker_first = Layout(name="x", headline=(".kicker", "h1.story-title"), body=(".story-text",))
    assert parse_with(page("old_layout.html"), OLD_URL, kicker_first).headline == "Harbour news"


def test_strip_removes_what_the_generic_cleaning_keeps():
    old = parse_with(page("old_layout.html"), OLD_URL)
    assert PROMO not in old.body
    assert "Repairs to the slipway" in old.body
    without_strip = Layout(name="x", body=(".story-text",))
    assert PROMO in parse_with(page("old_layout.html"), OLD_URL, without_strip).body

    new = parse_with(page("new_layout.html"), NEW_URL)
    assert "morning briefing" not in new.body and "Harbour seals" not in new.body
    assert new.body.split("\n\n")[2] == "A volunteer effort"


def test_provenance_says_selector_or_which_generic_source():
    old = parse_with(page("old_layout.html"), OLD_URL)
    assert old.published == "2019-04-01T18:30:00+01:00"       # the printed time, not the meta tag
    assert old.provenance["published"] == "selector"
    assert old.provenance["headline"] == old.provenance["body"] == old.provenance["authors"] == "selector"
    new = parse_with(page("new_layout.html"), NEW_URL)
    assert new.published == "2025-06-14T09:00:00+00:00"
    assert new.provenance["published"] == "generic:json-ld"   # NEW has no published selector
    assert new.provenance["canonical_url"] == "generic:html"


def test_a_selector_that_stops_matching_warns_and_falls_back():
    redesigned = page("new_layout.html").replace('class="lc-author"', 'class="lc-writer"')
    article = parse_with(redesigned, NEW_URL)
    assert article.authors == ["Nell Okafor", "Rui Santos"]          # from JSON-LD
    assert article.provenance["authors"] == "generic:json-ld"
    assert len(article.warnings) == 1
    assert article.warnings[0].startswith("authors:") and "a.lc-author" in article.warnings[0]


def test_no_layout_detected_warns_and_uses_the_generic_body():
    redesigned = page("new_layout.html").replace("lc-body", "lc-main-text")
    article = parse_with(redesigned, NEW_URL)
    assert article.parser == "lanterncourier.example/2025"
    assert article.provenance["body"] == "generic:html"
    assert article.body.startswith("The cottages beside the old lighthouse")
    assert article.warnings[0].startswith("layout:") and "2025" in article.warnings[0]
    assert any(w.startswith("body:") and ".lc-body" in w for w in article.warnings)
    assert len(article.warnings) == 2


def test_the_generic_body_extractor_runs_only_when_the_body_selectors_miss(monkeypatch):
    calls = []
    real = parsers.generic.extract_body

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(parsers.generic, "extract_body", counting)
    assert parse_with(page("new_layout.html"), NEW_URL).provenance["body"] == "selector"
    assert calls == []
    missing = Layout(name="x", body=(".no-such-body",))
    assert parse_with(page("new_layout.html"), NEW_URL, missing).provenance["body"] == "generic:html"
    assert calls == [1]



class Brief(SiteParser):
    """A one-page site for the helpers below."""
    name = "Brief"
    domains = ("brief.example",)
    # clean=False: the generic boilerplate stripping stays out of the way of the helpers tested here.
    layouts = (Layout(name="1", body=(".story",), clean=False),)


BRIEF = """<html><head><title>Tide tables</title>
<meta property="og:title" content="Tide tables move online">
</head><body><article>
<h1>Tide tables for the harbour now appear online every morning</h1>
<span class="credit">Harbour Desk</span>
<span class="stamp" data-utc-time="1717236000">Saturday</span>
<div class="story">
<p>The harbour office has started publishing its tide tables online each morning at six.</p>
<p><em>Sign up for the morning newsletter to get the tides by e-mail.</em></p>
<p>Printed copies remain available at the office on the quay for anyone who wants one.</p>
<ul><li><a href="/a">Ferry timetable returns to winter hours</a></li>
<li><a href="/b">Seals return</a></li></ul>
</div></article></body></html>"""
BRIEF_URL = "https://brief.example/tides"


def test_meta_data_attributes_and_desk_credits():
    class Tides(Brief):
        layouts = (Layout(name="1", body=(".story",), headline=("meta[property='og:title']",),
                          published=(".stamp",), authors=(".credit",), clean=False),)
    article = parse(BRIEF, url=BRIEF_URL, parser=Tides())
    assert article.headline == "Tide tables move online"          # a <meta> gives its content
    assert article.published.startswith("2024-06-01")             # data-utc-time, epoch seconds
    assert article.authors == ["Harbour Desk"]                    # a desk name is kept as printed


def test_site_drop_removes_blocks_no_selector_describes():
    class Tides(Brief):
        def site_drop(self, el):
            return all_italic(el) or (el.tag == "ul" and all_links(el))
    kept = parse(BRIEF, url=BRIEF_URL, parser=Brief()).body
    dropped = parse(BRIEF, url=BRIEF_URL, parser=Tides()).body
    assert "newsletter" in kept and "Seals return" in kept
    assert "newsletter" not in dropped and "Seals return" not in dropped
    assert dropped.split("\n\n") == [p for p in kept.split("\n\n") if "newsletter" not in p
                                     and "Seals" not in p]

    class Declared(Brief):
        layouts = (Layout(name="1", body=(".story",), drop=(all_italic, link_list), clean=False),)
    assert parse(BRIEF, url=BRIEF_URL, parser=Declared()).body == dropped


def test_text_only_in():
    block = lxml.html.fragment_fromstring
    assert all_italic(block("<p><em>Note: </em><i>corrected</i></p>"))
    assert not all_italic(block("<p>Plain <em>and</em> italic</p>"))
    assert not all_italic(block("<p>No markup at all</p>"))
    assert all_links(block("<h2><a href='/x'>Earlier entries</a></h2>"))
    assert text_only_in(block("<p><strong>Run-in heading</strong></p>"), "strong", "b")


def test_an_overridden_field_method_needs_no_selectors():
    class Declared(Brief):
        def site_headline(self, doc, layout):
            return "Declared headline"

        def site_published(self, doc, layout):
            return None       # nothing to say on this page: the generic value, and no warning
    article = parse(BRIEF, url=BRIEF_URL, parser=Declared())
    assert article.headline == "Declared headline"
    assert article.provenance["headline"] == "selector"
    assert article.warnings == []


MILL = """<html><head><title>Mill | The Weir Gazette</title>
<meta property="og:title" content="Old mill reopens">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Old mill on the weir reopens as a bakery &amp; caf&#233;",
 "author": [{"@type": "Organization", "name": "weir desk"}]}</script>
</head><body><article>
<h1>The mill is back</h1>
<span class="writer"></span>
<div class="story">
<p><strong>The old water mill on the weir has reopened after three years of repairs.</strong></p>
<p>Kleinstadt/Weiler - Flour is milled on the old stones again, and the bakery sells bread from it.</p>
<div class="photo"><picture><img src="/mill.jpg"></picture><span>The wheel turning on opening day</span></div>
<p><b>Read our weekend guide to the valley's mills</b></p>
<p>Visitors can watch the wheel from a new platform beside the race, open every afternoon.</p>
<p><a href="/a">Weir walk</a> · <a href="/b">Valley bakeries</a> · <a href="/c">Mill history</a> and more</p>
</div></article></body></html>"""
MILL_URL = "https://weir.example/mill"


class Mill(SiteParser):
    name = "The Weir Gazette"
    domains = ("weir.example",)
    layouts = (Layout(name="1", body=(".story",)),)


def mill_with(**fields):
    class OneLayout(Mill):
        layouts = (Layout(name="1", body=(".story",), **fields),)
    return parse(MILL, url=MILL_URL, parser=OneLayout())


def test_json_ld_selectors_give_the_declared_values():
    article = mill_with(headline=("json-ld:headline",), authors=(".writer", "json-ld:author"))
    assert article.headline == "Old mill on the weir reopens as a bakery & café"   # entities decoded
    assert article.provenance["headline"] == "selector"
    # The empty credit element yields no names, so the next selector is tried; a JSON-LD credit is
    # kept as given, even where the name splitter would take it for a role.
    assert article.authors == ["weir desk"]
    assert mill_with(headline=("json-ld:alternativeHeadline", "h1")).headline == "The mill is back"


def test_strip_selectors_run_before_junk_tags_are_removed():
    kept = mill_with().body
    stripped = mill_with(strip=(".photo:has(picture)",)).body
    assert "opening day" in kept and "opening day" not in stripped


def test_max_link_share_drops_link_lists():
    assert "Valley bakeries" in mill_with().body
    body = mill_with(max_link_share=0.5).body
    assert "Valley bakeries" not in body and "new platform" in body


def test_a_dateline_selector_finding_nothing_is_no_redesign():
    article = mill_with(dateline=(".dateline",), headline=(".no-headline",))
    assert article.dateline is None
    assert [w.split(":")[0] for w in article.warnings] == ["headline"]


def test_all_bold():
    block = lxml.html.fragment_fromstring
    assert all_bold(block("<p><strong>Whole</strong> <b>line</b></p>"))
    assert not all_bold(block("<p><b>D</b>rop cap on a plain paragraph</p>"))
    assert not all_bold(block("<p>Plain text</p>"))


def test_without_blocks_and_leads():
    block = lxml.html.fragment_fromstring
    body = "First paragraph.\n\nRead more: elsewhere\n\nLast paragraph."
    promo = block("<p><strong>Read more:</strong> <b>elsewhere</b></p>")
    plain = block("<p>Read more: elsewhere</p>")
    assert without_blocks(body, [plain]) == "First paragraph.\n\nLast paragraph."
    assert without_bold_lines(body, [promo]) == "First paragraph.\n\nLast paragraph."
    assert without_bold_lines(body, [plain]) == body
    assert without_blocks(None, [plain]) is None
    assert without_lead(body, "First paragraph.") == "Read more: elsewhere\n\nLast paragraph."
    assert without_lead(body, "Last paragraph.") == body
    assert without_lead("Only the lead", "Only the lead") is None


def test_german_datelines():
    assert german_dateline("München/London – Die Gespräche gehen weiter.") == "München/London"
    assert german_dateline("Frankfurt am Main (dpa) - Der Leitindex stieg.") == "Frankfurt am Main"
    assert german_dateline("Die Regierung - so heißt es - plant neue Regeln.") is None
    assert german_dateline("Ein ganz normaler Satz ohne Ortsmarke.") is None

    class Weir(GermanDatelineParser, Mill):
        pass
    article = parse(MILL.replace("<strong>", "<em>"), url=MILL_URL, parser=Weir())
    assert article.dateline is None                          # the body opens with the lead
    without_lead_paragraph = MILL.replace("<strong>The old", "<strong hidden>The old")
    assert parse(without_lead_paragraph, url=MILL_URL, parser=Weir()).dateline == "Kleinstadt/Weiler"


def test_a_bold_first_paragraph_is_the_standfirst():
    class Weir(BoldLeadStandfirst, Mill):
        layouts = (Layout(name="1", body=(".story",), subheadline=(".story > p",)),)
    article = parse(MILL, url=MILL_URL, parser=Weir())
    assert article.subheadline == "The old water mill on the weir has reopened after three years of repairs."
    assert article.body.startswith("Kleinstadt/Weiler - Flour")

    class DatelinedWeir(GermanDatelineParser, Weir):
        pass
    assert parse(MILL, url=MILL_URL, parser=DatelinedWeir()).dateline == "Kleinstadt/Weiler"


def test_a_page_no_layout_recognises_keeps_the_sites_rules():
    """A redesign renamed the body class: the authors are still found by the old layout's
    selectors, and the generic body leaves out what the strip rules all layouts share describe
    (a partner box the content extractor alone keeps)."""
    shared = (".lc-partner", ".lc-signup")
    new = Layout(name="2025", headline=NEW.headline, authors=(".lc-author-name",), body=(".lc-body",),
                 strip=shared)
    old = Layout(name="2019", authors=("a.lc-author",), body=(".story-text",), strip=(*shared, ".extra-box"))
    partner = ("<div class='lc-partner'><p>Harbour Tours, our partner, offers guided walks along the "
               "headland every weekend this summer, with tickets sold at the visitor centre.</p></div>")
    redesigned = page("new_layout.html").replace("lc-body", "lc-main-text").replace(
        '<div class="lc-signup">', partner + '<div class="lc-signup">')
    assert "Harbour Tours" in parse(redesigned, url=NEW_URL, parser=parsers.registry.GENERIC).body
    article = parse_with(redesigned, NEW_URL, new, old)
    assert article.parser == "lanterncourier.example/2025"
    assert article.warnings[0].startswith("layout:")
    assert article.authors == ["Nell Okafor", "Rui Santos"] and article.provenance["authors"] == "selector"
    assert article.provenance["body"] == "generic:html"
    assert "Harbour Tours" not in article.body
    assert article.body.startswith("The cottages beside the old lighthouse")
