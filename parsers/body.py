"""The article body: find the content block, strip boilerplate inside it, emit clean paragraphs.

The page tree is only read, never copied or changed: one pass measures every element, the
container is chosen from those figures, and what to leave out is a set of elements the emitter skips.

1. Measure (two linear passes): the visible text and link characters of every element, skipping
   junk that is never text (script, style, embeds, form controls) and hidden subtrees. Every block
   element's own inline text is a paragraph unit.
2. Weigh each paragraph: text that reads like prose (long enough, few links) counts for the
   element holding it, link lists and text inside navigation, sidebars, comments, related-article
   boxes count against it. When the page's JSON-LD articleBody is printed on the page, it decides
   which paragraphs are the article's instead.
3. The container is the element with the highest sum over its subtree: it grows to take in a body
   split over several blocks (ad breaks, paywall splits) as long as what lies between is not worth
   more against it than the text it gains. Where the article's paragraphs share a parent with
   boxes that outweigh them (a long recommendations list after the last paragraph), the container
   is the run of that parent's children with the highest sum.
4. Inside it, boilerplate subtrees (ads, share bars, related links, newsletter boxes, captions,
   bylines, the standfirst...) are skipped by tag, class/id words and link density, unless a
   subtree holds most of the text or is a word inside a sentence. A first paragraph that prints
   the page's description and is set apart from the rest is the standfirst.
5. Blocks are emitted in order: paragraphs and subheadings one per paragraph, list items and
   table rows one per line; lines that are boilerplate by their text ("Advertisement", "Read
   more: ...", credits, time stamps, bylines) or mostly links are dropped, and so is a repeat of
   the headline.
"""
from __future__ import annotations

import html
import re
from functools import cached_property, lru_cache
from typing import NamedTuple

from lxml import etree

from .document import Names
from .text import BLOCK_TAGS, clean, fold, in_folded

_JUNK_TAGS = frozenset(("script", "style", "noscript", "template", "iframe", "svg", "canvas", "object",
                        "embed", "video", "audio", "picture", "img", "button", "input", "select", "textarea",
                        "option", "dialog", "map", "math", "link", "meta", "head"))
_DROP_IN_BODY_TAGS = frozenset(("nav", "footer", "aside", "figure", "figcaption", "form", "header", "menu",
                                "label", "address", "time"))

_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_LISTS = frozenset(("ul", "ol", "dl"))
_LINES = frozenset(("li", "dt", "dd", "tr"))  # one line each inside a list or a table
_PARAGRAPH_TAGS = frozenset(("p", "div", "section", "blockquote"))  # blocks that hold running text
# Containers whose class words describe the page, not a box on it ("page has-sidebar").
_WRAPPER_TAGS = frozenset(("html", "body", "main", "article"))

# Class/id words that name a box which is not article text. A class token names what its element
# is by its last word ("article-sidebar", "c-article__ad"); a word followed by anything else
# ("sidebar-grid__content", "comments-open") describes a layout or a state, so a word only counts
# at the end of a token, or followed by generic part names ("share-buttons", "ad-container").
# What a box of links to other pages lists: "related-posts", "recommended-articles", "more-stories".
_OTHER_PAGES = r"(?:[-_]+(?:posts?|articles?|stories|story|news|entries|reads|videos))?"
_BOILER_WORDS = (
    r"share\w*|sharing|social\w*|sociable|addthis|follow|"
    rf"(?:related|recommend)\w*{_OTHER_PAGES}|recirculation|popular|trending|most[-_]?(?:read|viewed|popular)|"
    r"more[-_]?(?:stories|news|articles|posts)|"
    r"read[-_]?(?:more|also|next)|see[-_]?also|also[-_]?read|teaser\w*|"
    r"newsletter\w*|subscri\w*|signup|sign[-_]up|register|"
    r"comment|comments|commentlist|disqus|respond|reply|"
    r"cookie\w*|consent|gdpr|"
    r"nav|navbar|navigation|menu|breadcrumbs?|pagination|pager|toolbar|"
    r"sidebar|footer|masthead|complementary|"
    r"caption|credit|credits|copyright|legend|legende|légende|bildunterschrift|bildtext|"
    r"byline|author\w*|autor\w*|auteur|bio|meta|post[-_]?meta|entry[-_]?meta|timestamp|date|time|"
    r"tags?|tag[-_]?list|keywords|categories|topics|"
    r"print|hidden|hide|d[-_]none|sr[-_]only|visually[-_]hidden|screen[-_]reader[-_]text|offscreen|"
    r"modal|popup|overlay|lightbox|skip|jump|tooltip|"
    r"video[-_]?player|player|gallery|slideshow|carousel|embed\w*|"
    r"rating|poll|survey|donate|donation|info[-_]?box(?:es)?|expandable|key[-_]?points|bullet[-_]?points|"
    r"ticker|alert|notification|disclosures?|disclaimers?")
_REGION_WORDS = (
    rf"comments?|commentlist|disqus|sidebar|complementary|footer|(?:related|recommend)\w*{_OTHER_PAGES}|newsletter\w*|"
    r"nav|navbar|navigation|menu|breadcrumbs?|cookie\w*|consent|outbrain|taboola|"
    r"most[-_]?(?:read|viewed|popular)|trending|more[-_]?(?:stories|news|articles|posts)|read[-_]?(?:more|next)|"
    r"breaking[-_]?news|ticker")
_PART_NAMES = (r"container|wrapper|wrap|box|block|list|links?|buttons?|bar|area|section|module|items?|"
               r"inner|outer|holder|panel|title|heading|header|label|text|content|data|slot|unit|"
               r"placeholder|row|col|cards?|s")


def _class_pattern(words: str) -> re.Pattern:
    return re.compile(rf"(?:^|[^a-z])(?:{words})(?:[-_]*(?:{_PART_NAMES}))*$")


# Region words anywhere in a name: finds the candidates whose tokens are then checked.
_REGION_ANYWHERE = re.compile(_REGION_WORDS)  # on lower-cased names


# Advertising, sign-up and breadcrumb words are unambiguous wherever they stand in a token
# ("adsense-inarticle", "newsletter-pure", "newsbreadcrumb").
_ANYWHERE_CLASS = re.compile(r"(?:^|[^a-z])(?:ads?|adv|advert\w*|adsense|adslot|dfp|gpt|banner|sponsor\w*|"
                             r"promo\w*|outbrain|taboola|teads|newsletter\w*|subscri\w*|signup|whatsapp|"
                             r"breadcrumbs?)(?:$|[^a-z])")
