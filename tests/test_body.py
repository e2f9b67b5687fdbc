"""The generic body extractor on hand-written pages: what must be in the body, what must not,
and the shape of the text (paragraphs, subheadings, list items)."""
import json
from pathlib import Path

import pytest
from lxml import etree

from parsers import Document, parse
from parsers.body import extract_body, is_boilerplate_line

FIXTURES = Path(__file__).parent / "fixtures" / "body"

CASES = {
    "ad_related_newsletter.html": {
        "with": ["PORT HALDEN — The harbour ferry will carry passengers again on Monday",
                 "twice the original estimate.",
                 "several shop owners on the island reported fewer visitors.",
                 "could no longer halt the service for weeks at a time.",
                 "remain valid until the end of the year, the operator said."],
        "without": ["Advertisement", "Related stories", "Council delays vote", "Read more",
                    "A century of ferries", "morning briefing", "Sign up", "Share on", "Ferries", "disgrace",
                    "All rights reserved", "Marit Olsen", "Sport", "Elsewhere on the coast", "Lighthouse"],
    },
    "figure_split_paywall.html": {
        "with": ["Cherry growers across the upper valley", "exposed at the moment a cold front moved in",
                 "up to half of the open flowers", "only protect the lower branches on a still night."],
        "without": ["Braziers burn", "Photo:", "Tove Brandt", "Subscribe", "limit of free articles",
                    "2 April 2026", "Valley orchards brace"],
    },
    "br_list_subheading.html": {
        "with": ["From next month every household", "half of all household waste", "What goes where",
                 "Paper and cardboard\nGlass bottles and jars\nMetal cans and foil", "Collection days",
                 "apply online or at the town hall."],
        "without": ["Most read", "Mayor opens", "Storm closes", "How the new recycling rules work"],
    },
    "spans_standfirst_hidden.html": {
        "with": ["Der Stadtrat hat am Mittwochabend",
                 "Geplant sind vor allem geschützte Fahrstreifen entlang der großen Einfallstraßen, wie sie "
                 "andere Städte bereits eingeführt haben.",
                 "vierzig Millionen Euro", "schnelleren Zeitplan"],
        "without": ["zwölf Kilometer", "Anzeige", "versteckt", "Lesen Sie auch", "Neue Buslinien"],
    },
    "article_body_guide.html": {
        "with": ["The central library will open until ten in the evening", "four new librarians",
                 "A trial on Sundays"],
        "without": ["Finally!", "broken lifts", "new books", "parking garage"],
    },
}


def _parse(name: str):
    return parse((FIXTURES / name).read_bytes(), url=f"https://news.example.com/{name}")


@pytest.mark.parametrize("name", sorted(CASES))
def test_body_with_and_without(name):
    body = _parse(name).body
    assert body, name
    for phrase in CASES[name]["with"]:
        assert phrase in body, phrase
    for phrase in CASES[name]["without"]:
        assert phrase not in body, phrase


def test_paragraph_shape():
    """Paragraphs (from <p>, <br><br> and subheadings) are separated by one blank line; list items
    sit one per line; the first paragraph keeps its dateline."""
    body = _parse("br_list_subheading.html").body
    paragraphs = body.split("\n\n")
    assert paragraphs[0].startswith("From next month") and paragraphs[0].endswith("on Tuesday.")
    assert paragraphs[1].startswith("The change follows")
    assert paragraphs[2] == "What goes where"
    assert paragraphs[4] == ("Paper and cardboard\nGlass bottles and jars\nMetal cans and foil\n"
                             "Plastic packaging\nFood scraps")
    assert paragraphs[5] == "Collection days"
    assert "\n\n\n" not in body
    first = _parse("ad_related_newsletter.html").body.split("\n\n")[0]
    assert first.startswith("PORT HALDEN — ")


def test_body_split_over_sibling_containers():
    body = _parse("figure_split_paywall.html").body
    assert len(body.split("\n\n")) == 4


def test_agency_opening_that_matches_the_description_stays():
    """A first paragraph printed like the ones after it is the article's opening, even when the
    page's description repeats it; a set-apart standfirst is not body."""
    assert _parse("article_body_guide.html").body.startswith("The central library will open")
    assert "zwölf Kilometer" not in _parse("spans_standfirst_hidden.html").body


def test_paywall_marker_and_visible_text():
    article = _parse("figure_split_paywall.html")
    assert article.is_paywalled
    assert "Cherry growers" in article.body
    assert not _parse("br_list_subheading.html").is_paywalled


def test_tree_is_not_modified():
    doc = Document((FIXTURES / "ad_related_newsletter.html").read_bytes())
    before = etree.tostring(doc.tree)
    body = extract_body(doc.tree, headline="Harbour ferry service to resume after repairs").body
    assert "PORT HALDEN" in body
    assert etree.tostring(doc.tree) == before


