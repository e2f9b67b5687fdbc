"""Bylines and authors on kinds of page the generic parser met on sites it had never seen: labels
in other languages, handles and desks, bylines without a class, signatures in the text. Pages
written for these tests."""
import pytest

from parsers import parse
from parsers.authors import split_names
from parsers.registry import GENERIC

TEXT = "<p>" + "The harbour reopened on Monday after three weeks of repairs to the sea wall. " * 4 + "</p>"
URL = "https://www.harbour-post.example/2025/06/harbour-reopens"


def page(article: str, head: str = "") -> object:
    html = (f"<html><head><title>Harbour reopens | Harbour Post</title>{head}</head><body>"
            f"<header><a href='/'>Harbour Post</a></header>{article}"
            "<footer><p>© Harbour Post</p></footer></body></html>")
    return parse(html, url=URL, parser=GENERIC)


@pytest.mark.parametrize(("byline", "names"), [
    ("Eingestellt von Weinlachgummi", ["Weinlachgummi"]),        # Blogger's German "Posted by"
    ("Erstellt von Fabian am Dienstag 6. Mai 2014", ["Fabian"]),
    ("Erstellt von\nFabian\n am Dienstag 6. Mai 2014", ["Fabian"]),
    ("Posted by \nSPÖ\n on \nMonday, February 7, 2022", ["SPÖ"]),
    ("Artikel von: hausinfo", ["hausinfo"]),                    # a lone lower-case word after a label
    ("von gizzmo", ["gizzmo"]),
    ("Autorenseite von\nbirgit.posselt@example.org", []),         # a label and an e-mail address
    ("By @harbourwatch", ["@harbourwatch"]),                      # a handle is a credit
    ("Reuters staff", ["Reuters staff"]),                         # a desk's credit stays whole
    ("Redaktion", ["Redaktion"]),
    ("Staff Writer", []),                                         # a job, not a desk
    ("Text: Jane Doe, Photos: John Roe", ["Jane Doe"]),           # the photographer wrote nothing
    ("Text und Fotos: Max Mustermann", ["Max Mustermann"]),
    ("Fotos: Anna Berg", []),
    ("By Jane Doe | Photography by John Roe", ["Jane Doe"]),
    ("Eingestellt von Unknown", []),                              # the CMS's placeholder
    ("Jane Doe in Berlin", ["Jane Doe"]),
    ("FOCUS online", ["FOCUS online"]),
    ("\n von \n\ngizzmo", ["gizzmo"]),                             # the label in an element of its own
    ("\n| Autor: \ngnaddrig", ["gnaddrig"]),
    ("Gespeichert von \nrasos\n am 24. Juli 2017 - 18:55", ["rasos"]),
    ("Gründerin Journelles\nArtikel von: Jessie", ["Jessie"]),      # the labelled credit, not the job
    ("By Jane Doe and John Roe, Reuters", ["Jane Doe", "John Roe", "Reuters"]),
    ("Von Jo\u00adhannes Berg", ["Johannes Berg"]),                # a soft hyphen is no part of a name
    ("By Jane Doe, John Roe", ["Jane Doe", "John Roe"]),          # the label opens a list of names
    ("Von: Bill McCarthy, Marisha Goldhamer", ["Bill McCarthy", "Marisha Goldhamer"]),
    ("Von Anna Lehmann, Hamburg", ["Anna Lehmann"]),              # a place in the list is no name
    ("By Tom Krisher, AP Auto Writer", ["Tom Krisher"]),          # nor a job
    ("Revised Edition Edited by Jane Doe", ["Jane Doe"]),         # what was done comes before "by"
    ("Bereitgestellt von WordPress.com", []),                     # the platform's credit
    ("Powered by Harbour CMS", []),
    ("Super User", []),                                           # a CMS's default account
    ("Ursula von der Leyen", ["Ursula von der Leyen"]),           # "von" inside a name is no label
])
def test_labels_are_left_out_of_names(byline, names):
    assert split_names(byline) == names


def test_a_byline_without_a_class_is_found_by_its_wording():
    a = page(f"<article><h1>Harbour reopens</h1><div class='postdata'><span class='category'>Posted by "
             f"Konstantin</span> <span class='date'>21.10.2025</span></div>{TEXT}</article>")
    assert a.authors == ["Konstantin"]
    assert a.byline == "Posted by Konstantin"


def test_a_bare_label_element_before_the_name():
    a = page(f"<article><h1>Harbour reopens</h1><div class='meta-info'><span class='screen-reader-text'>"
             f"| By </span><span>Cara Stiles</span> | <time>June 3, 2025</time></div>{TEXT}</article>")
    assert a.authors == ["Cara Stiles"]


