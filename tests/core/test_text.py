"""The one text cleaner (`core.text`, nh3 then our own rules): plain text for fields stored as text, rich
text limited to an editor's features, and the links that may be kept."""

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.text import (
    is_safe_url,
    paragraph_html,
    paragraphs,
    plain_text,
    rich_text,
    rich_text_for_editing,
    single_line,
    text_to_rich_text,
    without_control_characters,
)

ALL_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "blockquote"]
# Hypothesis: few examples per test (the suite stays fast), no deadline (nh3 warms up on the first call),
# no example database written into the project.
PROPERTIES = settings(max_examples=50, deadline=None, database=None)


# --- plain_text: markup ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("<b>Forum</b> de l’<i>emploi</i>", "Forum de l’emploi"),
        ("<script>alert('x')</script>Bonjour", "Bonjour"),
        ("<SCRIPT type='text/javascript'>document.cookie</SCRIPT>Bonjour", "Bonjour"),
        ("<style>body { display: none }</style>Visible", "Visible"),
        ("<iframe src='https://pirate.example'>cadre</iframe>Texte", "Texte"),
        ("<svg><script>alert(1)</script><text>dessin</text></svg>Texte", "Texte"),
        ("<textarea>caché</textarea><select><option>choix</option></select>Texte", "Texte"),
        ("<noscript>sans js</noscript><template><p>modèle</p></template>Texte", "Texte"),
        ("<object data='x.swf'>objet</object><embed src='x'>Texte", "Texte"),
        ("Avant<!-- un commentaire <b>caché</b> -->après", "Avantaprès"),
        ("<a href='javascript:alert(1)' onclick='x()'>le lien</a>", "le lien"),
        ("<img src=x onerror=alert(1)>Photo", "Photo"),
    ],
)
def test_markup_goes_and_code_goes_with_its_content(value, expected):
    assert plain_text(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "&lt;script&gt;alert(1)&lt;/script&gt;Salut",  # markup written as entities
        "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;Salut",  # ... twice
        "&#60;script&#62;alert(1)&#60;/script&#62;Salut",  # decimal references
        "&#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E;Salut",  # hexadecimal references
        "&lt;<b></b>script&gt;alert(1)&lt;/script&gt;Salut",  # entities around an element
    ],
)
def test_markup_hidden_in_entities_is_removed_too(value):
    assert plain_text(value) == "Salut"


def test_an_image_hidden_in_entities_leaves_nothing():
    assert plain_text("&lt;img src=x onerror=alert(1)&gt;") == ""
    assert plain_text("Légende &#60;img src=x onerror=alert(1)&#62;") == "Légende"


def entity_layers(text: str, layers: int) -> str:
    for _layer in range(layers):
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def test_markup_under_three_layers_of_entities_is_removed():
    assert plain_text(entity_layers("<script>alert(1)</script>Salut", 3)) == "Salut"
    assert plain_text(entity_layers("Tom & Jerry", 3)) == "Tom & Jerry"


@pytest.mark.parametrize("layers", [4, 5, 8, 20])
def test_markup_under_more_layers_of_entities_leaves_a_stable_text_without_it(layers):
    """However deep the entities, the result is inert text that a second cleaning leaves as it is (a form
    shown again, then sent again, must not change what was written)."""
    cleaned = plain_text(entity_layers("<script>alert(1)</script>Salut", layers))
    assert not {"<", ">", "&"} & set(cleaned)
    assert cleaned.endswith("Salut")
    assert plain_text(cleaned) == cleaned


def test_entities_of_real_text_are_decoded_once():
    assert plain_text("Tom &amp; Jerry, R&D, 5&nbsp;%") == "Tom & Jerry, R&D, 5\u00a0%"
    assert plain_text("Crème brûlée &eacute;t&eacute;") == "Crème brûlée été"
    assert plain_text("Tom &amp;amp; Jerry") == "Tom & Jerry"  # double-encoded by some other site


def test_what_only_looks_like_markup_stays_visible_as_text():
    assert plain_text("Coût < 10 € et > 5 €") == "Coût ‹ 10 € et › 5 €"
    assert plain_text("Je <3 l’ESS") == "Je ‹3 l’ESS"
    assert plain_text("a<b") == "a"  # but "<b" starts an element, as in any browser


# --- plain_text: characters ------------------------------------------------------------------------


