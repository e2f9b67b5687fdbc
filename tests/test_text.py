"""parsers.text: the visible text of an element, in document order."""
import html
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from parsers.text import BLOCK_TAGS, _nfkc, clean, element_text, fold, in_folded

INLINE = ("span", "b", "i", "em", "strong", "small", "abbr", "q")  # no <a>: links do not nest
BLOCK = ("div", "p", "h1", "section", "li")
words = st.text(alphabet="abcxyzÄé ,.-", max_size=6)


def trees(tags):
    """(tag, text, children, tail) tuples, nested up to a few levels."""
    leaf = st.tuples(st.sampled_from(tags), words, st.just(()), words)
    return st.recursive(leaf, lambda kids: st.tuples(st.sampled_from(tags), words,
                                                     st.lists(kids, max_size=3).map(tuple), words),
                        max_leaves=12)


def render(node) -> str:
    tag, text, children, tail = node
    return f"<{tag}>{html.escape(text)}{''.join(map(render, children))}</{tag}>{html.escape(tail)}"


def printed(node, top=True) -> str:
    """The text a reader sees, built from the generated tree itself: text, children, tail, with
    block edges separating words."""
    tag, text, children, tail = node
    edge = " " if tag in BLOCK_TAGS else ""
    inner = edge + text + "".join(printed(child, False) for child in children) + edge
    return inner if top else inner + tail


def parse(markup: str):
    return lxml_html.fragment_fromstring(markup, create_parent="div")[0]


@settings(max_examples=300, deadline=None)
@given(trees(INLINE))
def test_inline_text_is_the_document_order_concatenation(tree):
    assert element_text(parse(render(tree))) == clean(printed(tree))


@settings(max_examples=300, deadline=None)
@given(trees(INLINE + BLOCK))
def test_block_edges_separate_words_and_keep_the_order(tree):
    el = parse(render(tree))
    # The HTML parser moves a block out of an inline or a <p> parent, as browsers do: compare with
    # the tree it built, not the one generated.
    def rebuilt(node):
        return (node.tag, node.text or "", tuple(rebuilt(c) for c in node), node.tail or "")
    assert element_text(el) == clean(printed(rebuilt(el)))


def test_tail_follows_the_children_it_comes_after():
    """A tail is printed after its element's subtree, not between the element's text and its
    children's (the kicker and the headline were glued and scrambled that way)."""
    el = etree.fromstring("<h1><span>Kicker<em>:</em></span> Headline <b>in <i>bold</i></b> end</h1>")
    assert element_text(el) == "Kicker: Headline in bold end"


def test_hidden_kinds_and_skipped_elements_keep_their_tails():
    el = etree.fromstring("<p>One <script>x()</script>two <span class='sr'>aural</span> three<br/>four</p>")
    assert element_text(el) == "One two aural three four"
    assert element_text(el, skip={el.find("span")}) == "One two three four"


def test_unicode_line_separators_are_spaces_in_a_line():
    """U+2028 and friends are whitespace to a reader; left in, they also split a JSON Lines file
    for readers that honour them (str.splitlines)."""
    assert clean("one\u2028two\u2029three\x85four") == "one two three four"


# Word characters of several kinds (ß and ﬁ change under case folding and NFKC), and separators.
_FOLD_ALPHABET = "abAB1_ßﬁé ,.-\n\u00a0"


@given(st.text(alphabet=_FOLD_ALPHABET, max_size=40), st.data())
@settings(max_examples=300, deadline=None)
def test_in_folded_is_substring_of_the_folded_text(text, data):
    folded = fold(text)
    start = data.draw(st.integers(0, len(folded)))
    stop = data.draw(st.integers(start, len(folded)))
    assert in_folded(folded[start:stop], text)   # every piece of the folded text, cut anywhere
    other = fold(data.draw(st.text(alphabet=_FOLD_ALPHABET, max_size=12)))
    assert in_folded(other, text) == (other in folded)


# Spaces, no-break spaces, combining marks (the acute alone; U+00B4 becomes a space and one),
# compatibility characters (ﬁ, ½, full-width A) and letters they combine with.
_NFKC_ALPHABET = " \xa0e\u0301\u00b4ﬁ½Ａa\u0308\u1100\u1161\u11a8"


@given(st.text(alphabet=_NFKC_ALPHABET, max_size=60), st.integers(1, 8))
@settings(max_examples=300, deadline=None)
def test_nfkc_piece_by_piece_is_nfkc(text, piece_chars):
    # Pieces of a few characters: every kind of cut is tried.
    assert _nfkc(text, piece_chars) == unicodedata.normalize("NFKC", text)