def test_the_articles_own_meta_box_is_no_sidebar():
    a = page(f"<article><h1>Harbour reopens</h1><aside class='meta'><p class='authors'><i>"
             "<a href='/autor/mira-olsen-12' class='author-name'>Mira Olsen</a></i></p></aside>"
             f"{TEXT}</article>"
             "<aside class='sidebar'><p class='author'>By Tom Sidebar</p></aside>")
    assert a.authors == ["Mira Olsen"]


def test_a_byline_in_a_teaser_of_another_story_is_not_this_articles():
    a = page(f"<article><h1>Harbour reopens</h1>{TEXT}</article><ul class='more'><li><a href='/other'>"
             "<span>Ferry fares rise</span> <span>Von Ines Berg, Hamburg</span></a></li></ul>",
             head="<meta name='author' content='Harbour Post'>")
    assert a.authors == ["Harbour Post"]


def test_a_signature_paragraph_names_the_person_where_the_markup_credits_the_site():
    a = page(f"<article><h1>Harbour reopens</h1><div class='entry-content'><p><strong>Mohloai Mpesi"
             f"</strong></p>{TEXT}{TEXT}</div></article>", head="<meta name='author' content='Harbour Post'>"
             "<meta property='og:site_name' content='Harbour Post'>")
    assert a.authors == ["Mohloai Mpesi"]
    assert a.provenance["authors"] == "text"


def test_a_bold_subheading_at_the_end_is_no_signature():
    a = page(f"<article><h1>Harbour reopens</h1><div class='entry-content'>{TEXT}{TEXT}"
             "<p><strong>More Entdecken</strong></p></div></article>",
             head="<meta name='author' content='Harbour Post'>")
    assert a.authors == ["Harbour Post"]


@pytest.mark.parametrize("owner", ["Perform Media Deutschland GmbH", "Copyright Haufe-Lexware GmbH",
                                   "Bundesverband WindEnergie e.V.", "Example Holdings Ltd"])
def test_a_company_named_in_the_metadata_is_no_credit(owner):
    assert split_names(owner, structured=True) == []
    a = page(f"<article><h1>Harbour reopens</h1>{TEXT}</article>",
             head=f"<meta name='author' content='{owner}'>")
    assert a.authors == []


def test_a_copyright_line_is_no_byline():
    a = page(f"<article><h1>Harbour reopens</h1>{TEXT}</article><div class='credits'>© 2025 Harbour Post "
             "Media, Harbour Street 1 · Autore di Parks Network · Privacy</div>")
    assert a.byline is None and a.authors == []


@pytest.mark.parametrize(("label", "value", "names"), [
    ("Verfasst von", "Karoline Herr", ["Karoline Herr"]),
    ("Written by", "Jane Doe", ["Jane Doe"]),
    ("Écrit par", "Marie Dupont", ["Marie Dupont"]),
    ("Est. reading time", "9 minutes", []),            # the other pair these plugins write
    ("Written by", "Redaktion", []),                   # the account that posted, not a person
])
def test_the_link_preview_label_pair_credits_the_author(label, value, names):
    head = ("<meta name='twitter:label1' content='Est. reading time'>"
            f"<meta name='twitter:data1' content='4 min'>"
            f"<meta name='twitter:label2' content='{label}'><meta name='twitter:data2' content='{value}'>")
    a = page(f"<article><h1>Harbour reopens</h1>{TEXT}</article>", head=head)
    assert a.authors == names


def test_a_heading_labels_the_element_after_it():
    a = page(f"<article><h1>Harbour reopens</h1><section class='news__meta'><h4 class='meta-title'>Autor</h4>"
             f"<p class='meta-text'><a href='/profil/x7/nikolai-berg'>Nikolai Berg</a><b>, </b></p></section>"
             f"{TEXT}</article>")
    assert a.authors == ["Nikolai Berg"]


def test_a_label_inside_the_byline_line_credits_the_name_after_it():
    # The byline box opens with the date; "von" in an element of its own labels the desk's credit.
    a = page("<article><h1>Harbour reopens</h1><div class='article-author vcard'><time datetime='2025-06-05'>"
             "Donnerstag, 5. Juni 2025</time><div class='article-author-text'>von <address class='author'>"
             f"<a rel='author' href='/impressum'>hafen-post.example Redaktion</a></address></div></div>{TEXT}"
             "</article>")
    assert a.authors == ["hafen-post.example Redaktion"]


@pytest.mark.parametrize(("line", "names"), [
    ("14.06.2025 - Mara Lindqvist", ["Mara Lindqvist"]),      # a date and a name, no label, no class
    ("Mara Lindqvist | 14 June 2025, 09:30", ["Mara Lindqvist"]),
    ("Hafen 14.06.2025 Mara Lindqvist", []),                   # words on both sides: not a byline
    ("14.06.2025Mara Lindqvist", []),                          # glued: no separator says it is a name
    ("Samstag, 14.06.2025 | 09:30 Uhr", []),                   # a weekday is no name
])
def test_a_line_of_a_date_and_a_name_under_the_headline_credits_the_name(line, names):
    article = page(f"<article><h1>Harbour reopens after repairs</h1><p>{line}</p>{TEXT}</article>")
    assert article.authors == names


