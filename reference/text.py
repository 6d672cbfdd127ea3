"""Name normalisation shared by the loader (stored `search_name`) and the searches (typed queries)."""

import re
import unicodedata

# Letters that Unicode decomposition does not turn into ASCII but French names use.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
# Abbreviations people type for the words that start thousands of commune names.
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def normalise(text: str) -> str:
    """Lower case ASCII words separated by single spaces: "Saint-Étienne" → "saint etienne".

    Everything but letters and digits (hyphens, apostrophes, punctuation, SQL wildcards, control
    characters, emoji) becomes a separator, so the result is safe to use in any query.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    return _NOT_ALNUM.sub(" ", stripped).strip()


def expand_abbreviations(normalised: str, *, keep_last: bool) -> str:
    """Spell out "st"/"ste": "st etienne" → "saint etienne".

    With `keep_last`, the last word is left alone because it may be the start of a longer word the
    person is still typing ("st" → Strasbourg).
    """
    words = normalised.split()
    last = len(words) - 1
    return " ".join(
        word if keep_last and index == last else ABBREVIATIONS.get(word, word) for index, word in enumerate(words)
    )