def test_nul_and_other_control_characters_are_dropped():
    assert plain_text("Lyo\x00n\x07\x08\x1b\x7f") == "Lyon"
    assert plain_text("a\x0bb\x0cc") == "abc"  # vertical tab, form feed
    assert plain_text("col1\tcol2") == "col1 col2"  # a tab is a space


def test_bidirectional_overrides_and_invisible_format_characters_are_dropped():
    # "facture_‮fdp.exe" shows as "facture_exe.pdf" with the right-to-left override.
    assert plain_text("facture_\u202efdp.exe") == "facture_fdp.exe"
    assert plain_text("\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069texte") == "texte"
    assert plain_text("mot\u200bcaché\u200d\ufeff") == "motcaché"  # zero-width space, joiner, BOM


def test_french_no_break_spaces_are_kept():
    assert plain_text("Prix\u00a0: 10\u202f€ !") == "Prix\u00a0: 10\u202f€ !"
    assert plain_text("« Bonjour\u202f»") == "« Bonjour\u202f»"
    assert single_line("Réunion\u00a0: 14\u202fh") == "Réunion\u00a0: 14\u202fh"


def test_runs_of_spaces_become_one_and_lines_are_trimmed():
    assert plain_text("  Un   deux \u00a0 trois\u2003quatre  ") == "Un deux trois quatre"
    assert plain_text("Un  \n   deux") == "Un\ndeux"


def test_text_is_normalised_to_composed_characters():
    assert plain_text("e\u0301te\u0301") == "été" == unicodedata.normalize("NFC", "e\u0301te\u0301")


def test_none_and_non_strings():
    assert plain_text(None) == ""
    assert plain_text("") == ""
    assert plain_text(2024) == "2024"


# --- plain_text: lines, paragraphs, length ---------------------------------------------------------


def test_paragraphs_and_line_breaks_are_kept_on_several_lines():
    value = "<p>Premier <b>paragraphe</b>.</p><p>Second</p>Ligne<br>suivante<br/>et fin"
    assert plain_text(value) == "Premier paragraphe.\n\nSecond\n\nLigne\nsuivante\net fin"


def test_line_endings_become_newlines_and_blank_lines_at_most_one():
    assert plain_text("Un\r\nDeux\rTrois\n\n\n\n\nQuatre") == "Un\nDeux\nTrois\n\nQuatre"


def test_on_one_line_everything_is_joined_by_a_space():
    assert plain_text("<p>Un</p><p>Deux</p>\nTrois", multiline=False) == "Un Deux Trois"
    assert single_line("Titre\r\n sur\tdeux lignes") == "Titre sur deux lignes"


def test_max_length_cuts_the_cleaned_text():
    assert plain_text("<b>abcdef</b>ghij", max_length=6) == "abcdef"
    assert plain_text("abc    def", max_length=5) == "abc d"
    assert plain_text("abc def", max_length=4) == "abc"  # no trailing space
    assert plain_text("court", max_length=50) == "court"
    assert single_line("Un titre bien trop long", max_length=8) == "Un titre"


# --- plain_text: properties ------------------------------------------------------------------------

# Text full of what a cleaner finds hard: markup, entities, controls, spaces and line ends.
TRICKY = st.lists(
    st.sampled_from(
        list("<>&#;/!-=\"' \n\r\t\x00\x07\x1b\u00a0\u202f\u202e\u200babpilscrt") + ["lt;", "gt;", "amp;", "script"]
    ),
    max_size=60,
).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=200), TRICKY)


def forbidden_characters(text: str, allowed: str) -> set[str]:
    return {char for char in text if char in "<>\x00" or (unicodedata.category(char)[0] == "C" and char not in allowed)}


@PROPERTIES
@given(ANY_TEXT)
def test_plain_text_never_returns_markup_signs_nul_or_control_characters(value):
    assert forbidden_characters(plain_text(value), allowed="\n") == set()
    assert forbidden_characters(single_line(value), allowed="") == set()


@PROPERTIES
@given(ANY_TEXT, st.booleans())
def test_plain_text_is_idempotent(value, multiline):
    once = plain_text(value, multiline=multiline)
    assert plain_text(once, multiline=multiline) == once