def test_page_without_article_text_has_no_body():
    html = ("<html><body><nav>" + "".join(f"<a href='/{i}'>Section number {i}</a>" for i in range(40))
            + "</nav><footer>© Example</footer></body></html>")
    assert parse(html, url="https://news.example.com/").body is None


@pytest.mark.parametrize(("line", "boilerplate"), [
    ("Advertisement", True),
    ("Anzeige", True),
    ("Read more: Council delays vote on the new bridge", True),
    ("Foto: Tove Brandt", True),
    ("Quelle: Agenturen", True),
    ("Stand: 02.04.2026, 07:15 Uhr", True),
    ("Updated 15.59 | Published 14.14", True),
    ("By Marit Olsen and Per Lund", True),
    ("von Anna Beispiel", True),
    ("Read next", True),
    ("Mehr zum Thema", True),
    ("Das könnte Sie auch interessieren:", True),
    ("We apologize, but this video has failed to load.", True),
    ("Player wird geladen", True),
    ("Your web browser is no longer supported. To improve your experience update it here", True),
    ("The old pier at dawn. © Jane Roe / Harbour Agency", True),
    ("Der alte Anleger im Hafen | © Foto-Agentur", True),
    ("Zurück zur Übersicht", True),
    ("weiterlesen 5 Minuten", True),
    ("4 Min Read", True),
    ("Lesezeit: ca. 3 Minuten", True),
    ("Externer Inhalt", True),
    ("Sign in or create an account", True),
    ("5 minutes later the ferry left.", False),
    ("Follow The Harbour Gazette on Twitter and Instagram @harbourgazette.", True),
    ("Have a tip? Jane Roe can be reached by e-mail. Follow her on Twitter @janeroe.", True),
    ("Folgen Sie uns auf Facebook", True),
    ("Subscribe to our newsletter for the week's news from the harbour.", True),
    ("If you are already a subscriber, log in to read the rest of this story.", True),
    ("La suite est réservée aux abonnés.", True),
    ("To view the full story, please subscribe to The Valley Gazette.", True),
    ("Sieh dir diesen Beitrag auf Instagram an", True),
    ("Support our independent journalism today.", True),
    ("Help us keep the harbour news free for everyone.", True),
    ("Hat Ihnen dieser Artikel gefallen? Dann unterstützen Sie uns bitte mit einer Spende.", True),
    ("Unterstützen Sie unsere unabhängige, kritische Berichterstattung.", True),
    ("Jetzt spenden!", True),
    ("Donate", True),
    ("The mayor asked residents to help us find the missing ferry, the harbour master said.", False),
    ("Spenden für die Flutopfer gingen am Montag bei der Stadt ein.", False),
    ("The club said it would support our town's plan for a second pier.", False),
    ("The mayor asked residents to follow the updates on Twitter during the storm.", False),
    ("Subscribers to the ferry pass will pay less from May, the operator said.", False),
    ("The band said the song is copyright of its label and cannot be played on air.", False),
    ("Recommended reading for the council's ferry committee", False),
    ("The video failed to load for most viewers, the broadcaster admitted on Tuesday.", False),
    ("By Monday the ferry was running again", False),
    ("The vote is at 10:30.", False),
    ("Aktualisiert am 17.01.2021.", True),
    ("4:14 p.m.", False),  # the heading of a live blog's entry
    ("The ferry sailed again on 12.03.2025 at noon, the operator said.", False),
    ("Tickets cost £12.50, the operator said.", False),
    ("Paper and cardboard", False),
    ("What goes where", False),
])
def test_boilerplate_lines(line, boilerplate):
    assert is_boilerplate_line(line) is boilerplate


def test_paragraphs_each_marked_as_article_body():
    """itemprop=articleBody on every paragraph (with an ad between them): the body is all of them."""
    html = """<html><body><div class="story">
    <p itemprop="articleBody">The museum reopened its east wing on Saturday after two years of work on the
    roof, the heating and the lighting, which the director said had cost far more than anyone had planned.</p>
    <div class="ad-box"><span>Advertisement</span></div>
    <p itemprop="articleBody">Visitors queued from early morning to see the restored ceiling paintings.</p>
    <p itemprop="articleBody">The west wing will close for the same work next spring.</p>
    </div><div class="sidebar">
    <p>Opening hours and tickets for all our museums are listed on the visitor page.</p></div>
    </body></html>"""
    body = parse(html, url="https://news.example.com/museum").body
    assert body.split("\n\n") == [
        "The museum reopened its east wing on Saturday after two years of work on the roof, the heating and "
        "the lighting, which the director said had cost far more than anyone had planned.",
        "Visitors queued from early morning to see the restored ceiling paintings.",
        "The west wing will close for the same work next spring."]


