"""The one way the site cleans what people type: nh3 (the Rust `ammonia` sanitiser) for every piece of
markup, then small text rules of our own (control characters, spaces, paragraphs).

- `plain_text`: text without markup, for fields stored as text (titles, summaries, names, messages).
  Scripts, styles and other code go with their content; markup hidden in entities is removed too.
  Control characters (NUL included, which PostgreSQL refuses) and bidirectional overrides are dropped.
- `paragraphs` / `paragraph_html` / `text_to_rich_text`: plain text as Wagtail rich text, every
  character escaped.
- `rich_text`: HTML that people may write (recruiters' offers) reduced to a list of elements, with safe
  links only, then in Wagtail's database format.

Templates escape text on output; these functions decide what is worth storing.
"""

import re
import unicodedata
from html import escape, unescape

import nh3
from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter
from wagtail.whitelist import allow_without_attributes

# Elements whose content is code or data, never text a reader should see: removed with their content.
HIDDEN_ELEMENTS = frozenset(
    {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math", "textarea", "select"}
)
# Elements that end a paragraph (a blank line in plain text); <br> ends a line.
BLOCK_ELEMENTS = frozenset(
    {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "section", "article", "ul", "ol"}
)
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_BLOCK_TAG = re.compile(r"</?(?:" + "|".join(sorted(BLOCK_ELEMENTS)) + r")\s*>", re.I)
_BREAK_TAG = re.compile(r"<br\s*/?>", re.I)
# Runs of spaces become one; a lone no-break space stays (French typography: « : », « 10 € »).
_SPACES = re.compile(r"[ \t\u00a0\u202f\u2000-\u200a\u205f\u3000]{2,}|[\t\u2000-\u200a\u205f\u3000]")
_BLANK_LINES = re.compile(r"\n{3,}")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_UNSAFE_URL = re.compile(r"^\s*(javascript|data|vbscript|file)\s*:", re.I)
_ENTITY = re.compile(r"&[#\w]*;?")


def without_control_characters(value: str, *, keep: str = "\n\t") -> str:
    """`value` without control and format characters (NUL, bell, bidirectional overrides, zero-width
    joiners...), except those in `keep`. PostgreSQL refuses NUL in text; the others mislead readers."""
    return "".join(char for char in value if char in keep or unicodedata.category(char)[0] != "C")


def _markup_to_text(value: str) -> str:
    """One round: markup removed (hidden elements with their content, block ends as blank lines)."""
    allowed = nh3.clean(
        value,
        tags=set(BLOCK_ELEMENTS) | {"br"},
        attributes={},
        clean_content_tags=set(HIDDEN_ELEMENTS),
        strip_comments=True,
        link_rel=None,
    )
    allowed = _BREAK_TAG.sub("\n", allowed)
    allowed = _BLOCK_TAG.sub("\n\n", allowed)
    return unescape(nh3.clean(allowed, tags=set(), attributes={}, clean_content_tags=set(HIDDEN_ELEMENTS)))


def plain_text(value, *, multiline: bool = True, max_length: int | None = None) -> str:
    """Plain text from what someone typed or pasted: markup removed (scripts with their content, markup
    hidden in entities too), control characters dropped, spaces tidied; with `multiline`, paragraphs
    (blank lines) and line breaks kept, otherwise one line. Cut at `max_length` characters."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    text = without_control_characters(text)
    for _round in range(3):  # "&lt;script&gt;" decodes to markup, removed at the next round
        cleaned = _markup_to_text(text)
        if cleaned == text:
            break
        text = cleaned
    else:
        if _markup_to_text(text) != text:
            # Markup under more layers of entities than anyone types: what is left of the entities is dropped,
            # not decoded again, so that cleaning the result a second time leaves it as it is.
            text = _markup_to_text(_ENTITY.sub("", text))
    # What still looks like markup is text (« Coût < 10 € »): shown as such, never re-read as markup.
    text = text.replace("<", "‹").replace(">", "›")
    text = without_control_characters(text).replace("\t", " ")
    if multiline:
        lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
        text = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    else:
        text = _SPACES.sub(" ", text.replace("\n", " ")).strip()
    if max_length is not None and len(text) > max_length:
        text = text[:max_length].rstrip()
    return text


def single_line(value, *, max_length: int | None = None) -> str:
    """`plain_text` on one line: titles, names, places."""
    return plain_text(value, multiline=False, max_length=max_length)


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a plain text: blocks separated by blank lines."""
    return [block.strip() for block in _PARAGRAPH_BREAK.split(text or "") if block.strip()]


def paragraph_html(paragraph: str) -> str:
    """One paragraph of plain text as rich text: escaped, single line breaks kept."""
    return "<p>" + "<br/>".join(escape(line, quote=False) for line in paragraph.split("\n")) + "</p>"


def text_to_rich_text(value) -> str:
    """Plain text (cleaned here) as Wagtail rich text: one paragraph per block, line breaks kept."""
    return "".join(paragraph_html(block) for block in paragraphs(plain_text(value)))


def is_safe_url(value: str | None) -> bool:
    """False for links that run code or smuggle data (javascript:, data:, vbscript:, file:)."""
    return not (value and _UNSAFE_URL.match(without_control_characters(value, keep="")))


# Rich text: Wagtail editor features → the elements and attributes nh3 keeps for them.
FEATURE_ELEMENTS = {
    "h2": {"h2"},
    "h3": {"h3"},
    "h4": {"h4"},
    "bold": {"b", "strong"},
    "italic": {"i", "em"},
    "ol": {"ol", "li"},
    "ul": {"ul", "li"},
    "link": {"a"},
    "blockquote": {"blockquote"},
}
_LOOKS_LIKE_HTML = re.compile(r"<[a-zA-Z/!]")


def rich_text(value, features) -> str:
    """What a person wrote as Wagtail rich text limited to `features` (editor feature names).

    Plain text (no markup) becomes escaped paragraphs. HTML keeps only the features' elements, paragraphs
    and line breaks, links with http(s) or mailto addresses; scripts, styles and frames go with their
    content, every attribute but `href` goes. The result is in Wagtail's database format."""
    text = without_control_characters(unicodedata.normalize("NFC", str(value or "")).replace("\r\n", "\n")).strip()
    if not text:
        return ""
    if not _LOOKS_LIKE_HTML.search(text):
        return "".join(paragraph_html(block) for block in paragraphs(text))
    tags = {"p", "br"}.union(*(FEATURE_ELEMENTS.get(feature, set()) for feature in features))
    cleaned = nh3.clean(
        text,
        tags=tags,
        attributes={"a": {"href"}} if "a" in tags else {},
        clean_content_tags=set(HIDDEN_ELEMENTS),
        url_schemes=set(URL_SCHEMES),
        strip_comments=True,
        link_rel=None,
    )
    converter = EditorHTMLConverter(features=list(features))
    if "blockquote" in tags:  # Draftail's blockquote has no rule for this converter, which would drop it
        converter.whitelister.element_rules["blockquote"] = allow_without_attributes
    return converter.to_database_format(cleaned).strip()


_SIMPLE_PARAGRAPHS = re.compile(r"^(<p>.*?</p>)+$", re.DOTALL)
_ONLY_PARAGRAPH_MARKUP = re.compile(r"<(?!/?p>|br/?>)")


def rich_text_for_editing(html: str) -> str:
    """Stored rich text back in a plain form field: paragraphs as plain text when that is all it holds."""
    html = (html or "").strip()
    if _SIMPLE_PARAGRAPHS.match(html) and not _ONLY_PARAGRAPH_MARKUP.search(html):
        blocks = re.findall(r"<p>(.*?)</p>", html, re.DOTALL)
        return unescape("\n\n".join(re.sub(r"<br\s*/?>", "\n", block) for block in blocks))
    return html