@PROPERTIES
@given(st.text(), st.booleans(), st.one_of(st.none(), st.integers(min_value=0, max_value=300)))
def test_plain_text_never_raises_on_any_text(value, multiline, max_length):
    result = plain_text(value, multiline=multiline, max_length=max_length)
    assert isinstance(result, str)
    if max_length is not None:
        assert len(result) <= max_length


# --- Plain text as rich text -----------------------------------------------------------------------


def test_paragraphs_are_the_blocks_between_blank_lines():
    assert paragraphs("Un\n\n\nDeux\n \nTrois\nsuite") == ["Un", "Deux", "Trois\nsuite"]
    assert paragraphs("") == [] and paragraphs(None) == []


def test_a_paragraph_is_escaped_with_its_line_breaks():
    assert paragraph_html("Tom & Jerry <3\n<b>deux</b>") == "<p>Tom &amp; Jerry &lt;3<br/>&lt;b&gt;deux&lt;/b&gt;</p>"


def test_text_to_rich_text_cleans_then_makes_paragraphs():
    value = "<script>x</script>Programme :\n\nAteliers & débats\nle matin.\x00"
    assert text_to_rich_text(value) == "<p>Programme :</p><p>Ateliers &amp; débats<br/>le matin.</p>"
    assert text_to_rich_text("") == "" and text_to_rich_text(None) == ""


# --- Links -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "  JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "java\x00script:alert(1)",
        "\u200bjavascript:alert(1)",
        "javascript :alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "DATA:image/svg+xml,<svg/onload=alert(1)>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
    ],
)
def test_links_that_run_code_or_smuggle_data_are_unsafe(url):
    assert not is_safe_url(url)


@pytest.mark.parametrize(
    "url", ["https://www.exemple.fr/page", "http://exemple.fr", "mailto:contact@exemple.fr", "/contact/", "", None]
)
def test_ordinary_links_are_safe(url):
    assert is_safe_url(url)


# --- rich_text -------------------------------------------------------------------------------------


def test_plain_text_becomes_escaped_paragraphs():
    assert rich_text("Bonjour\n\nDeux lignes\nici & là, 3 < 4", ["bold"]) == (
        "<p>Bonjour</p><p>Deux lignes<br/>ici &amp; là, 3 &lt; 4</p>"
    )
    assert rich_text("Un\r\n\r\nDeux", []) == "<p>Un</p><p>Deux</p>"


def test_nothing_gives_nothing():
    assert rich_text("", ALL_FEATURES) == ""
    assert rich_text(None, ALL_FEATURES) == ""
    assert rich_text(" \x00\u202e \n", ALL_FEATURES) == ""


@pytest.mark.parametrize(
    "feature, html",
    [
        ("h2", "<h2>Titre</h2>"),
        ("h3", "<h3>Titre</h3>"),
        ("h4", "<h4>Titre</h4>"),
        ("bold", "<p><b>gras</b> et <strong>fort</strong></p>"),
        ("italic", "<p><i>penché</i> et <em>appuyé</em></p>"),
        ("ul", "<ul><li>un</li><li>deux</li></ul>"),
        ("ol", "<ol><li>un</li><li>deux</li></ol>"),
        ("link", '<p><a href="https://www.exemple.fr/offre">l’offre</a></p>'),
        ("blockquote", "<blockquote>Une citation</blockquote>"),
    ],
)
def test_each_feature_keeps_its_elements(feature, html):
    assert rich_text(html, [feature]) == html


def test_a_quotation_keeps_the_elements_of_the_other_features_without_attributes():
    html = '<blockquote cite="https://exemple.fr" class="x">Une <b>citation</b></blockquote>'
    assert rich_text(html, ["blockquote", "bold"]) == "<blockquote>Une <b>citation</b></blockquote>"


@pytest.mark.parametrize(
    "html, text",
    [
        ("<h2>Titre</h2>", "Titre"),
        ("<p><b>gras</b> <i>penché</i></p>", "<p>gras penché</p>"),
        ("<ul><li>un</li></ul>", "un"),
        ('<p><a href="https://www.exemple.fr/">lien</a></p>', "<p>lien</p>"),
        ("<blockquote>citation</blockquote>", "citation"),
    ],
)
def test_elements_of_features_not_asked_for_go_but_their_text_stays(html, text):
    assert rich_text(html, []) == text