# Cookie and consent boxes, wherever the word stands ("CybotCookiebotDialog", "onetrust-consent-sdk").
_CONSENT_CLASS = re.compile(r"(?:^|[^a-z])(?:cookie\w*|consent\w*|gdpr)(?:$|[^a-z])")
_CONSENT_ANYWHERE = re.compile(r"cookie|consent|gdpr")  # finds the candidates in lower-cased names
_BOILER_CLASS = _class_pattern(_BOILER_WORDS)
# Boxes that are never the article, whatever their size: their text counts against a container.
_BAD_REGION = _class_pattern(_REGION_WORDS)
_BAD_REGION_TAGS = frozenset(("nav", "aside", "footer"))
# Names of boxes that may wrap the article's own paragraphs: a paywall gate, and the teaser printed
# before one.
_WRAPPING_CLASS = re.compile(r"(?:^|[^a-z])(?:paywall|regwall|piano|teaser)")
# Gate words: a wrapper with them is a subscription prompt, but a paragraph with them is article
# text marked as behind the paywall.
_GATE_CLASS = re.compile(r"(?:^|[^a-z])(?:paywall|regwall|piano)")
_MODIFIER = re.compile(r"--.*")
# Class names that CSS-in-JS libraries and CSS modules generate name the component beside a hash:
# "Comments__Wrapper-ghoeop-0" (styled-components), "css-10ktlks-Box" (emotion), "Tags_Title__3w7IU"
# (CSS modules: a hash of five with a digit, unlike a BEM element such as "c-Article__Title").
_GENERATED = re.compile(r"(?<=[a-z])-(?:sc-)?[a-z0-9]{5,8}-\d+$|^css-[a-z0-9]{5,8}-(?=[A-Z])|"
                        r"(?<=[A-Za-z])__(?=[\w-]{5}$)[\w-]*\d[\w-]*$")
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")  # "newsCaption" names a caption: split it into words
# A class/id token with this many hyphens is a slug of some text.
_SLUG_HYPHENS = 6
# Class words that mark the standfirst (lead, dek, teaser text) printed above the body, wherever they
# stand in a class name: "summary-art", "article__content--intro", "m-detail--abstract".
_STANDFIRST_WORD = re.compile(r"lead(?:in|text|paragraph)?|lede|intro\w*|standfirst|summary|deck|dek|excerpt|"
                              r"sapo|chapo|chapeau|abstract|teasertext|einleitung|vorspann|entradilla|ingress|"
                              r"preamble")
_CLASS_WORD = re.compile(r"[a-z]+")
# A standfirst or a teaser holds at most this many characters: a longer "intro" box is the opening
# section of the article.
_MAX_STANDFIRST = 600
# A standfirst above the body is a paragraph of at least this many characters, mostly not links.
_MIN_STANDFIRST = 50
_MAX_STANDFIRST_LINKS = 0.2
_PICTURES = frozenset(("img", "picture", "figure", "video"))
# Further down the container, a box whose class ends in such a word is another article's teaser.
_TEASER_CLASS = _class_pattern(r"lead\w*|lede|intro\w*|standfirst|summary|deck|dek|excerpt|sapo|chapo|"
                               r"chapeau|abstract|teasertext|einleitung|vorspann|entradilla|ingress|preamble")

_BOILER_LINE = re.compile(
    r"^(?:advertisement|advertising|adsense advertisement|anzeige|publicité|publicidad|pubblicità|reklama|"
    r"reklame|annons|mainos|sponsored|werbung|story continues below(?: advertisement)?|"
    r"continue reading(?: below)?|read more|read also|also read|see also|related|more on this|"
    r"show more|load more|click here|share this( article| story)?|share|tweet|email|print|"
    r"skip (?:to|ad)|scroll to continue.*|dark mode|light mode|logo|menu|search|close|"
    r"comment / reply from|leave a (?:comment|reply)|post a comment|comments?|"
    r"sign up|subscribe|subscribe now|log ?in|register|embed|"
    # headings of related-article boxes, in the languages we see most
    r"read next|recommended(?: for you| videos?| stories| articles)?|more stories|you may also like|"
    r"mehr zum thema|lesen sie auch|auch interessant|das könnte sie auch interessieren|weiterlesen|"
    r"à lire aussi|lire aussi|sur le même sujet|leggi anche|lea también|leia também|lees ook|"
    r"zurück zu[rm]? \w+(?: \w+)?|back to (?:top|home|the homepage)|explore further|recommended from \w+|"
    r"zitiervorschlag|view all(?: \(\d+\))?|text size|schriftgröße|sign in(?: or create an account)?|"
    # a reading time ("weiterlesen 5 Minuten", "4 Min Read")
    r"(?:(?:weiterlesen|lesezeit|lesedauer|reading time|read time|temps de lecture|tiempo de lectura)\W*)?"
    r"(?:ca\.\s*)?\d+\s*(?:-\s*\d+\s*)?min(?:uten|utes?|s)?\.?(?:\s+(?:read|reading|lesezeit|lesen|"
    r"de lecture|de lectura))?|"
    # placeholders of embeds and pictures that wait for consent or a script
    r"ein klick für den datenschutz|externer inhalt|placeholder image(?:-\d+)?|"
    # video players and browser notices printed where a widget failed to load
    r"(?:we apologi[sz]e, but )?this video (?:has failed|failed) to load|video (?:is )?unavailable|"
    r"(?:player|video) wird geladen|your (?:web )?browser is (?:no longer|not) supported.*)\W*$",
    re.IGNORECASE)
_BOILER_PREFIX = re.compile(
    r"^(?:read more|read also|also read|see also|related|recommended|more|lesen sie auch|lees ook|"
    r"mehr zum thema|à lire aussi|lire aussi|leia também|leggi anche|lea también|czytaj też|"
    r"sign up|subscribe|follow us|follow [\w ]{1,30} on|join our|get our|download our|"
    r"(?:photo|image|picture|foto|bild|video|graphic)s?(?: credit)?|source|copyright|©|"
    r"quelle|bildrechte|bildquelle|crédits?|fonte|fuente|källa|kilde|bron)\s*[:|>»–—-]",
    re.IGNORECASE)
# A short line ending in a copyright credit is a caption ("The harbour at dawn. © Jane Roe / Agency").
_CREDIT_END = re.compile(r"(?:^|[\s.|(])(?:©|\(c\)|copyright)\s*[^\s.!?][^.!?©]{0,60}\)?$", re.IGNORECASE)
# An appeal to readers: to follow the site or the author elsewhere ("Follow us on Twitter", "Folgen
# Sie uns auf Instagram"), to subscribe ("Subscribe to our newsletter", "Already a subscriber?",
# "réservé aux abonnés"); and the text an Instagram embed prints until its script runs.
_APPEAL = re.compile(
    r"(?:^|[.!?]\s+)(?:(?:follow|like)\s+(?:\S+\s+){0,3}?(?:on|at)\s+(?:twitter|facebook|instagram|linkedin|"
    r"youtube|tiktok|github|threads|mastodon|bluesky|pinterest|x)\b|(?:folgen sie|folgt|folge|liken sie)\s+"
    r"(?:uns|mir)(?:\s+gerne)?\s+auf\s|subscribe(?:\s+(?:to|now|today|for|here)\b|\s*[!.]?$))|"
    r"please subscribe\b|"
    # an appeal for support or donations ("Support our journalism", "Unterstützen Sie uns", "Jetzt spenden")
    r"(?:^|[.!?]\s+)(?:please\s+)?(?:support|help)\s+(?:us|our\s+(?:[\w-]+,?\s+){0,3}?(?:journalism|work))\b|"
    r"unterstütze[n]?\s+(?:sie\s+)?(?:uns|unsere\s+(?:[\w-]+,?\s+){0,3}?(?:arbeit|berichterstattung))\b|"
    r"(?:^|[.!?]\s+)(?:jetzt\s+spenden|spenden\s+sie|donate(?:\s+now|\s+today)?\W*$|make\s+a\s+donation)|"
    r"already an? (?:subscriber|member)|bereits abonnent|abonnieren sie|abonniere (?:das|unser|den)|"
    r"abonnez-vous|r.serv.e?s? aux abonn.s|thanks for subscribing|preview of subscription content|"
    r"(?:view this post|sieh dir diesen beitrag) (?:on|auf) instagram",
    re.IGNORECASE)