def test_repeated_subheadings_are_kept_and_adjacent_repeats_dropped():
    html = """<html><body><article>
    <h2>Morning sessions</h2>
    <p>Swimming lessons for beginners start at eight and last forty minutes, the pool said.</p>
    <h3>How to sign up</h3>
    <p>Places are given out at the front desk on the Monday before each course starts.</p>
    <h2>Evening sessions</h2>
    <p>Lessons for adults run from seven until nine.</p>
    <p>Lessons for adults run from seven until nine.</p>
    <h3>How to sign up</h3>
    <p>These places are booked online only, and the booking opens a month in advance.</p>
    </article></body></html>"""
    body = parse(html, url="https://news.example.com/pool").body
    assert body.count("How to sign up") == 2
    assert body.count("Lessons for adults") == 1


def test_paywall_box_is_a_marker_but_marked_paragraphs_are_not():
    from parsers import parse
    story = "".join(f"<p class='paywall'>Paragraph {i} of a story every reader can see in full.</p>"
                    for i in range(8))
    free = parse(f"<html><body><article><h1>Free</h1>{story}</article>"
                 "<div id='tp-container'></div></body></html>", url="https://news.example.com/free")
    assert not free.is_paywalled and "Paragraph 7" in free.body
    locked = parse(f"<html><body><article><h1>Locked</h1>{story[:200]}<div class='paywall-prompt'>"
                   "Subscribe to read the rest.</div></article></body></html>", url="https://news.example.com/locked")
    assert locked.is_paywalled


def test_a_caption_marked_as_a_legend_is_not_body():
    from parsers import parse
    from parsers.registry import GENERIC
    text = "The harbour board voted on Tuesday to rebuild the old ferry pier before the summer season. "
    html = ("<html><body><article><h1>Harbour board backs a new ferry pier</h1>"
            f"<p>{text * 3}</p><div class='image-wrapper'><img src='pier.jpg'>"
            "<span class='legend'>Workers inspect the old pier on Monday (Photo agency / J. Doe)</span></div>"
            f"<p>{text * 3}</p><div class='bildunterschrift'>Der alte Anleger im Hafen</div>"
            f"<p>{text * 2}</p></article></body></html>")
    body = parse(html, url="https://harbour.example/2026/pier", parser=GENERIC).body
    assert "Workers inspect" not in body and "alte Anleger" not in body
    assert body.count("harbour board voted") == 8


STORY = ["The county opened its first flood shelter for horses on Thursday, a barn on high ground that can "
         "take forty animals when the river rises.",
         "Owners along the lower valley had asked for a shelter since the floods of two winters ago, when "
         "several stables had to be cleared at night.",
         "The barn cost less than planned because the county reused the frame of an old grain store.",
         "Volunteers will run it, and the county will pay for feed and a vet on call during an alert."]
DESCRIPTION = STORY[0]


def _story_page(opening: str, rest: str = "".join(f"<p>{text}</p>" for text in STORY[1:])) -> str:
    return (f"<html><head><meta name='description' content='{DESCRIPTION}'></head><body>"
            f"<article><h1>A flood shelter for horses</h1>{opening}{rest}</article></body></html>")


@pytest.mark.parametrize("opening", [
    f"<p>{STORY[0]}</p>",
    f"<p class='drop-cap first'>{STORY[0]}</p>",            # a class that styles the opening letter
    f"<p id='speakable'>{STORY[0]}</p>",
])
def test_an_opening_printed_with_the_body_text_stays_in_the_body(opening):
    """The first paragraph of the body text is body, even when the page's description repeats it
    and a class only styles its first letter."""
    article = parse(_story_page(opening), url="https://valley.example/news/shelter")
    assert article.body.split("\n\n") == STORY


@pytest.mark.parametrize("opening", [
    f"<p id='speakable-summary'>{STORY[0]}</p>",                       # named as a summary
    f"<div class='story-head'><p>{STORY[0]}</p></div>",                 # a box of its own
    f"<p class='lead-text'>{STORY[0]}</p>",                             # marked as a lead
])
def test_an_opening_the_description_runs_on_from_stays_in_the_body(opening):
    """A description cut from the article's first words (it quotes the opening and goes on into the
    paragraph after it) says that the opening, however it is boxed or named, is the article's own
    first paragraph, not a standfirst."""
    description = f"{STORY[0]} {STORY[1][:60]} …"
    html = _story_page(opening, "<div class='story-text'>" + "".join(f"<p>{text}</p>" for text in STORY[1:])
                       + "</div>").replace(f"content='{DESCRIPTION}'", f"content='{description}'")
    article = parse(html, url="https://valley.example/news/shelter")
    assert article.body.split("\n\n") == STORY


def test_an_opening_boxed_like_every_paragraph_stays_in_the_body():
    """Pages that wrap every paragraph in a box of its own box the first one the same way."""
    boxed = "".join(f"<div class='block'><div class='text'><span>{text}</span></div></div>" for text in STORY)
    article = parse(_story_page(boxed, rest=""), url="https://valley.example/news/shelter")
    assert article.body.split("\n\n") == STORY


