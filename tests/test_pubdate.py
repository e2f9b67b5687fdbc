"""Publication and update dates on pages that print them in ways no markup announces.

Each page here is written for this project: a date as plain text in a meta line, beside the
byline or above the headline; a page-wide class that merely contains "sidebar"; labels that tell
an update from the first publication; dates that belong to prose or to other stories.
"""
import pytest

from parsers import dates, parse
from parsers.registry import GENERIC

BODY = ("<p>The harbour ferry made its first crossing of the season on Friday morning, three weeks later "
        "than planned, after a winter in the repair yard that cost the town more than expected.</p>"
        "<p>Passengers queued along the quay before the first sailing, and the crew said the engine ran "
        "more quietly than it had in years.</p>")


def page(article: str, body_class: str = "", head: str = "", after: str = "") -> str:
    return (f"<html lang='en-GB'><head><title>Ferry returns - Harbour News</title>{head}</head>"
            f"<body class='{body_class}'><header class='site-header'><a href='/'>Harbour News</a></header>"
            f"<main>{article}</main>{after}<footer>© 2019 Harbour News</footer></body></html>")


def published(html: str, url: str = "https://news.example.com/ferry-returns") -> str | None:
    return parse(html, url=url, parser=GENERIC).published


@pytest.mark.parametrize("meta_line", [
    "<p class='meta'>By Ann Lee | 3 May 2024, 10:15</p>",         # after the byline, no date class
    "<div class='info'><span>Ann Lee</span> · <span>03.05.2024</span></div>",
    "<p>Harbour News • Friday, May 3rd, 2024</p>",
    "<p class='byline'>Von Anna Lehmann, 3. Mai 2024</p>",
])
def test_a_date_printed_as_plain_text_in_the_meta_line_is_found(meta_line):
    html = page(f"<article><h1>Ferry returns after winter repairs</h1>{meta_line}{BODY}</article>")
    assert published(html)[:10] == "2024-05-03"


def test_a_date_just_above_the_headline_is_found():
    html = page(f"<div class='story'><div class='kicker'>03.05.2024</div>"
                f"<h1>Ferry returns after winter repairs</h1>{BODY}</div>")
    assert published(html) == "2024-05-03"


def test_the_headline_anchors_the_search_when_the_h1_is_the_logo():
    html = ("<html><head><title>Ferry returns after winter repairs</title></head><body>"
            "<h1><a href='/'><img src='logo.png' alt='Harbour News'></a></h1>"
            "<div class='teaser'><h2>Council budget passed</h2><p>12.04.2024</p></div>"
            "<div class='post'><h2>Ferry returns after winter repairs</h2>"
            f"<p>3.5.24 · Ann Lee</p>{BODY}</div>"
            "</body></html>")
    assert published(html) == "2024-05-03"


def test_a_page_wide_class_that_contains_sidebar_does_not_hide_the_date():
    html = page(f"<article><h1>Ferry returns after winter repairs</h1>"
                f"<div class='entry-meta'><time class='entry-date' datetime='2024-05-03T10:15:00+01:00'>"
                f"3 May 2024</time></div>{BODY}</article>",
                body_class="post-template has-sidebar layout-one-sidebar-right")
    assert published(html) == "2024-05-03T10:15:00+01:00"


def test_dates_of_other_stories_and_of_prose_are_not_the_articles():
    related = ("<div class='relatedPosts'><h3>More news</h3>"
               "<ul><li><a href='/a'>Pier closed</a> 2 April 2024</li></ul></div>")
    prose = ("<p>The council first discussed the repairs on 12 March 2024, when engineers found that the "
             "hull plates had thinned over the years of service.</p>")
    sidebar = "<div class='widget sidebar-right'><p>Tide table, 4 April 2024</p></div>"
    html = page(f"<article><h1>Ferry returns after winter repairs</h1>{prose}{related}{BODY}</article>",
                body_class="has-sidebar", after=sidebar)
    assert published(html) is None


@pytest.mark.parametrize(("line", "iso"), [
    ("<p class='media-info'>Video · 02:57 Min. · <span class='expiry'>Verfügbar bis 30.06.2024</span></p>"
     "<p>Von Anna Lehmann, 3. Mai 2024</p>", "2024-05-03"),
    ("<p>Audio available until <time datetime='2024-06-30'>30 June 2024</time></p>", None),
    ("<p>Disponible jusqu'au 30/06/2024</p><p class='date'>Publié le 3 mai 2024</p>", "2024-05-03"),
])
def test_a_date_labelled_until_when_is_an_expiry_not_the_publication(line, iso):
    html = page(f"<article><h1>Ferry returns after winter repairs</h1>{line}{BODY}</article>")
    assert (published(html) or "")[:10] == (iso or "")