# A word each of _APPEAL's alternatives holds (keep them in step): one search for these few words
# rules most lines out at less than half the cost of _APPEAL's many alternatives at each character.
_APPEAL_HINT = re.compile(r"follow|like|folg|subscri|abonn|already|instagram|support|help|unterstütz|spend|"
                          r"donat", re.IGNORECASE)
# A paragraph shorter than this (characters) that appeals to readers is no article text.
_APPEAL_CHARS = 300
# A line that is a time stamp ("Stand: 28.04.2023 17:23 Uhr", "Updated 15.59 | Published 14.14").
_NUMERIC_DATE = r"(?<!\d)\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}"
_TIMESTAMP = re.compile(_NUMERIC_DATE + r"|(?<![\d£$€¥])(?:[01]?\d|2[0-3])[:.h][0-5]\d(?!\d)")
# A dated line may end in a full stop ("Aktualisiert am 17.01.2021."); a time alone is the
# heading of an entry in a live blog ("4:14 p.m.").
_DATED = re.compile(_NUMERIC_DATE)
_WORD = re.compile(r"[^\W\d_]{2,}")
# A line that is a byline ("By Jane Roe", "von Nina Muster", "par Jean Dupont et Anne Roy").
_BYLINE_START = re.compile(r"^(?:by|von|par|di|por|door|af|av|przez)\s", re.IGNORECASE)
_NAME_JOINERS = frozenset(("and", "und", "et", "y", "e", "og", "och", "en", "i", "&", "van", "von", "de",
                           "der", "di", "da", "del", "la", "le"))
_SENTENCE_END = (".", "!", "?", "。", "！", "？", "…")

# A paywall or registration wall printed on the page. Vendor names (Piano's "tp-container") are not
# evidence: sites load them on free articles too, for metering and analytics.
PAYWALL_CLASS = re.compile(r"paywall|regwall|premium[-_]?(?:content|box|teaser|wall)|subscriber[-_]?only|"
                           r"meteredcontent|article[-_]?locked")  # on lower-cased names
_PAYWALL_NAMING = ("class", "id", "data-component", "data-testid")
# Some sites mark each paragraph past the fold `class="paywall"` and still print all of them.
_NOT_A_BOX = frozenset(("p", "span", "script", "style"))


def has_paywall_marker(names: Names) -> bool:
    """A paywall or registration-wall element on the page (a box, not a marked paragraph), from
    the page's names (Document.names)."""
    return any(el.tag not in _NOT_A_BOX for el in names.marked(_PAYWALL_NAMING, PAYWALL_CLASS))

# A page that shows less article text than this (characters) may hold its article hidden, in a
# block with at least _MIN_HIDDEN_ARTICLE characters of it.
_MIN_ARTICLE = 500
_MIN_HIDDEN_ARTICLE = 200
_MARKUP = re.compile(r"<[^<>]*>")  # not [^>]*: a run of unclosed '<' would cost quadratic time
# A box named for a paywall or a teaser holds the article's text when this share of it is in
# paragraphs printed like the article's.
_ARTICLE_SHARE = 0.6
# A paragraph of at least this many characters is a full one, not a label or a one-line appeal.
_FULL_PARAGRAPH = 100
# A complete articleBody ends with the last words of a printed paragraph: this many of them.
_END_WORDS = 6
# A paragraph shorter than this (characters) is neither evidence for nor against a container.
_MIN_PARAGRAPH = 25
# A paragraph whose link share exceeds this is a link list, not prose.
_MAX_LINK_SHARE = 0.5
# Link-list and boxed text costs a container this much per character.
_PENALTY = 1.0
# A run of children is a container when it holds this much more than its best child.
_RUN_GAIN = 1.25
# What lies around that run is left out when it weighs this share of the run against it.
_EDGE_COST = 0.1
_EDGE_PROSE = 0.25
# A boilerplate-looking subtree holding more than this share of the container's text is kept.
_KEEP_SHARE = 0.4


# Real class/id lists are far shorter; a hostile megabyte-long class attribute would otherwise cost
# seconds in the long boilerplate alternation, once per element.
MAX_MARKER = 512


# The names of a box, for the region, consent and boilerplate words.
_BOX_NAMING = ("class", "id", "role", "data-component", "data-testid")


def _marker(el) -> str:
    return " ".join(filter(None, map(el.get, _BOX_NAMING)))[:MAX_MARKER]


def _class_tokens(el) -> tuple[str, ...]:
    """The element's class/id/role tokens, camelCase split, lower-cased, BEM modifiers ("--is-open")
    removed.
    Ids made from a headline ("mayor-promoted-to-...") are text, not names, and utility classes with
    a variant ("print:hidden", "md:flex") are styling, not names: both are left out."""
    marker = _marker(el)
    return _marker_tokens(marker) if marker else ()


# A page repeats the same class lists on many elements, and a site's pages repeat them: each list is
# split once while it is among the last few thousand seen.
@lru_cache(maxsize=4096)
def _marker_tokens(marker: str) -> tuple[str, ...]:
    tokens = []
    for token in marker.split():
        if token.count("-") >= _SLUG_HYPHENS or ":" in token:
            continue
        if not token.islower():
            token = _CAMEL.sub(r"\1-\2", _GENERATED.sub("", token)).lower()
        if "--" in token:
            token = _MODIFIER.sub("", token)
        tokens.append(token)
    return tuple(tokens)


def _marked(tokens: tuple[str, ...], pattern: re.Pattern) -> bool:
    """Whether one of the tokens matches `pattern` (which says where in a token its words count)."""
    return any(pattern.search(token) for token in tokens)


def _is_hidden(el, reveal: bool = False) -> bool:
    """Hidden by style or the hidden attribute, or from screen readers. With `reveal`, only the
    last: content a script shows later (streamed server rendering parks it in <div hidden>)."""
    if not reveal:
        style = el.get("style")
        if style and ("none" in style or "hidden" in style):
            style = style.replace(" ", "").lower()
            if "display:none" in style or "visibility:hidden" in style:
                return True
        if el.get("hidden") is not None:
            return True
    # aria-hidden hides decoration from screen readers; on a paragraph it marks article text kept
    # from non-subscribers, which the page still prints.
    return el.get("aria-hidden") == "true" and el.tag != "p"