TEASER = "Forty horses can wait out a flood in the new barn on the ridge."
BODY_TEXT = "".join(f"<p>{text}</p>" for text in STORY)


@pytest.mark.parametrize(("opening", "rest", "standfirst"), [
    # a box of its own above the body text, printing the description
    (f"<div class='story-head'><p>{STORY[0]}</p></div>",
     "<div class='story-text'>" + "".join(f"<p>{text}</p>" for text in STORY[1:]) + "</div>", STORY[0]),
    (f"<p class='summary-art is-large'>{TEASER}</p>", BODY_TEXT, TEASER),     # marked as a summary
    (f"<h2 class='article__excerpt'>{TEASER}</h2>", BODY_TEXT, TEASER),       # marked, in a heading
])
def test_a_standfirst_set_apart_goes_to_the_subheadline(opening, rest, standfirst):
    article = parse(_story_page(opening, rest), url="https://valley.example/news/shelter")
    assert article.subheadline == standfirst
    assert standfirst not in article.body
    assert article.body.endswith(STORY[-1])


def test_paragraphs_beside_a_long_link_box_in_one_parent_are_the_body():
    """The article's paragraphs and a long box of links to other stories share one parent, which
    sums to less than nothing: the article is the run of paragraphs, not a side box of prose."""
    paragraphs = [f"Paragraph {i} of the garden show story: the judges walked the beds for a whole morning "
                  f"and wrote notes on every plant they saw." for i in range(6)]
    links = "".join(f"<li><a href='/story/{i}'>Another story from the garden pages, number {i}, with a long "
                    f"title</a></li>" for i in range(30))
    html = ("<html><body><div class='story'><h1>The garden show</h1>"
            + "".join(f"<p>{text}</p>" for text in paragraphs)
            + f"<div class='more'><ul>{links}</ul></div>"
            "<div class='box'><p>In another part of the town, the market opens at seven and closes at noon "
            "on every Saturday of the summer, its organisers said.</p></div></div></body></html>")
    body = parse(html, url="https://town.example/garden-show").body
    assert body.split("\n\n") == paragraphs


SHORT_STORY = ["The ferry to the outer islands will run twice a day from Monday, the operator said.",
               "A second boat returns from repairs at the yard, where its engine was replaced over the "
               "winter.",
               "Tickets bought for the old timetable remain valid until the end of the month."]
CONSENT = ("I agree that the operator may send me news about its services by e-mail and may store my "
           "address for that purpose. I can withdraw my consent at any time, and the operator will then "
           "delete my address. Further details about how my data are processed are given in the privacy "
           "notice, which I have read and understood before signing up for this letter.")


@pytest.mark.parametrize("panel", [
    f"<footer><form action='/signup'><p>Stay informed</p><p>{CONSENT}</p>"
    "<input type='email' name='address'><input type='checkbox'></form></footer>",
    f"<div class='box'><p>{CONSENT}</p><input type='text' name='user'><input type='password'></div>",
    f"<div role='dialog' aria-label='Privacy settings'><p>{CONSENT}</p><p>{CONSENT}</p></div>",
])
def test_a_sign_up_log_in_or_consent_panel_is_never_the_body(panel):
    """Its text is longer than the article's, but text around an e-mail or password field, or in a
    dialog, is not article text."""
    html = ("<html><body><article><h1>Ferry timetable</h1>"
            + "".join(f"<p>{text}</p>" for text in SHORT_STORY) + f"</article>{panel}</body></html>")
    assert parse(html, url="https://islands.example/ferry").body.split("\n\n") == SHORT_STORY


def test_a_sign_up_panel_inside_the_article_is_left_out():
    panel = ("<div class='box'><p>Get the island news every morning in your inbox, free of charge.</p>"
             "<input type='email'><span>We never share your address.</span></div>")
    html = ("<html><body><article><h1>Ferry timetable</h1>" + f"<p>{SHORT_STORY[0]}</p>{panel}"
            + "".join(f"<p>{text}</p>" for text in SHORT_STORY[1:]) + "</article></body></html>")
    assert parse(html, url="https://islands.example/ferry").body.split("\n\n") == SHORT_STORY


def test_a_form_around_the_whole_page_is_no_panel():
    """Some sites wrap the whole page, headline and article included, in one <form>."""
    html = ("<html><body><form id='page' action='/post'><div class='login'><input type='password'></div>"
            "<article><h1>Ferry timetable</h1>" + "".join(f"<p>{text}</p>" for text in SHORT_STORY)
            + "</article><input type='email' name='newsletter'></form></body></html>")
    assert parse(html, url="https://islands.example/ferry").body.split("\n\n") == SHORT_STORY