def test_a_list_of_similar_threads_dates_other_pages():
    similar = ("<div id='similar_threads'><ol class='similar_threads'><li><a href='/t/1'>Ferry timetable?</a>"
               " Last post: 18.10.2023, 23:08</li></ol></div>")
    post = "<div class='post'><p>Ann Lee · 03.05.2024, 14:17</p>" + BODY + "</div>"
    html = page(f"<h1>Ferry returns after winter repairs</h1>{similar}{post}")
    assert published(html)[:10] == "2024-05-03"


@pytest.mark.parametrize("label", ["<strong>Registriert:</strong>", "Joined:", "Mitglied seit",
                                   "Member since"])
def test_the_date_a_forum_member_registered_is_not_the_posts(label):
    profile = f"<dl class='profile'><dd>Posts: 1626</dd><dd>{label} 18.09.2022, 05:56</dd></dl>"
    post = f"<div class='postbody'><p>Post by harbourfan » 03.05.2024, 05:42</p>{BODY}</div>"
    html = page(f"<h1>Ferry returns after winter repairs</h1>{profile}{post}")
    assert published(html)[:10] == "2024-05-03"


def test_labels_tell_the_update_from_the_first_publication():
    line = "<p>Updated 5 May 2024 4:45pm · First published 3 May 2024</p>"
    article = parse(page(f"<article><h1>Ferry returns after winter repairs</h1>{line}{BODY}</article>"),
                    url="https://news.example.com/ferry-returns", parser=GENERIC)
    assert article.published == "2024-05-03"
    assert article.modified == "2024-05-05T16:45:00"


def test_the_url_date_picks_among_printed_dates():
    line = "<p>Pictures 2 May 2024 · Story 3 May 2024, 10:15</p>"
    html = page(f"<article><h1>Ferry returns after winter repairs</h1>{line}{BODY}</article>")
    assert published(html, "https://news.example.com/2024/05/03/ferry-returns") == "2024-05-03T10:15:00"


@pytest.mark.parametrize("where", [
    "<script type='application/json'>{\"publishedDate\": \"2024-05-03T10:15:00Z\"}</script>",
    "<abbr class='published' title='2024-05-03'>Friday</abbr>",
])
def test_htmldate_reads_the_dates_our_own_steps_do_not(where):
    html = page(f"<article><h1>Ferry returns after winter repairs</h1>{where}{BODY}</article>")
    article = parse(html, url="https://news.example.com/ferry-returns", parser=GENERIC)
    assert article.published == "2024-05-03" and article.provenance["published"] == "html"


def test_all_the_dates_of_a_line_are_read_in_order():
    assert dates.dates_in("Published 3 May 2024, 10:15 · Updated 5 May 2024 4:45pm", "en") == [
        (10, 28, "2024-05-03T10:15:00"), (38, 55, "2024-05-05T16:45:00")]
    assert dates.dates_in("30.02.2024, then 01.03.2024") == [(17, 27, "2024-03-01")]


@pytest.mark.parametrize(("text", "iso"), [
    ("11/15/2023", "2023-11-15"),      # no 15th month: the month comes first
    ("15/11/2023", "2023-11-15"),
    ("5/3/2024", "2024-03-05"),        # ambiguous: day first outside American English
])
def test_numeric_dates_read_month_first_only_when_day_first_is_no_date(text, iso):
    assert dates.parse_text(text, "en") == iso


@pytest.mark.parametrize(("local", "iso"), [
    # A <time> that prints the publisher's wall clock, with no offset: 01:09:55Z is 18:09:55 in Denver.
    ("<time datetime='2024-05-08 18:09:55'>May 8, 2024 at 6:09 p.m.</time>", "2024-05-08T18:09:55-07:00"),
    # The same instant with its offset, in another <meta>.
    ("", "2024-05-08T21:09:55-04:00"),
])
def test_a_utc_time_is_given_in_the_publishers_zone_when_the_page_shows_it(local, iso):
    head = ("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
            "\"datePublished\": \"2024-05-09T01:09:55Z\"}</script>")
    if not local:
        head += "<meta name='sailthru.date' content='2024-05-08T21:09:55-04:00'>"
    html = page(f"<article><h1>Ferry returns after winter repairs</h1>{local}{BODY}</article>", head=head)
    assert published(html) == iso