def _drop(el):
    """Remove an element but keep its tail text (it belongs to the parent)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _strip_junk(root):
    for el in list(root.iter(*_JUNK_TAGS)):
        _drop(el)


# The attributes of elements that may be hidden (the test itself is _is_hidden): libxml2 reads only
# the elements that have them, where a test of each element's attributes reads them all. Of the
# values, only those _is_hidden can find hiding in are returned (most style attributes hide nothing).
_MAYBE_HIDDEN = etree.XPath(".//@hidden | .//@aria-hidden[. = 'true']"
                            " | .//@style[contains(., 'none') or contains(., 'hidden')]")
_IN_LINK = etree.XPath(".//a/descendant-or-self::*")


def _account_fields(root) -> list:
    """Fields that ask for an e-mail address or a password: a sign-up or log-in panel is around them.
    (lxml finds the <input>s in C, faster than an XPath pass.)"""
    return [field for field in root.iterdescendants("input")
            if field.get("type") in ("email", "password") or "mail" in (field.get("name") or "")]


# A panel around such a field holds no more text than this (characters), when no <form> bounds it.
_PANEL_TEXT = 1000


# The attributes, not the elements, are searched: libxml2 reads only the elements that have them.
_DIALOGS = etree.XPath(".//*/@role[. = 'dialog' or . = 'alertdialog'] | .//*/@aria-modal[. = 'true']")


class _Measure:
    """Text figures of every visible element of a subtree, from one pre-order and one post-order pass.

    text/links: characters in the subtree and inside links; inline/inline_links: the characters an
    element holds outside its block children (its own paragraph, when it is a block)."""

    def __init__(self, root, reveal: bool = False, names: Names | None = None):
        self.root = root
        self.page_names = names   # the whole page's (Document.names), when the caller has them
        self.skipped: set = set()
        if root.tag in _JUNK_TAGS or _is_hidden(root, reveal):
            self.skipped.update(root.iter())
        maybe_hidden = {attribute.getparent() for attribute in _MAYBE_HIDDEN(root)}
        invisible = [*root.iter(*_JUNK_TAGS), *(el for el in maybe_hidden if _is_hidden(el, reveal))]
        for el in invisible:
            if el not in self.skipped:
                self.skipped.update(el.iter())
        in_link = set(_IN_LINK(root))
        self.order: list = [el for el in root.iter(etree.Element) if el not in self.skipped]  # pre-order
        self.text: dict = {}
        self.links: dict = {}
        self.inline: dict = {}
        self.inline_links: dict = {}
        self.children: dict = {}   # the visible children of each element
        text_of, links_of, inline_of, inline_links_of = self.text, self.links, self.inline, self.inline_links
        # lxml makes a new string each time .text or .tail is read: each is read once.
        for el in reversed(self.order):
            own = len(own_text.strip()) if (own_text := el.text) else 0
            text, links, inline, inline_links = own, 0, own, 0
            visible = self.children[el] = []
            for child in el:
                if (tail := child.tail):
                    tail = len(tail.strip())
                    text += tail
                    inline += tail
                child_text = text_of.get(child)
                if child_text is None:  # skipped, or a comment
                    continue
                visible.append(child)
                text += child_text
                links += links_of[child]
                if child.tag not in BLOCK_TAGS:
                    inline += inline_of[child]
                    inline_links += inline_links_of[child]
            if el in in_link:
                links, inline_links = text, inline
            text_of[el] = text
            links_of[el] = links
            inline_of[el] = inline
            inline_links_of[el] = inline_links

    @cached_property
    def names(self) -> Names:
        return self.page_names if self.page_names is not None else Names(self.root)

    def marked(self, pattern: re.Pattern) -> list:
        """The subtree's elements whose class/id/role names match `pattern` (see Names.marked)."""
        return [el for el in self.names.marked(_BOX_NAMING, pattern)
                if el in self.text or el in self.skipped]   # in the subtree, not elsewhere on the page

    @cached_property
    def panels(self) -> set:
        """Sign-up, log-in and consent panels: the <form> around an e-mail or password field (else
        its largest ancestor with little text), elements that declare themselves dialogs, and
        boxes named for cookie consent. One that holds the headline is not a panel but a form
        around the whole page, or an article opened in a dialog."""
        found = {attribute.getparent() for attribute in _DIALOGS(self.root)}
        found.update(el for el in self.marked(_CONSENT_ANYWHERE)
                     if _marked(_class_tokens(el), _CONSENT_CLASS))
        for field in _account_fields(self.root):
            panel = None
            for box in field.iterancestors():
                if box.tag == "form":
                    panel = box
                    break
                if box.tag in _WRAPPER_TAGS or self.text.get(box, 0) > _PANEL_TEXT:
                    break
                panel = box
            if panel is not None:
                found.add(panel)
        return {panel for panel in found if panel.find(".//h1") is None}

    def within(self, el) -> list:
        """The visible elements of a subtree, in document order."""
        return [node for node in el.iter(etree.Element) if node in self.text]

    def paragraphs(self):
        """Block elements with text of their own, in document order."""
        return [el for el in self.order if self.inline[el] and (el.tag in BLOCK_TAGS or el is self.root)]


def _inline_text(el, skipped) -> str:
    """A block's own text: its text and its inline descendants', not its block children's."""
    parts = [el.text or ""]
    stack = [(child, True) for child in reversed(el)]
    while stack:
        node, enter = stack.pop()
        if not enter:
            parts.append(node.tail or "")
            continue
        if node in skipped or not isinstance(node.tag, str) or node.tag in BLOCK_TAGS:
            parts.append(node.tail or "")
            continue
        parts.append(node.text or "")
        stack.append((node, False))
        stack.extend((child, True) for child in reversed(node))
    return " ".join("".join(parts).split())


def _subtree_sums(m: _Measure, values: dict) -> dict:
    sums: dict = {}
    for el in reversed(m.order):
        total = values.get(el, 0.0)
        for child in m.children[el]:
            total += sums[child]
        sums[el] = total
    return sums


def _bad_regions(m: _Measure, prose: dict) -> set:
    """Elements inside navigation, sidebars, comments, related-article and newsletter boxes. A box
    holding most of the page's prose is a wrapper whose class words describe the page, or an
    unclosed <aside> that swallowed the rest of the page, not such a box."""
    bad: set = set()
    page_prose = prose.get(m.root, 0.0)
    for el in _region_candidates(m):
        if el in bad or el in m.skipped or el.tag in _WRAPPER_TAGS:
            continue
        if _is_region(el) and prose.get(el, 0.0) <= 0.5 * page_prose and el.get("itemprop") != "articleBody":
            bad.update(el.iter())
    # A panel is one whatever its share of the page's prose.
    for el in m.panels:
        if el not in bad:
            bad.update(el.iter())
    return bad




def _is_region(el) -> bool:
    """A box that is never the article, by its tag or its names (navigation, sidebar, comments,
    related articles...)."""
    return el.tag in _BAD_REGION_TAGS or _marked(_class_tokens(el), _BAD_REGION)


def _region_candidates(m: _Measure) -> set:
    """Boxes by tag, and elements whose class/id/role names hold a region word: one regex pass
    over all the names of the page instead of one per element."""
    found = set(m.marked(_REGION_ANYWHERE))
    found.update(m.root.iter(*_BAD_REGION_TAGS))
    return found


def _weights(m: _Measure, article_body: str | None) -> dict:
    """Each paragraph's evidence for the container holding it: + prose characters, - boilerplate."""
    weights: dict = {}
    for el in m.paragraphs():
        length = m.inline[el]
        share = m.inline_links[el] / length
        if share > _MAX_LINK_SHARE:
            weights[el] = -_PENALTY * length
        elif length >= _MIN_PARAGRAPH:
            weights[el] = length * (1 - share)
    bad = _bad_regions(m, _subtree_sums(m, {el: w for el, w in weights.items() if w > 0}))
    for el, weight in weights.items():
        if el in bad and weight > 0:
            weights[el] = -_PENALTY * m.inline[el]
    if article_body:
        _follow_article_body(m, weights, article_body)
    return weights