def test_a_label_that_introduced_a_box_left_out_goes_with_it():
    """"Tags" over a tag list and "Contents" over a table of contents lose their box; a
    subheading over a short ad slot keeps its section."""
    section = "The second half of the season starts in March, when the club expects its new stand to open."
    html = ("<html><body><article><h1>Club season</h1>"
            f"<p>{SHORT_STORY[0]}</p><p>Contents</p><ul class='toc'>"
            + "".join(f"<li><a href='#s{i}'>Section {i} of this long article</a></li>" for i in range(4))
            + f"</ul><p>{SHORT_STORY[1]}</p><h2>The new stand</h2><div class='ad-slot'>Advertisement</div>"
            f"<p>{section}</p><h3>Tags</h3><div class='tags'>"
            + "".join(f"<a href='/tag/{t}'>{t}</a> " for t in ("football", "stadium", "season", "club news"))
            + f"</div><p>{SHORT_STORY[2]}</p></article></body></html>")
    body = parse(html, url="https://club.example/season").body
    assert body.split("\n\n") == [SHORT_STORY[0], SHORT_STORY[1], "The new stand", section, SHORT_STORY[2]]


def test_a_short_article_that_ends_announcing_a_link_keeps_its_text():
    """A closing line ending in a colon lost what it announced, but a paragraph of the article
    that does so (here the only one) is still article text."""
    text = ("The town council has started a petition against the closing of the night bus line, and "
            "everyone who wants the bus to keep running is asked to sign it here:")
    html = (f"<html><body><div class='entry'><h2>Save the night bus</h2><div class='text'><p>{text}</p>"
            "<p><a href='https://petitions.example/night-bus'>https://petitions.example/night-bus</a></p>"
            "</div></div></body></html>")
    assert parse(html, url="https://town.example/night-bus").body.startswith(text)


def test_a_long_intro_box_and_a_table_set_as_a_figure_are_article_text():
    """An "intro" box as long as a few paragraphs is the article's opening section, not a
    standfirst or a teaser; a table inside a <figure> is a table, not a picture."""
    intro = [f"Opening paragraph {i}: two savings accounts compared on fees, interest and the way "
             f"each bank handles a transfer abroad, with what that means for a household." for i in range(6)]
    rows = "".join(f"<tr><td>Fee {i}</td><td>{i} EUR a month</td><td>{2 * i} EUR a month</td></tr>"
                   for i in range(6))
    html = ("<html><body><article><h1>Two accounts compared</h1><div class='article-intro'>"
            + "".join(f"<p>{text}</p>" for text in intro) + "</div>"
            f"<figure class='comparison'><table>{rows}</table><figcaption>Fees compared</figcaption></figure>"
            + "".join(f"<p>{text}</p>" for text in STORY * 3) + "</article></body></html>")
    body = parse(html, url="https://money.example/accounts").body
    assert body.startswith(intro[0]) and all(text in body for text in intro)
    assert "Fee 5 5 EUR a month 10 EUR a month" in body.split("\n")


def test_an_article_streamed_into_a_hidden_block_for_a_script_to_show():
    """Streamed server rendering sends a placeholder first and the article later in a hidden block
    that a script moves into place: with nothing else shown, that block is the article."""
    html = ("<html><body><div id='root'><!--$?--><template id='B:0'></template><p>Loading…</p><!--/$-->"
            "</div><div hidden id='S:0'><article><h1>A flood shelter for horses</h1>"
            + "".join(f"<p>{text}</p>" for text in STORY) + "</article></div>"
            "<div style='display:none' class='cookie-banner'><p>We use cookies to improve your experience "
            "of this site and to show you relevant offers.</p></div>"
            "<script>$RC('B:0','S:0')</script></body></html>")
    assert parse(html, url="https://valley.example/news/shelter").body.split("\n\n") == STORY


def test_hidden_text_stays_hidden_when_the_page_shows_its_article():
    html = ("<html><body><article><h1>A flood shelter for horses</h1>"
            + "".join(f"<p>{text}</p>" for text in STORY) + "</article><div hidden><p>"
            + " ".join(STORY) + " A hidden copy for the print edition.</p></div></body></html>")
    assert "print edition" not in parse(html, url="https://valley.example/news/shelter").body


def test_a_consent_box_is_never_the_body_of_a_page_that_shows_no_article():
    """A page rendered by script shows nothing but the consent box of its cookie vendor: there is
    no body, rather than the consent text."""
    html = ("<html><body><div id='app'></div><div id='CybotCookiebotDialog'><h2>This website uses "
            f"cookies</h2><p>{CONSENT}</p><p>{CONSENT}</p><a href='#'>Allow all</a></div></body></html>")
    assert parse(html, url="https://islands.example/ferry").body is None