def test_a_utc_time_stays_utc_when_no_local_time_matches_it():
    head = ("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
            "\"datePublished\": \"2024-05-09T01:09:55Z\"}</script>")
    other = "<time datetime='2024-05-08 18:12:00'>May 8</time>"    # another time: no whole zone apart
    html = page(f"<article><h1>Ferry returns after winter repairs</h1>{other}{BODY}</article>", head=head)
    assert published(html) == "2024-05-09T01:09:55+00:00"


def test_a_url_that_files_the_story_under_a_month_picks_the_printed_date_in_it():
    line = "<p>Reading notes · 14.08.2017 · 09.09.2017</p>"
    html = page(f"<article><h1>Ferry returns after winter repairs</h1>{line}{BODY}</article>")
    assert published(html, "https://blog.example.com/2017/09/ferry-returns.html") == "2017-09-09"
    assert published(html, "https://blog.example.com/ferry-returns.html") == "2017-08-14"


def test_a_utc_time_one_day_off_the_urls_date_is_the_publishers_day():
    # 23:01Z on 1 November is 00:01 on 2 November in Rome, the day the URL files the story under.
    head = ("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
            "\"datePublished\": \"2024-11-01T23:01:00Z\"}</script>")
    html = page(f"<article><h1>Ferry returns after winter repairs</h1>{BODY}</article>", head=head)
    assert published(html, "https://news.example.com/2024/11/02/ferry-returns") == "2024-11-02"
    # Without a URL date, or with one no time zone reaches, the declared time stands.
    assert published(html) == "2024-11-01T23:01:00+00:00"
    assert published(html, "https://news.example.com/2024/11/03/ferry-returns") == "2024-11-01T23:01:00+00:00"


@pytest.mark.parametrize(("url", "iso"), [
    ("https://blog.example.com/home/2017/7/12/ferry-returns", "2017-07-12"),   # no zeros
    ("https://blog.example.com/2017/07/ferry-returns", "2017-07-12"),      # the date printed in the month
])
def test_a_declared_date_in_another_month_than_the_urls_is_a_later_resave(url, iso):
    head = "<meta property='article:published_time' content='2019-06-17T18:28:00+02:00'>"
    line = "<p class='meta'>Ann Lee · 12.07.2017</p>"
    html = page(f"<article><h1>Ferry returns after winter repairs</h1>{line}{BODY}</article>", head=head)
    assert published(html, url) == iso
    # The URL's month agrees with the markup: the markup's date and time.
    assert published(html, "https://blog.example.com/2019/06/ferry-returns") == "2019-06-17T18:28:00+02:00"


@pytest.mark.parametrize(("url", "iso"), [
    ("https://blog.example.com/home/2017/7/12/ferry-returns", "2017-07-12"),
    ("https://news.example.com/2024/05/03/ferry-returns", "2024-05-03"),
    ("https://news.example.com/20240503-ferry-returns", "2024-05-03"),
    ("https://news.example.com/2024/13/3/ferry-returns", None),
    ("https://news.example.com/ferry/2017/7/", None),                  # year and month: no day
])
def test_the_date_a_url_files_the_story_under(url, iso):
    assert dates.from_url(url) == iso


def test_a_date_whose_class_marks_the_last_update_is_not_the_publication():
    line = ("<p class='is-last-update' datetime='2024-05-06T11:16:00+02:00'>"
            "3 May 2024 (changed 6 May 2024)</p>")
    article = parse(page(f"<article><h1>Ferry returns after winter repairs</h1>{line}{BODY}</article>"),
                    url="https://news.example.com/ferry-returns", parser=GENERIC)
    assert (article.published, article.modified) == ("2024-05-03", "2024-05-06T11:16:00+02:00")


def test_the_microformats_updated_class_is_no_update():
    # WordPress themes mark the publication time "updated" (hAtom).
    line = "<span class='entry-meta-date updated'><a href='/2024/05/'>May 3, 2024</a></span>"
    html = page(f"<article><h1>Ferry returns after winter repairs</h1>{line}{BODY}</article>")
    assert published(html) == "2024-05-03"


@pytest.mark.parametrize("sentence", [
    "<p class='postmetadata'><small>This entry was posted on Friday, May 3rd, 2024 at 10:15 am and is filed "
    "under <a href='/news'>News</a>. You can follow any responses through the RSS feed.</small></p>",
    "<p><small>Dieser Beitrag wurde am Freitag, 3. Mai 2024 um 10:15 Uhr veröffentlicht.</small></p>",
    "<p>Erstellt am: 03.05.2024</p>",
])
def test_a_sentence_that_says_when_the_page_was_published_dates_it(sentence):
    html = page(f"<article><h1>Ferry returns after winter repairs</h1>{BODY}{sentence}</article>")
    assert published(html)[:10] == "2024-05-03"