def _follow_article_body(m: _Measure, weights: dict, article_body: str) -> None:
    """Paragraphs printed in the JSON-LD articleBody are the article's, wherever they sit. When the
    page prints all of it, the other paragraphs are not. A page that does not print it (a summary,
    another language, text loaded by script) is left to the heuristics."""
    # Some pages put the article's HTML in it, markup and comments included.
    body = _MARKUP.sub(" ", html.unescape(article_body)).strip()
    words = set(fold(body).split())
    if len(words) < 30:
        return
    verdicts = {}
    matched = 0
    ends = set()
    for el in m.paragraphs():
        if m.inline[el] < _MIN_PARAGRAPH:
            continue
        tokens = fold(_inline_text(el, m.skipped)).split()
        if not tokens:
            continue
        inside = sum(t in words for t in tokens) / len(tokens) >= 0.8
        verdicts[el] = inside
        if inside:
            matched += m.inline[el]
            ends.add(tuple(tokens[-_END_WORDS:]))
    if matched < 0.5 * len(body):
        return
    # A shortened articleBody (a teaser's worth, cut at a length: "...", or in mid-paragraph) says
    # nothing about the paragraphs it leaves out.
    complete = (matched >= 0.8 * len(body) and len(body) >= 500 and not body.endswith(("…", "..."))
                and tuple(fold(body).split()[-_END_WORDS:]) in ends and not _continued(m, verdicts))
    for el, inside in verdicts.items():
        if inside:
            weights[el] = m.inline[el]
        elif complete:
            weights[el] = -_PENALTY * m.inline[el]


def _continued(m: _Measure, verdicts: dict) -> bool:
    """Whether the article goes on where the articleBody stops: two full paragraphs after the last
    full one it holds are printed like that one (the same boxes around them)."""
    paragraphs = [el for el in verdicts if m.inline[el] >= _FULL_PARAGRAPH]
    last = max((i for i, el in enumerate(paragraphs) if verdicts[el]), default=None)
    if last is None:
        return False
    here = paragraphs[last]
    alike = 0
    for after in paragraphs[last + 1:]:
        top = _common_ancestor([here, after])
        alike += _layout_path(here, top) == _layout_path(after, top)
        if alike == 2:
            return True
    return False


def _best_run(children: list, totals: dict) -> tuple[float, int, int]:
    """(sum, first, last) of the run of consecutive children with the highest summed weight. What
    lies before or after it is left out only when it costs much and holds little prose (a
    recommendations box after the last paragraph)."""
    best, first, last = 0.0, 0, -1
    running, start = 0.0, 0
    for i, child in enumerate(children):
        if running <= 0:
            running, start = 0.0, i
        running += totals.get(child, 0.0)
        if running > best:
            best, first, last = running, start, i
    if best == 0:
        return best, first, last
    before, after = children[:first], children[last + 1:]
    if not _costly_edge(before, totals, best):
        best, first = best + sum(totals.get(child, 0.0) for child in before), 0
    if not _costly_edge(after, totals, best):
        best, last = best + sum(totals.get(child, 0.0) for child in after), len(children) - 1
    return best, first, last


def _costly_edge(edge: list, totals: dict, run: float) -> bool:
    """Whether the children before or after a run are worth leaving out: they weigh at least a
    tenth of the run against it, and hold little prose beside what weighs against (a paragraph
    before a table of contents is the article's opening)."""
    weights = [totals.get(child, 0.0) for child in edge]
    against = -sum(w for w in weights if w < 0)
    return sum(weights) <= -_EDGE_COST * run and sum(w for w in weights if w > 0) <= _EDGE_PROSE * against


def _best_container(m: _Measure, weights: dict) -> tuple:
    """(element, children left out): the element whose subtree, or run of consecutive children,
    has the highest summed paragraph weight; on a tie the deeper one. A run leaves out what
    surrounds the article among its siblings (a recommendations box after the last paragraph)."""
    totals = _subtree_sums(m, weights)
    # A run beats its whole element only by leaving out children that weigh against it: the
    # elements with a paragraph weighing against them below them (the ancestors of a visible
    # paragraph are visible).
    against: set = set()
    for el, weight in weights.items():
        while weight < 0 and el is not None and el not in against:
            against.add(el)
            el = el.getparent()
    best, best_total, outside = None, 0.0, ()
    for el in m.order:
        total = totals[el]
        run = None
        if el in against and not weights.get(el) and len(el) > 1:
            children = list(el)
            run_total, first, last = _best_run(children, totals)
            # A run that is little more than its best child is that child and some neighbours,
            # unless they print paragraphs boxed like the best child's: the rest of the article.
            gains = sorted(max(totals.get(child, 0.0), 0.0) for child in children[first:last + 1])
            if run_total > max(total, 0) and gains and (run_total > _RUN_GAIN * gains[-1] or (
                    sum(gains[:-1]) >= 2 * _FULL_PARAGRAPH
                    and _continues_article(m, children[first:last + 1], totals))):
                total, run = run_total, (children[:first], children[last + 1:])
        if total >= best_total and total > 0:
            best, best_total = el, total
            outside = (*run[0], *run[1]) if run else ()
    return best, outside


def _continues_article(m: _Measure, run: list, totals: dict) -> bool:
    """Whether the children of a run beside its heaviest hold two full paragraphs boxed like the
    heaviest child's own (the same tag in a parent of the same tag and class)."""
    heaviest = max(run, key=lambda child: totals.get(child, 0.0))

    def boxing(el):  # a class's first word names the box, the words after it modify it
        parent = el.getparent()
        return el.tag, parent.tag, (parent.get("class") or "").partition(" ")[0]

    def full_paragraphs(box):
        return [el for el in m.within(box) if el.tag == "p" and m.inline[el] >= _FULL_PARAGRAPH]

    own = {boxing(el) for el in full_paragraphs(heaviest)}
    alike = sum(boxing(el) in own for child in run if child is not heaviest and totals.get(child, 0.0) > 0
                for el in full_paragraphs(child))
    return alike >= 2


def _choose_container(m: _Measure, article_body: str | None) -> tuple:
    """(element holding the article text, its children that are not article text), or (None, ()):
    itemprop=articleBody when the page marks it, else the best-weighted subtree or run."""
    # Some pages mark each paragraph: the article is what holds them all.
    itemprop = [el for el in m.order if el.get("itemprop") == "articleBody"]
    if itemprop and sum(m.text[el] for el in itemprop) >= 150:
        return (itemprop[0] if len(itemprop) == 1 else _common_ancestor(itemprop)), ()
    return _best_container(m, _weights(m, article_body))


def find_container(root, article_body: str | None = None):
    """The tightest element holding the article text under `root`, or None: the chosen container,
    narrowed while one child holds most of its weight (`new-site` builds a body selector from it)."""
    m = _Measure(root)
    totals = _subtree_sums(m, _weights(m, article_body))
    el, _ = _choose_container(m, article_body)
    while el is not None:
        heaviest = max((c for c in el if totals.get(c, 0) > 0), key=totals.get, default=None)
        if heaviest is None or totals[heaviest] < 0.8 * totals[el]:
            break
        el = heaviest
    return el


def _hidden_blocks(m: _Measure) -> list:
    """The outermost hidden blocks of the page, longest first: not scripts, styles or embeds, and
    not boxes that are never the article (a cookie banner, a menu, a dialog)."""
    blocks = [el for el in m.skipped if isinstance(el.tag, str) and el.tag not in _JUNK_TAGS
              and el.getparent() not in m.skipped and el not in m.panels and not _is_region(el)]
    return sorted(blocks, key=lambda el: -len(el.text_content()))[:3]


def _common_ancestor(els):
    chains = [[el, *el.iterancestors()][::-1] for el in els]
    common = None
    for nodes in zip(*chains, strict=False):  # chains differ in length
        if all(n is nodes[0] for n in nodes):
            common = nodes[0]
        else:
            break
    return common


# A teaser of another page: a heading that is a link, with at most this much text (characters) beside it
# in its box (a kicker, an excerpt, a date).
_TEASER_TEXT = 300


