"""Excerpts of a result with the searched words marked: the text is escaped first, piece by piece, and
only then are <mark> elements put around the words that match, so nothing typed or stored is ever read as
markup."""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import mark_safe

WORD = re.compile(r"\w+", re.UNICODE)
EXCERPT_WORDS = 40
MAX_TERMS = 8


def fold(text: str) -> str:
    """Lower case without accents: « Économie » → « economie »."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def stems(query: str) -> list[str]:
    """A crude French root of each searched word (accents folded, plural and feminine endings cut), enough
    to mark « coopératives » for « coopérative »: PostgreSQL found the result, this only shows where."""
    roots = []
    for word in WORD.findall(fold(query))[:MAX_TERMS]:
        if len(word) < 3:
            continue
        root = re.sub(r"(es|s|e|x)$", "", word) if len(word) > 4 else word
        roots.append(root[: max(4, len(root) - 2)] if len(root) > 6 else root)
    return roots


def matches(word: str, roots: list[str]) -> bool:
    folded = fold(word)
    return any(folded.startswith(root) for root in roots)


def highlight(text: str, query: str, *, words: int = EXCERPT_WORDS) -> str:
    """An escaped excerpt of `text` (`words` words around the first match, or its start) with the
    matching words in <mark>."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    roots = stems(query)
    tokens = re.split(r"(\w+)", text)  # odd indexes are words
    word_indexes = list(range(1, len(tokens), 2))
    first = next((i for i in word_indexes if matches(tokens[i], roots)), None) if roots else None
    start_word = 0
    if first is not None:
        start_word = max(0, word_indexes.index(first) - words // 4)
    end_word = start_word + words
    begin = word_indexes[start_word] if start_word < len(word_indexes) else 0
    end = word_indexes[end_word] if end_word < len(word_indexes) else len(tokens)
    pieces = ["… " if start_word > 0 else ""]
    for i in range(begin if start_word > 0 else 0, end):
        token = tokens[i]
        if i % 2 == 1 and roots and matches(token, roots):
            pieces.append(f"<mark>{escape(token)}</mark>")
        else:
            pieces.append(escape(token))
    if end < len(tokens):
        pieces.append(" …")
    return mark_safe("".join(pieces).strip())  # noqa: S308 - every piece escaped above