def test_a_sentence_about_an_update_or_another_page_does_not_date_it():
    sidebar = "<div class='sidebar'><p>This entry was posted on 2 May 2024.</p></div>"
    html = page(f"<article><h1>Ferry returns after winter repairs</h1>{BODY}{sidebar}</article>")
    assert published(html) is None
    update = "<p><small>Zuletzt aktualisiert am 4. Mai 2024, veröffentlicht am 3. Mai 2024</small></p>"
    html = page(f"<article><h1>Ferry returns after winter repairs</h1>{BODY}{update}</article>")
    assert published(html) == "2024-05-03"


def test_a_declared_date_read_either_way_is_read_as_the_page_prints_it():
    head = "<meta name='date' content='11/01/2023 12:43:42'>"
    printed = "<p>Erstellt am: 01.11.2023</p>"
    html = page(f"<article><h1>Ferry returns after winter repairs</h1>{BODY}{printed}</article>", head=head)
    assert published(html) == "2023-11-01T12:43:42"
    # Printed the other way, or not at all: day first, as most of the world writes it.
    assert published(html.replace("01.11.2023", "11.01.2023")) == "2023-01-11T12:43:42"
    assert published(html.replace(printed, "")) == "2023-01-11T12:43:42"
    # An ISO 8601 date is no question of reading.
    iso = html.replace("11/01/2023 12:43:42", "2023-01-11T12:43:42")
    assert published(iso) == "2023-01-11T12:43:42"


@pytest.mark.parametrize(("raw", "either"), [
    ("11/01/2023 12:43:42", True), ("01.02.24", True), ("13/01/2023", False), ("2023-01-11", False),
    ("01/01/2023", False),
])
def test_a_numeric_date_that_reads_either_way(raw, either):
    assert dates.day_or_month_first(raw) is either


SAVED = "<meta property='article:published_time' content='2024-06-20T09:12:44+02:00'>"


@pytest.mark.parametrize("head", [
    SAVED,
    # Declared published and modified alike: the time the page was last saved.
    SAVED + "<meta property='article:modified_time' content='2024-06-20T09:12:50+02:00'>",
])
def test_the_day_the_page_shows_beats_a_declared_day_it_shows_nowhere(head):
    line = "<p class='meta'>Ann Lee · 03.05.2024</p>"
    html = page(f"<article><h1>Ferry returns after winter repairs</h1>{line}{BODY}</article>", head=head)
    assert published(html) == "2024-05-03"


@pytest.mark.parametrize("line", [
    "<p class='meta'>Ann Lee · 20.06.2024</p>",                        # the declared day
    "<p class='meta'>Ann Lee · 06/20/2024</p>",                        # the declared day, month first
    "<p class='meta'>Ann Lee · 19 June 2024, 23:40</p>",               # the declared day in another zone
    "<p class='meta'>Ann Lee · 3 May 2024 · 17 May 2024</p>",          # two days: which one?
    "<p>From 3 May 2024 the ferry sails twice a day again, the harbour office said.</p>",   # a sentence
])
def test_the_declared_day_stands_when_the_page_shows_it_or_no_single_other_day(line):
    html = page(f"<article><h1>Ferry returns after winter repairs</h1>{line}{BODY}</article>", head=SAVED)
    assert published(html) == "2024-06-20T09:12:44+02:00"


def test_a_shown_day_that_is_the_declared_update_is_not_the_publication():
    head = SAVED + "<meta property='article:modified_time' content='2024-07-01T08:00:00+02:00'>"
    line = "<p class='meta'>Ann Lee · 01.07.2024</p>"
    html = page(f"<article><h1>Ferry returns after winter repairs</h1>{line}{BODY}</article>", head=head)
    assert published(html) == "2024-06-20T09:12:44+02:00"


def test_dates_in_a_caption_or_an_embedded_post_are_not_the_articles():
    figure = ("<figure><img src='ferry.jpg' alt=''><figcaption>Archive picture, 2 April 2024: the ferry "
              "in the yard</figcaption></figure>")
    embed = ("<blockquote class='social-embed'><p>She is back on the water!</p>— Harbour Pilot (@pilot) "
             "<a href='https://social.example.com/pilot/1'>April 30, 2024</a></blockquote>")
    line = "<p class='meta'>Ann Lee · 3 May 2024</p>"
    html = page(f"<article><h1>Ferry returns after winter repairs</h1>{figure}{embed}{line}{BODY}</article>")
    assert published(html) == "2024-05-03"