LONG_STORY = [
    "The river survey team measured the water at forty points between the dam and the sea last summer, "
    "wading out with bottles and a boat borrowed from the rowing club.",
    "Their report, published on Tuesday, finds the lower stretch far clearer than anyone expected, with "
    "nitrate levels half of what they were ten years ago.",
    "Farmers upstream had changed how they spread fertiliser after a long campaign by anglers' clubs, "
    "who had photographed green foam at the weir every spring.",
    "Scientists at the university say three dry years also kept runoff from the fields unusually low, "
    "so part of the gain may not last through a wet winter.",
    "Salmon were counted below the weir for the first time since the old paper mill closed in 1982, "
    "according to divers who filmed a small group in October.",
    "Councillors now want a second survey before they decide whether to open the banks for swimming, "
    "which would need lifeguards and new steps at the beach.",
    "Volunteers can join the next count in April by writing to the museum, which stores the samples "
    "in a cold room and lends out waders in every size.",
]


@pytest.mark.parametrize("article_body", [
    " ".join(LONG_STORY[:4]),                               # cut after a paragraph
    " ".join(LONG_STORY)[:900],                             # cut at a length, in mid-paragraph
    "<p>" + "</p><p>".join(LONG_STORY[:5]) + "</p>",        # markup, cut after a paragraph
])
def test_a_shortened_article_body_does_not_drop_the_paragraphs_it_lacks(article_body):
    """The page prints seven paragraphs; its JSON-LD articleBody holds the first few: the printed
    ones it lacks are still the article, and a box of other stories is still not."""
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": "River survey",
                     "articleBody": article_body})
    html = (f"<html><head><script type='application/ld+json'>{ld}</script></head><body><article>"
            "<h1>River survey</h1><div class='text'>" + "".join(f"<p>{text}</p>" for text in LONG_STORY)
            + "</div></article><div class='more-stories'><p>Other stories: the harbour ferry will run again "
            "from Monday after its engine was repaired over the winter.</p></div></body></html>")
    assert parse(html, url="https://river.example/survey").body.split("\n\n") == LONG_STORY


def test_paragraphs_in_a_box_named_for_the_paywall_are_printed_article_text():
    """The page prints the whole article, part of it inside a box named for the paywall; only the
    subscription prompt is not article text."""
    free, gated = LONG_STORY[:5], LONG_STORY[5:]
    html = ("<html><body><article><h1>River survey</h1><div class='text'>"
            + "".join(f"<p>{text}</p>" for text in free) + "<div class='paywall-content'>"
            + "".join(f"<p>{text}</p>" for text in gated) + "</div><div class='paywall-prompt'><p>"
            "Subscribe to read every story on the river, from one euro a month.</p></div></div></article>"
            "</body></html>")
    assert parse(html, url="https://river.example/survey").body.split("\n\n") == LONG_STORY


def test_closing_labels_in_a_box_of_their_own_are_left_out_and_a_signature_stays():
    """Short lines after the article in boxes without prose (further links, a press contact) are
    not article text; a short line among the article's paragraphs (a signature) is."""
    html = ("<html><body><main><article><h1>A flood shelter for horses</h1><div class='text'>"
            + "".join(f"<p>{text}</p>" for text in STORY) + "<p>Anna Berg, county press office</p></div>"
            "<section class='further'><h2>Further information</h2><div class='item'>"
            "<a href='/shelter-map'>Map of the shelter</a></div></section>"
            "<section class='contact'><h2>Contact</h2><p>County press office</p><p>0123 - 4567</p>"
            "<p>press@county.example</p></section></article></main></body></html>")
    body = parse(html, url="https://valley.example/news/shelter").body
    assert body.split("\n\n") == [*STORY, "Anna Berg, county press office"]


def test_class_names_generated_by_css_in_js_name_their_component():
    """'Comments__CommentWrapper-ghoeop-0' names a comments box, though a hash follows the name."""
    comments = "".join(f"<li><strong>Reader {i}</strong> says:<div class='Comment__Text-kx81mq-3 bWdpQe'>"
                       f"Thank you for this report, it answered the questions our stable had about the "
                       f"shelter and the alerts. We will register our horses this week.</div></li>"
                       for i in range(4))
    html = ("<html><body><div id='__next'><article class='Post__Article-ggl8r7-0 cbGVih'>"
            "<h1>A flood shelter for horses</h1>" + "".join(f"<p>{text}</p>" for text in STORY)
            + "<section class='Comments__CommentWrapper-ghoeop-0 lnzNYZ'><h3>Comments</h3><ul>"
            + comments + "</ul></section></article></div></body></html>")
    assert parse(html, url="https://valley.example/news/shelter").body.split("\n\n") == STORY