def _teaser_cards(m: _Measure, container, total: int) -> set:
    """Boxes that are a teaser of another page: the largest box around a heading that is all link
    holding little else. An article's subheadings are not links."""
    cards = set()
    for heading in container.iter(*_HEADINGS):
        text = m.text.get(heading, 0)
        if text < _MIN_PARAGRAPH or m.links[heading] < 0.9 * text:
            continue
        card = heading
        for box in heading.iterancestors():
            if box is container or m.text[box] > min(text + _TEASER_TEXT, _KEEP_SHARE * total):
                break
            card = box
        if card is not heading:
            cards.add(card)
    return cards


def _boilerplate(m: _Measure, container) -> set:
    """Subtrees of the container that are not article text (a subtree holding most of it is kept)."""
    total = max(m.text.get(container, 0), 1)
    drop: set = set(m.skipped)
    drop.update(_teaser_cards(m, container, total))
    for el in m.within(container):
        if el is container or el.getparent() in drop:
            if el is not container:
                drop.add(el)
            continue
        tag = el.tag
        if _in_running_text(m, el):
            continue
        big = m.text[el] > _KEEP_SHARE * total
        if tag == "figure" and el.find(".//table") is not None:
            continue  # a table set as a figure is a table, and its caption goes with it
        if tag == "header" and _holds_article_text(m, el):
            continue
        if tag in _DROP_IN_BODY_TAGS or el in m.panels:
            if not big or tag in ("figure", "figcaption", "aside", "nav"):
                drop.add(el)
            continue
        if big:
            continue
        tokens = _class_tokens(el)
        named = tokens and (_marked(tokens, _BOILER_CLASS) or _marked(tokens, _ANYWHERE_CLASS)
                            or (tag not in _HEADINGS and m.text[el] <= _MAX_STANDFIRST
                                and _marked(tokens, _TEASER_CLASS))
                            or (tag not in _HEADINGS and tag != "p" and _marked(tokens, _GATE_CLASS)))
        # A quoted post (a tweet's text in a blockquote) is quoted article text, whatever its box;
        # so are paragraphs printed like the article's, in a box named for a paywall or a teaser.
        if named and tag != "blockquote" and el.find(".//blockquote") is None \
                and not (_marked(tokens, _WRAPPING_CLASS) and _prints_article_text(m, el, container)):
            drop.add(el)
        elif tag in _LISTS and m.text[el] and m.links[el] > _MAX_LINK_SHARE * m.text[el]:
            drop.add(el)
    return drop


def _holds_article_text(m: _Measure, header) -> bool:
    """Whether a <header> holds more full paragraphs than a standfirst, and no headline: some
    pages set each section of the article in a header of its own."""
    if header.find(".//h1") is not None:
        return False
    prose = sum(m.inline[el] for el in m.within(header) if el.tag == "p" and m.inline[el] >= _FULL_PARAGRAPH)
    return prose > _MAX_STANDFIRST


def _prints_article_text(m: _Measure, box, container) -> bool:
    """Whether a box is mostly full paragraphs (two or more) printed like the container's
    paragraphs outside it (the same tag and class): the article's own text, whatever its name."""
    within = m.within(box)
    inside = [el for el in within if el.tag in _PARAGRAPH_TAGS and m.inline[el] >= _FULL_PARAGRAPH]
    if len(inside) < 2:
        return False
    within = set(within)
    outside = {(el.tag, el.get("class")) for el in m.within(container)
               if el not in within and el.tag in _PARAGRAPH_TAGS and m.inline[el] >= _FULL_PARAGRAPH}
    alike = sum(m.inline[el] for el in inside if (el.tag, el.get("class")) in outside)
    return alike >= _ARTICLE_SHARE * m.text[box]


def _opening_paragraphs(m: _Measure, container, skip: set, count: int) -> list:
    """The first `count` prose paragraphs the container will print (no headings, no boilerplate)."""
    found = []
    for el in m.within(container):
        if el is container or el.tag in _HEADINGS or el.tag not in BLOCK_TAGS \
                or m.inline[el] < _MIN_PARAGRAPH:
            continue
        if el in skip or any(a in skip for a in el.iterancestors()):
            continue
        if _boilerplate_paragraph(m, el):
            continue
        found.append(el)
        if len(found) == count:
            break
    return found


def _in_running_text(m: _Measure, el) -> bool:
    """An inline element within a sentence (a keyword link, a highlighted name): its words belong
    to the paragraph whatever its class says."""
    if el.tag in BLOCK_TAGS:
        return False
    parent = el.getparent()
    return parent is not None and m.inline.get(parent, 0) > m.text[el] + _MIN_PARAGRAPH


def _marked_standfirst(el) -> bool:
    names = _marker(el)
    if not names:
        return False
    return any(_STANDFIRST_WORD.fullmatch(word)
               for word in _CLASS_WORD.findall(_CAMEL.sub(r"\1-\2", names[:MAX_MARKER]).lower()))


def _marked_standfirst_box(m: _Measure, container, skip: set):
    """The first box marked as a standfirst before the body text starts (at the first two
    paragraphs in a row that the page boxes alike)."""
    dropped: set = set()
    previous = left_out = None
    limit = min(0.5 * m.text[container], _MAX_STANDFIRST)
    for el in m.within(container):
        if el is container:
            continue
        if el.getparent() in dropped:
            dropped.add(el)
            continue
        marked = _marked_standfirst(el) and 0 < m.text[el] <= limit
        if el in skip:
            # A box left out for a teaser's name alone (a "summary", an "abstract") before the body
            # text starts is this article's standfirst, unless a box the body keeps is marked too.
            if marked and left_out is None and _teaser_named_only(el):
                left_out = el
            dropped.add(el)
            continue
        if marked:
            return el
        if el.tag in _PARAGRAPH_TAGS and m.inline[el] >= _MIN_PARAGRAPH \
                and not _boilerplate_paragraph(m, el):
            if previous is not None:
                top = _common_ancestor([previous, el])
                if _layout_path(previous, top) == _layout_path(el, top):
                    return left_out
            previous = el
    return left_out


def _teaser_named_only(el) -> bool:
    """Whether a box left out by _boilerplate was left out for its teaser name alone."""
    tokens = _class_tokens(el)
    return (el.tag not in _DROP_IN_BODY_TAGS and _marked(tokens, _TEASER_CLASS)
            and not _marked(tokens, _BOILER_CLASS) and not _marked(tokens, _ANYWHERE_CLASS))


def _layout_path(el, top) -> list:
    """How the page boxes a paragraph below `top`: its tag and its ancestors' tags and classes."""
    path = [el.tag]
    for box in el.iterancestors():
        if box is top:
            break
        path.append((box.tag, box.get("class")))
    return path