def test_the_pages_footer_credits_are_no_byline():
    # A wiki's footer: a list marked as credits, outside any article, at the top level of the page.
    a = page(f"<div id='content'><h1>Harbour reopens</h1>{TEXT}</div><div id='footer'><ul id='credits'>"
             "<li><a href='https://wiki.example'>WikiEngine Powered</a></li>"
             "<li><a href='/'>Valid HTML</a></li>"
             "</ul></div>")
    assert a.authors == []


def test_a_posts_own_footer_deep_in_the_page_holds_its_byline():
    # Blogger's layout: the byline at the end of the post, in the post's footer, no <article>.
    a = page("<div class='outer'><div class='main'><div class='blog-posts'><div class='date-posts'>"
             f"<div class='post-outer'><div class='post hentry'><h3>Harbour reopens</h3>{TEXT}"
             "<div class='post-footer'><div class='post-footer-line'><span class='post-author vcard'>"
             "Eingestellt von <span class='fn'>Hafenmeisterin</span></span></div></div>"
             "</div></div></div></div></div></div>")
    assert a.authors == ["Hafenmeisterin"]


@pytest.mark.parametrize(("owner", "names"), [
    ("Hafenmission und Seemannsheim, Kiel, Germany", []),     # an organisation with its place
    ("Ministerium für Häfen und Küstenschutz", []),           # an organisation, not two people
    ("dpa", ["dpa"]),                                         # an agency is a credit
])
def test_a_metadata_author_naming_no_person_is_the_owner_not_a_credit(owner, names):
    a = page(f"<article><h1>Harbour reopens</h1>{TEXT}</article>",
             head=f"<meta name='author' content='{owner}'>")
    assert a.authors == names


def test_the_label_is_no_part_of_a_name_beside_a_date_under_the_headline():
    a = page(f"<article><h1>Harbour reopens after repairs</h1><h4>By Mara Lindqvist - June 14, 2025</h4>"
             f"{TEXT}</article>")
    assert a.authors == ["Mara Lindqvist"]


def test_a_byline_in_a_teaser_article_in_the_footer_is_another_storys():
    # "Recent posts" in the page's footer, each an <article> with its own byline.
    recent = ("<footer class='site-footer'><div class='footer-posts'><article class='teaser-post'>"
              "<h3><a href='/ferry-fares'>Ferry fares rise</a></h3><div class='post-meta'>"
              "<span class='author'>Tom Footer</span></div></article></div></footer>")
    a = page(f"<main><h1>Harbour reopens</h1>{TEXT}</main>{recent}")
    assert a.authors == []


def test_the_pages_classes_on_body_do_not_make_the_article_a_footer():
    a = parse("<html><head><title>Harbour reopens</title></head><body class='single has-footer-widgets'>"
              f"<article><h1>Harbour reopens</h1><div class='entry-meta'><span class='byline'>By Kathrin Berg"
              f"</span></div>{TEXT}</article></body></html>", url=URL, parser=GENERIC)
    assert a.authors == ["Kathrin Berg"]


def test_a_credit_line_in_the_sites_menu_panel_is_no_byline():
    menu = ("<div class='menu-expanded hidden'><div class='col'>Publié par Groupe d'Études Portuaires. "
            "© 2025 GEP. Tous droits réservés.</div></div>")
    a = page(f"<article><h1>Harbour reopens</h1>{TEXT}</article>{menu}")
    assert a.authors == []


@pytest.mark.parametrize("line", [
    "<p>Von <strong><a href='/a/roland'>Roland Berg</a></strong> und <strong><a href='/a/sebastian'>"
    "Sebastian Lind</a></strong><br><br>Kiel</p>",                       # a tail after nested links
    "<div class='byline'>Von: <a href='/a/roland'>Roland Berg</a>, <a href='/a/sebastian'>Sebastian Lind"
    "</a></div>",
])
def test_names_in_nested_elements_keep_their_order_and_their_label(line):
    a = page(f"<article><h1>Harbour reopens</h1>{line}{TEXT}</article>")
    assert a.authors == ["Roland Berg", "Sebastian Lind"]


def test_byline_text_puts_a_tail_after_the_elements_children():
    from lxml import html as lxml_html

    from parsers.byline import byline_text
    el = lxml_html.fromstring("<p>A<script>x</script>B<!-- c -->C<b>D<i>E</i>F</b>G<span>H</span>I</p>")
    assert byline_text(el).split() == ["ABCDEFG", "H", "I"]