def test_a_standfirst_printed_above_the_body_in_the_page_header():
    """The prose between the headline and the body text, in a page header full of links, is the
    standfirst; the picture's caption, the time stamp and the byline printed there are not."""
    standfirst = "The county's new barn on the ridge can take forty horses when the river rises."
    crumbs = ("Home", "News from the valley", "County and council", "Animals and farms", "Horses and stables",
              "Flood protection")
    share = ("Share on Facebook", "Share on Twitter", "Share by e-mail", "Share on WhatsApp",
             "Print this article", "Share on LinkedIn", "Copy the link")
    html = ("<html><head><meta name='description' content='Where horses wait out a flood: a guide.'>"
            "</head><body><main><div class='hero'><nav class='breadcrumbs'>"
            + " ".join(f"<a href='/{i}'>{crumb}</a>" for i, crumb in enumerate(crumbs)) + "</nav>"
            "<h1>A flood shelter for horses</h1><p>Updated 14.03.2026, 10:45</p><p>By Anna Berg</p>"
            f"<p>{standfirst}</p><div class='picture'><img src='barn.jpg'><p>The barn on the ridge was a "
            "grain store until last year.</p></div><ul class='share'>"
            + "".join(f"<li><a href='/s/{i}'>{label}</a></li>" for i, label in enumerate(share))
            + "</ul></div><div class='content'>" + "".join(f"<p>{text}</p>" for text in STORY)
            + "</div></main></body></html>")
    article = parse(html, url="https://valley.example/news/shelter")
    assert article.subheadline == standfirst
    assert article.body.split("\n\n") == STORY


@pytest.mark.parametrize("box", [
    "<div class='entry-subhead'><span class='byline'>by <a href='/author/jroe'>Jane Roe</a></span> "
    "<time datetime='2026-03-14'>March 14, 2026</time></div>",
    "<div class='description'><p>The barn on the ridge at dawn.</p><p>© Valley Photo Agency</p></div>",
])
def test_a_byline_or_a_picture_credit_named_like_a_standfirst_is_none(box):
    html = (f"<html><body><article><header><h1>A flood shelter for horses</h1>{box}</header>"
            + "".join(f"<p>{text}</p>" for text in STORY) + "</article></body></html>")
    article = parse(html, url="https://valley.example/news/shelter")
    assert article.subheadline is None
    assert article.body.split("\n\n") == STORY


@pytest.mark.parametrize("box", [
    "<section class='editorial-disclosure'><p>This post contains links to shops that may pay us a "
    "commission when you buy through them.</p></section>",
    "<aside class='affiliate-disclaimer'>When you buy through links on this page, we may earn a fee.</aside>",
    "<p class='comp disclosure-text'>We review every product on our own; the shops we link to pay us a "
    "share of what you buy.</p>"])
def test_a_box_named_as_a_disclosure_or_a_disclaimer_is_no_article_text(box):
    """Advertiser, affiliate and editorial notices are the site's, printed on every article."""
    html = ("<html><body><article><h1>A flood shelter for horses</h1>" + box
            + "".join(f"<p>{text}</p>" for text in STORY) + "</article></body></html>")
    assert parse(html, url="https://valley.example/news/shelter").body.split("\n\n") == STORY


@pytest.mark.parametrize("box", [
    "<div class='Tags_Block__cri4K'><h3 class='Tags_Title__3w7IU'>Tags</h3><a href='/t/horses'>Horses</a> "
    "<a href='/t/floods'>Floods</a></div>",
    "<div class='author-card'><p class='author-card__text'>Anna Berg writes about farming and the river "
    "for the Valley Gazette, and has kept horses for twenty years.</p></div>"])
def test_boxes_named_by_css_modules_or_as_cards_are_recognised(box):
    """A CSS-modules class ('Tags_Title__3w7IU') names its component before the hash, and a card is
    a part of a box like a block or a panel ('author-card')."""
    html = ("<html><body><article><h1>A flood shelter for horses</h1>"
            + "".join(f"<p>{text}</p>" for text in STORY) + box + "</article></body></html>")
    assert parse(html, url="https://valley.example/news/shelter").body.split("\n\n") == STORY


GARDEN_STORY = ["The garden show opened on Friday with more than two hundred growers from the valley, "
                "the largest number since the show began forty years ago.",
                "Judges walked the beds for a whole morning and gave the first prize to a bed of late "
                "roses grown without any watering at all.",
                "The show stays open until Sunday evening, and entry is free for children under twelve."]


@pytest.mark.parametrize("box_class", ["related-posts", "related-articles", "relatedStories", "more-posts"])
def test_a_box_named_for_related_pages_is_left_out(box_class):
    """"related-posts", "related-articles": a box named for the pages it lists, not only "related"."""
    teasers = "".join(f"<div class='entry'><p>Garden story number {i}: the valley plants its beds in "
                      f"March.</p></div>" for i in range(3))
    html = ("<html><body><article><h1>The garden show</h1>"
            + "".join(f"<p>{text}</p>" for text in GARDEN_STORY)
            + f"<div class='{box_class}'>{teasers}</div></article></body></html>")
    body = parse(html, url="https://town.example/garden-show").body
    assert body.split("\n\n") == GARDEN_STORY