def _standfirst(m: _Measure, container, skip: set, description: str | None):
    """The standfirst at the top of the container, or None. The opening paragraph's box when its
    class marks it as a lead, dek or summary; else the opening paragraph when it prints the page's
    description and is set apart from the paragraphs after it (boxed or tagged differently, or all
    bold). An opening printed like the paragraphs after it is the article's own first paragraph
    (agency copy whose description is its first sentence; a drop-cap class), and so is a marked
    paragraph further down (a "lead" class that only enlarges the type)."""
    if (box := _marked_standfirst_box(m, container, skip)) is not None:
        after = _opening_paragraphs(m, container, skip | {box}, 1)
        return None if after and _description_runs_on(m, description, box, after[0]) else box
    prose = _opening_paragraphs(m, container, skip, 2)
    if not description or len(prose) < 2:
        return None
    want = fold(description.rstrip(".… "))
    if len(want) < 30:
        return None
    first, after = prose
    # Skipping a block that holds more than its own paragraph would skip the article.
    if m.text[first] > 1.2 * m.inline[first] or m.text[first] > 0.5 * m.text[container]:
        return None
    text = fold(_inline_text(first, m.skipped))
    # The paragraph may open with a dateline the description leaves out ("Hamburg. ...").
    if not text or not (want[:150] in text[:200] or want.startswith(text[:150])) \
            or _description_runs_on(m, description, first, after):
        return None
    bold = [child for child in first if child.tag in ("strong", "b")]
    all_bold = len(bold) == 1 and m.text[bold[0]] >= 0.9 * m.inline[first]
    # Its own box: a wrapper of its own below the block it shares with the paragraphs after it, and
    # not one they are all in too.
    top = _common_ancestor([first, after])
    path = _layout_path(first, top)
    if all_bold or (len(path) > 1 and path != _layout_path(after, top)):
        return first
    return None


def _quoted_opening(m: _Measure, container, skip: set, description: str | None):
    """A paragraph left out before the body text starts (a box named "summary") that the page's
    description quotes together with the paragraph after it: the article's own first paragraph."""
    after = _opening_paragraphs(m, container, skip, 1) if description else None
    if not after:
        return None
    for el in m.within(container):
        if el is after[0]:
            return None  # the body text has started
        if el.tag in _PARAGRAPH_TAGS and m.inline[el] >= _MIN_PARAGRAPH and el in skip \
                and el not in m.skipped and _description_runs_on(m, description, el, after[0]):
            return el
    return None


def _description_runs_on(m: _Measure, description: str | None, opening, paragraph) -> bool:
    """Whether the page's description quotes an opening that looks like a standfirst and goes on
    into the paragraph after it: a description cut from the article's first words, which makes
    that opening the article's own first paragraph."""
    if not description:
        return False
    want = fold(description)
    start = fold(_inline_text(paragraph, m.skipped))[:_MIN_STANDFIRST]
    if len(start) < _MIN_STANDFIRST or start not in want:
        return False
    quoted = fold(" ".join(text for _, text, _ in _emit(opening, m.skipped)))
    return bool(quoted) and want.startswith(quoted[:_MIN_STANDFIRST])


def _standfirst_above(m: _Measure, container, head_key: str) -> str | None:
    """Prose printed between the headline and the container: a standfirst set apart above the body
    (in the page's header, beside its picture). Full sentences only, and at most a standfirst's
    length: no captions (a paragraph beside a picture, one ending in a credit), bylines, time
    stamps, link lists, or boxes named for something else."""
    headline, found = None, []
    for el in m.order:
        if el is container:
            break
        if headline is not None and headline in el.iterancestors():
            continue
        inline = m.inline[el]
        if el.tag in BLOCK_TAGS and 0 < inline <= 2 * len(head_key) \
                and fold(_inline_text(el, m.skipped)) == head_key:
            headline, found = el, []
            continue
        if headline is None or el.tag not in _PARAGRAPH_TAGS or inline < _MIN_STANDFIRST \
                or m.inline_links[el] > _MAX_STANDFIRST_LINKS * inline or container in el.iterancestors():
            continue
        top = _common_ancestor([el, container])
        boxes = [el, *el.iterancestors()]
        boxes = boxes[:boxes.index(top)]
        if any(box.tag in _DROP_IN_BODY_TAGS or _is_region(box) or _marked(_class_tokens(box), _BOILER_CLASS)
               for box in boxes if box.tag != "header"):
            continue
        text = _inline_text(el, m.skipped)
        if not text.endswith(_SENTENCE_END) or is_boilerplate_line(text) or _TIMESTAMP.search(text) \
                or _BYLINE_START.match(text) or any(child.tag in _PICTURES for child in el.getparent()):
            continue
        found.append(text)
    if not found or sum(map(len, found)) > _MAX_STANDFIRST:
        return None
    return " ".join(found)


def description_printed(description: str | None, root, body: str | None) -> bool:
    """Whether the page under `root` prints its description outside the body: the standfirst."""
    if not description or len(description) < 20:
        return False
    key = fold(description)[:120]
    # The body first: it is a small part of the page's text, and often prints the description.
    return bool(key) and not in_folded(key[:60], body) and in_folded(key, root.text_content())


def _strip_boilerplate(container):
    """Remove the container's boilerplate subtrees (for callers that hold their own copy)."""
    m = _Measure(container)
    for el in _boilerplate(m, container):
        if el.getparent() is not None and el is not container:
            _drop(el)


def _is_data_table(table) -> bool:
    """A table of figures (one row a line), not a layout table holding paragraphs."""
    return table.find(".//p") is None and table.find(".//table") is None


# A line of at most this many words and characters, without a full stop, is a label ("Tags",
# "Related articles").
_LABEL_WORDS = 5
_LABEL_CHARS = 40
# A closing line shorter than this (characters) that ends in a colon announced a box left out.
_ANNOUNCEMENT = 100
# A box left out with this much text (characters) after a label is what the label introduced.
_MIN_GAP = 25
# A picture, a video or an embed: a box holding one is illustration, not a section of its own.
_MEDIA = etree.XPath("(.//img | .//picture | .//video | .//iframe | .//figure)[1]")


_BLANK_LINE = re.compile(r"\n\s*\n")
_PRINTED_URL = re.compile(r"(?:https?://|www\.)\S+$")


class Block(NamedTuple):
    kind: str   # 'p', 'h', 'list' (a list or a data table, one item or row a line) or 'gap'
    text: str
    links: int  # characters inside links; for a 'gap', the text size of the block left out
    box: object  # the element whose text it is (for a 'gap', the element left out)


def _emit(container, skip=frozenset()) -> list[tuple[str, str, int]]:
    """(kind, text, link characters) of the container's blocks, in document order."""
    return [(block.kind, block.text, block.links) for block in _blocks(container, skip)]


