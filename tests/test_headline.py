"""The headline as printed and the headline declared for search and social (`seo_headline`), on
small pages written for these tests: each is a kind of page the generic parser met on sites it had
never seen."""
from parsers import parse
from parsers.registry import GENERIC

BODY = "<p>" + "The council met on Tuesday evening and argued about the budget for a long time. " * 5 + "</p>"


def page(head: str, body: str, url: str = "https://www.riverside-news.example/2025/06/council-budget"):
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    return parse(html, url=url, parser=GENERIC)


def test_printed_h1_wins_over_a_longer_title_written_for_search():
    a = page("<title>Council budget 2025: what changes for you, tax rates and fees | Riverside News</title>",
             f"<article><h1>Council agrees on a leaner budget</h1>{BODY}</article>")
    assert a.headline == "Council agrees on a leaner budget"
    assert a.provenance["headline"] == "html"
    assert a.seo_headline == "Council budget 2025: what changes for you, tax rates and fees"
    assert a.provenance["seo_headline"] == "html"


def test_a_logo_h1_gives_way_to_the_article_heading():
    a = page("<title>Riverside News » Blog Archive » Council agrees on a leaner budget</title>",
             "<div id='header'><h1><a href='https://www.riverside-news.example/'>Riverside News</a></h1>"
             "</div>"
             f"<div class='post'><h2>Council agrees on a leaner budget</h2>{BODY}</div>")
    assert a.headline == "Council agrees on a leaner budget"
    # The declared title is the <title> without the site name; its "Blog Archive" part stays.
    assert a.seo_headline == "Blog Archive » Council agrees on a leaner budget"


def test_a_kicker_under_any_class_name_is_left_out_when_the_declared_title_has_none():
    a = page("<meta property='og:title' content='Council agrees on a leaner budget - Riverside News'>"
             "<meta property='og:site_name' content='Riverside News'>",
             "<article><h1><span class='sub-heading'>Town hall:</span> Council agrees on a leaner budget</h1>"
             f"{BODY}</article>")
    assert a.headline == "Council agrees on a leaner budget"
    assert a.seo_headline is None       # the declared headline is the printed one


def test_a_kicker_the_declared_title_includes_stays():
    a = page("<meta property='og:title' content='Town hall: Council agrees on a leaner budget'>",
             "<article><h1><span class='sub-heading'>Town hall:</span> Council agrees on a leaner budget</h1>"
             f"{BODY}</article>")
    assert a.headline == "Town hall: Council agrees on a leaner budget"


def test_a_teaser_of_this_article_in_a_sidebar_is_not_its_headline():
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", '
          '"headline": "Council agrees on a leaner budget after a long night"}</script>')
    a = page(ld + "<meta property='og:title' content='Budget: the council cuts, and who pays'>",
             f"<article><h1>Council agrees on a leaner budget after a long night</h1>{BODY}</article>"
             "<aside><h2><a href='/2025/06/council-budget?ref=most-read'>"
             "Budget: the council cuts, and who pays</a></h2></aside>")
    assert a.headline == "Council agrees on a leaner budget after a long night"
    # The JSON-LD headline is the printed one; the social headline differs.
    assert a.seo_headline == "Budget: the council cuts, and who pays"
    assert a.provenance["seo_headline"] == "meta"


def test_a_part_of_the_declared_title_printed_as_the_heading():
    a = page("<title>Ferry timetable – all changes from July explained</title>",
             f"<main><h1>Ferry timetable</h1>{BODY}</main>")
    assert a.headline == "Ferry timetable"
    assert a.seo_headline == "Ferry timetable – all changes from July explained"


def test_no_heading_gives_the_declared_title_without_the_site_name():
    a = page("<title>Council agrees on a leaner budget | Riverside News</title>"
             "<meta property='og:site_name' content='Riverside News'>", BODY)
    assert a.headline == "Council agrees on a leaner budget"
    assert a.seo_headline is None


def test_the_articles_heading_wins_over_a_breadcrumb_that_prints_the_social_title():
    # The breadcrumb's last item is an <h1> with the og:title; the article prints the JSON-LD one.
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", '
          '"headline": "Budget: the council cuts, and who pays"}</script>')
    a = page(ld + "<meta property='og:title' content='Council agrees on a leaner budget after a long night'>",
             "<nav><ol class='crumbs'><li><a href='/'>Home</a></li>"
             "<li><a href='/politics'>Politics</a></li>"
             "<li><h1 data-breadcrumb-headline>Council agrees on a leaner budget after a long night</h1>"
             "</li></ol></nav>"
             f"<article><h2 class='title'>Budget: the council cuts, and who pays</h2>{BODY}</article>")
    assert a.headline == "Budget: the council cuts, and who pays"
    assert a.seo_headline == "Council agrees on a leaner budget after a long night"


KICKER_LINE = ("<article><h1><span class='top-line'>Town hall</span> "
               f"<span>Council agrees on a leaner budget</span></h1>{BODY}</article>")


def test_a_kicker_on_a_line_of_its_own_takes_the_separator_the_declared_title_gives_it():
    a = page("<meta property='og:title' content='Town hall: Council agrees on a leaner budget | "
             "Riverside News'>", KICKER_LINE)
    assert a.headline == "Town hall: Council agrees on a leaner budget"
    # Other words than the printed ones are no spelling of it.
    b = page("<meta property='og:title' content='Town hall: Council agrees on a lean budget'>", KICKER_LINE)
    assert b.headline == "Town hall Council agrees on a leaner budget"