def test_elements_of_no_feature_go_and_paragraphs_and_line_breaks_stay():
    html = (
        "<h1>Grand</h1><h5>petit</h5><p>Un<br>deux <u>souligné</u> <span>x</span></p><table><tr><td>c</td></tr></table>"
    )
    assert rich_text(html, ALL_FEATURES) == "Grandpetit<p>Un<br/>deux souligné x</p>c"


def test_code_and_frames_go_with_their_content():
    html = (
        "<script>alert(1)</script><style>p{color:red}</style><iframe src='https://x.example'>cadre</iframe>"
        "<object>objet</object><embed embedtype='image' id='1'/><form><input name='a'></form>"
        "<math><mi>x</mi></math><svg><circle/></svg><!-- commentaire --><p>Texte</p>"
    )
    assert rich_text(html, ALL_FEATURES) == "<p>Texte</p>"


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "  JaVaScRiPt:alert(1)",
        "java&#x09;script:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "ftp://exemple.fr/fichier",
    ],
)
def test_links_other_than_http_and_mailto_lose_their_address(href):
    assert rich_text(f'<a href="{href}">cliquez</a>', ["link"]) == "<a>cliquez</a>"


def test_http_https_and_mailto_links_are_kept():
    html = '<a href="http://a.fr">a</a> <a href="https://b.fr/x?y=1">b</a> <a href="mailto:c@d.fr">c</a>'
    assert rich_text(html, ["link"]) == html


def test_every_attribute_but_href_goes():
    html = (
        '<p class="x" style="color:red" onclick="alert(1)" id="p1">'
        '<a href="https://exemple.fr" target="_blank" onmouseover="alert(1)" rel="opener">lien</a>'
        '<b style="font-size:99px" title="t">gras</b></p>'
    )
    assert rich_text(html, ["link", "bold"]) == '<p><a href="https://exemple.fr">lien</a><b>gras</b></p>'


def test_links_to_the_sites_own_pages_and_documents_cannot_be_forged():
    """Wagtail's database format links to pages and documents by id: never from what people write."""
    html = '<a linktype="page" id="3">page</a><a linktype="document" id="7">doc</a>'
    assert rich_text(html, ["link", "document-link"]) == "<a>page</a><a>doc</a>"


def test_control_and_bidi_characters_are_dropped_from_rich_text():
    assert rich_text("<p>a\x00b\u202ec\u200bd</p>", ["bold"]) == "<p>abcd</p>"


# --- rich_text_for_editing -------------------------------------------------------------------------


def test_simple_paragraphs_come_back_as_the_plain_text_written():
    text = "Premier paragraphe & suite.\n\nSecond paragraphe\nsur deux lignes, 3 < 4 > 2."
    stored = rich_text(text, ["bold"])
    assert stored == (
        "<p>Premier paragraphe &amp; suite.</p><p>Second paragraphe<br/>sur deux lignes, 3 &lt; 4 &gt; 2.</p>"
    )
    assert rich_text_for_editing(stored) == text
    assert rich_text(rich_text_for_editing(stored), ["bold"]) == stored


def test_rich_text_with_other_elements_comes_back_as_it_is():
    for stored in ("<p><b>gras</b></p>", "<p>a</p><ul><li>x</li></ul>", "<h2>Titre</h2>"):
        assert rich_text_for_editing(stored) == stored
    assert rich_text_for_editing("") == "" and rich_text_for_editing(None) == ""


def test_typed_entities_come_back_as_typed():
    text = "Écrire &amp; pour une esperluette, &lt;b&gt; pour du gras"
    assert rich_text_for_editing(rich_text(text, [])) == text


# Text people type in a plain text area: no markup, but entities, signs and spaces.
PLAIN_PIECES = list("abcé &;#<>\"'\u00a0.\n") + ["amp;", "lt;", "\n\n"]
PLAIN_WORDS = st.lists(st.sampled_from(PLAIN_PIECES), max_size=60).map("".join)


@PROPERTIES
@given(PLAIN_WORDS.filter(lambda text: not re.search(r"<[a-zA-Z/!]", text)))
def test_plain_text_round_trips_through_rich_text(text):
    stored = rich_text(text, ALL_FEATURES)
    expected = "\n\n".join(paragraphs(text.strip()))
    assert rich_text_for_editing(stored) == expected


def test_without_control_characters_can_keep_some():
    assert without_control_characters("a\tb\nc\x00d\u202e") == "a\tb\ncd"
    assert without_control_characters("a\tb\nc", keep="") == "abc"