def _blocks(container, skip=frozenset(), text_of=None) -> list[Block]:
    """The container's blocks in document order.
    Elements in `skip` are left out (their tail text, which belongs to the parent, is kept). Given
    the text sizes of elements (`text_of`), a left-out block with text between two blocks is marked
    by a 'gap' block."""
    blocks: list[Block] = []
    buf: list[str] = []
    link_chars = [0]
    kind = ["p"]
    boxes = [container]  # the blocks open around the text in buf, innermost last

    def flush():
        text = "".join(buf)
        # A blank line inside one block comes from <br><br>: those are paragraphs of their own.
        chunks = [text] if kind[0] == "list" or "\n" not in text else _BLANK_LINE.split(text)
        for chunk in chunks:
            lines = [line for line in (clean(x) for x in chunk.split("\n")) if line]
            if lines:
                joined = "\n".join(lines) if kind[0] == "list" else " ".join(lines)
                links = link_chars[0] * len(joined) // max(len(text), 1)
                blocks.append(Block(kind[0], joined, links, boxes[-1]))
        buf.clear()
        link_chars[0] = 0
        kind[0] = "p"

    # Iterative to survive any nesting depth.
    stack = [(container, "enter", False, False)]
    while stack:
        node, phase, lst, lnk = stack.pop()
        if phase == "gap":
            if not "".join(buf).strip():
                blocks.append(Block("gap", "", text_of[node], node))
            continue
        if phase == "tail":
            if (tail := node.tail):   # read once: lxml makes a new string each time
                buf.append(tail)
                if lnk:
                    link_chars[0] += len(tail.strip())
            continue
        tag = node.tag
        if not isinstance(tag, str):
            tag = ""
        if phase == "exit":
            if tag in BLOCK_TAGS:
                if not lst:
                    flush()
                    boxes.pop()
                elif tag in _LINES:
                    buf.append("\n")
                else:  # a cell, or a paragraph inside a list item
                    buf.append(" ")
            continue
        starts_list = tag in _LISTS or (tag == "table" and _is_data_table(node))
        if tag == "br":
            buf.append("\n\n" if not lst else "\n")
        elif tag in BLOCK_TAGS and not lst:
            flush()
            boxes.append(node)
            if starts_list:
                kind[0] = "list"
            elif tag in _HEADINGS:
                kind[0] = "h"
        is_list = lst or starts_list
        is_link = lnk or tag == "a"
        stack.append((node, "exit", lst, lnk))
        for child in reversed(node):
            child_tag = child.tag
            stack.append((child, "tail", lst if child_tag != "li" else True, is_link))
            if child not in skip and isinstance(child_tag, str):
                stack.append((child, "enter", is_list, is_link))
            elif text_of and text_of.get(child) and child_tag in BLOCK_TAGS and not is_list \
                    and child_tag != "figure" and not _MEDIA(child):
                stack.append((child, "gap", lst, lnk))
        if (text := node.text):
            buf.append(text)
            if is_link:
                link_chars[0] += len(text.strip())
    flush()
    return blocks


def _boilerplate_paragraph(m: _Measure, el) -> bool:
    """is_boilerplate_line for a block's own paragraph."""
    return m.inline[el] <= _LONG_BLOCK and is_boilerplate_line(_inline_text(el, m.skipped))


def _is_label(text: str) -> bool:
    return (len(text) <= _LABEL_CHARS and len(text.split()) <= _LABEL_WORDS
            and not text.endswith(_SENTENCE_END))


# A block longer than this (characters) is article text whatever its words: the line rules are
# for labels and short lines, and cleaning a megabyte block again and again costs seconds.
_LONG_BLOCK = 2000


def is_boilerplate_line(text: str) -> bool:
    """Whether a block is boilerplate by its text: a label ("Advertisement"), a teaser ("Read
    more: ..."), a credit, an appeal to follow or subscribe, a time stamp or a byline."""
    if len(text) > _LONG_BLOCK and len(clean(text[:_LONG_BLOCK])) > _LONG_BLOCK // 2:
        return False
    t = clean(text)
    if not t:
        return True
    if _BOILER_LINE.match(t):
        return True
    if len(t) < 200 and (_BOILER_PREFIX.match(t) or _CREDIT_END.search(t)):
        return True
    if len(t) < _APPEAL_CHARS and _APPEAL_HINT.search(t) and _APPEAL.search(t):
        return True
    if len(t) < 90 and (not t.endswith(_SENTENCE_END) or _DATED.search(t)) and _TIMESTAMP.search(t) \
            and len(_WORD.findall(_TIMESTAMP.sub(" ", t))) <= 4:
        return True
    if len(t) < 90 and not t.endswith(_SENTENCE_END):
        if _BYLINE_START.match(t):
            names = t.replace(",", " ").split()[1:]
            # Names, joiners, and the date that often follows them ("von Anna Muster 30. Juni 2025").
            if 0 < len(names) <= 7 and all(w[0].isupper() or w[0].isdigit() or w.lower() in _NAME_JOINERS
                                           for w in names):
                return True
    return False


class Extracted(NamedTuple):
    body: str | None
    paywall: bool          # a paywall or registration-wall box on the page
    standfirst: str | None  # the standfirst set apart at the top of the article, left out of body


def extract_body(tree, *, headline: str | None = None, article_body: str | None = None,
                 description: str | None = None, container=None, names: Names | None = None) -> Extracted:
    """The body text, the paywall marker and the standfirst. The tree is not modified; `names`
    are its Document.names, when the caller has them."""
    root = tree.find("body")
    if root is None:
        root = tree
    names = names if names is not None else Names(tree)
    m = _Measure(root, names=names)
    paywall = has_paywall_marker(names)
    outside = ()
    if container is None:
        container, outside = _choose_container(m, article_body)
        if container is None or m.text[container] < _MIN_ARTICLE:
            # Nearly nothing is shown: the article may wait in a hidden block for a script to show it.
            shown = m.text[container] if container is not None else 0
            for block in _hidden_blocks(m):
                revealed = _Measure(block, reveal=True, names=names)
                found, found_outside = _choose_container(revealed, article_body)
                if found is not None and revealed.text[found] > max(2 * shown, _MIN_HIDDEN_ARTICLE):
                    m, container, outside = revealed, found, found_outside
                    break
    if container is None:
        return Extracted(None, paywall, None)
    if container not in m.text:  # a container the caller chose inside a hidden block
        m = _Measure(container, names=names)
    skip = _boilerplate(m, container)
    skip.update(outside)
    if (opening := _quoted_opening(m, container, skip, description)) is not None:
        skip.difference_update(set(opening.iter()) - m.skipped)
    lead = None
    if (standfirst := _standfirst(m, container, skip, description)) is not None:
        skip.difference_update(set(standfirst.iter()) - m.skipped)  # a box left out for its name
        lead = " ".join(text for _, text, _ in _emit(standfirst, skip)
                        if not is_boilerplate_line(text)) or None
        skip.add(standfirst)
    paragraphs = []
    head_key = fold(headline) if headline else None
    previous = None
    for kind, text, links, box in _blocks(container, skip, m.text):
        if kind == "gap":
            # A label just before a box left out introduced that box ("Tags", "Related articles").
            if paragraphs and links >= _MIN_GAP and _is_label(paragraphs[-1][1]):
                paragraphs.pop()
            continue
        if is_boilerplate_line(text):
            continue
        # A link whose text is a printed address (a source the article cites) is text, not navigation.
        if kind != "list" and links > 0.6 * len(text) and not _PRINTED_URL.match(text):
            continue
        # A repeat of the headline, or a short block repeating the one just before (a caption
        # printed twice). Repeats further apart are the article's own (a subheading per section).
        key = fold(text) if len(text) <= _LONG_BLOCK else None
        if key is not None and (key == head_key or (key == previous and len(text) < 200)):
            continue
        previous = key
        paragraphs.append((kind, text, box))
    # A closing heading or a short line that announces something ("Related topics:") lost what it
    # introduced (a box of links left out above); closing labels in boxes of their own, with no
    # prose beside them, are a box of links or contacts after the article. A paragraph that
    # announces something is still the article's, and so is a label among the article's
    # paragraphs (a signature).
    prose_boxes = {box.getparent() for kind, text, box in paragraphs if kind == "p" and not _is_label(text)}
    while len(paragraphs) > 1:
        kind, text, box = paragraphs[-1]
        if not (kind == "h" or (text.endswith(":") and len(text) < _ANNOUNCEMENT)
                or (kind == "p" and _is_label(text) and box.getparent() not in prose_boxes)):
            break
        paragraphs.pop()
    body = "\n\n".join(text for _, text, _ in paragraphs).strip()
    # A standfirst printed above the container, unless the page prints its description (the
    # parser's standfirst then).
    if lead is None and head_key and (above := _standfirst_above(m, container, head_key)) \
            and not description_printed(description, root, body):
        lead = above
    return Extracted(body or None, paywall, lead)