def test_teaser_cards_after_the_article_are_left_out():
    """A box holding a heading that is a link to another page and a short excerpt is a teaser of
    that page, whatever its class names; a subheading of the article is no link and stays."""
    cards = "".join(f"<div class='card'><h3><a href='/story/{i}'>Roses that need no water at all, part {i}"
                    f"</a></h3><p>How growers in the valley keep their beds alive through a dry summer.</p>"
                    f"</div>" for i in range(3))
    html = ("<html><body><article><h1>The garden show</h1>"
            f"<p>{GARDEN_STORY[0]}</p><h2>The winners</h2><p>{GARDEN_STORY[1]}</p><p>{GARDEN_STORY[2]}</p>"
            f"<div class='grid'>{cards}</div></article></body></html>")
    body = parse(html, url="https://town.example/garden-show").body
    assert body.split("\n\n") == [GARDEN_STORY[0], "The winners", *GARDEN_STORY[1:]]


def test_a_printed_address_is_text_and_a_linked_title_is_not():
    """A paragraph that is a link whose text is a web address (a source the article cites) is
    article text; a paragraph that is a link with a title is a teaser of another page."""
    html = ("<html><body><article><h1>The garden show</h1>"
            + "".join(f"<p>{text}</p>" for text in GARDEN_STORY[:2])
            + "<p>The judges' report:</p><p><a href='https://growers.example/report'>https://growers.example/report"
            "</a></p><p><a href='/story/12'>Roses that need no water at all</a></p>"
            f"<p>{GARDEN_STORY[2]}</p><p><a href='http://www.valley.example/roses'>www.valley.example/roses</a></p>"
            "</article></body></html>")
    body = parse(html, url="https://town.example/garden-show").body
    assert body.split("\n\n") == [*GARDEN_STORY[:2], "The judges' report:", "https://growers.example/report",
                                  GARDEN_STORY[2], "www.valley.example/roses"]


def test_article_sections_set_in_headers_are_body():
    """Some pages set each section of the article in a <header> of its own; a header holding more
    full paragraphs than a standfirst, and no headline, is article text. The page's own header,
    with the headline and a standfirst, is not body."""
    sections = [[f"{text} In section {n}, the growers of the upper valley showed {count} beds of roses, "
                 f"herbs and late vegetables, and the judges took notes on every one of them."
                 for count, text in enumerate(GARDEN_STORY)] for n in (1, 2, 3)]
    html = ("<html><body><main><header><h1>The garden show</h1><p>Two hundred growers came to the valley's "
            "show this year, more than ever before, the organisers said.</p></header>"
            + "".join("<section><article><header><div class='richtext'>" + "".join(f"<p>{p}</p>" for p in ps)
                      + "</div></header></article></section>" for ps in sections)
            + "</main></body></html>")
    body = parse(html, url="https://town.example/garden-show").body
    assert body.split("\n\n") == [p for ps in sections for p in ps]


def test_an_article_split_around_a_teaser_box_keeps_its_first_part():
    """The first part of an article and the rest sit in sibling boxes with a teaser box of links
    between them; the rest is far longer, yet the first part, boxed like it, is the article too."""
    first = [f"Opening paragraph {i} of the harbour story: the ferry operator said on Monday that the "
             f"boats would run again within a week." for i in range(2)]
    rest = [f"Paragraph {i} of the rest of the harbour story: the repairs took longer than planned, and "
            f"the yard had to order new parts for the engines from abroad." for i in range(12)]
    teaser = ("<div class='item'><a href='/story/9'><div class='lede'><p>Another story: the island's "
              "school reopens after the summer with two new teachers.</p></div></a></div>")
    html = ("<html><body><article class='node'><h1>Ferries return</h1>"
            "<div class='story-text story-text--article'>" + "".join(f"<p>{p}</p>" for p in first) + "</div>"
            + teaser + "<div class='item'><div class='content'><div class='story-text'>"
            + "".join(f"<p>{p}</p>" for p in rest) + "</div></div></div>"
            + "".join(teaser.replace("/story/9", f"/story/{n}") for n in range(10, 14))
            + "</article></body></html>")
    body = parse(html, url="https://harbour.example/ferries").body
    assert body.split("\n\n") == [*first, *rest]


@pytest.mark.parametrize("box", ["div class='abstract'", "div class='article-summary'",
                                 "section class='intro'"])
def test_a_box_named_as_a_summary_above_the_body_is_the_standfirst(box):
    """A box named for a summary is left out of the body as another article's teaser; before the
    body text starts it is this article's standfirst, and the subheadline."""
    tag = box.split()[0]
    html = (f"<html><body><main><h1>A flood shelter for horses</h1><{box}><p>{TEASER}</p></{tag}>"
            + "".join(f"<p>{text}</p>" for text in STORY) + "</main></body></html>")
    article = parse(html, url="https://valley.example/news/shelter")
    assert article.subheadline == TEASER
    assert article.body.split("\n\n") == STORY
