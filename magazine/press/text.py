"""The text of a press release: kept as plain text, any markup removed, scripts with their content."""

import hashlib
import re
import unicodedata
from html import escape
from html.parser import HTMLParser

# Elements whose content is code or data, never text a reader should see.
DROPPED_ELEMENTS = {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math"}
# Elements that end a paragraph (a blank line in the text); <br> ends a line.
BLOCK_ELEMENTS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "section", "article"}


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropped_depth = 0

    def _break(self, tag):
        if not self.dropped_depth:
            if tag == "br":
                self.parts.append("\n")
            elif tag in BLOCK_ELEMENTS:
                self.parts.append("\n\n")

    def handle_starttag(self, tag, attrs):
        if tag in DROPPED_ELEMENTS:
            self.dropped_depth += 1
        else:
            self._break(tag)

    def handle_startendtag(self, tag, attrs):
        self._break(tag)

    def handle_endtag(self, tag):
        if tag in DROPPED_ELEMENTS:
            self.dropped_depth = max(0, self.dropped_depth - 1)
        else:
            self._break(tag)

    def handle_data(self, data):
        if not self.dropped_depth:
            self.parts.append(data)


def plain_text(value: str) -> str:
    """The text without markup: tags removed, scripts and styles removed with their content,
    control characters dropped, paragraphs (blank lines) kept, spaces tidied."""
    extractor = _TextExtractor()
    extractor.feed(value or "")
    extractor.close()
    text = "".join(extractor.parts)
    text = "".join(char for char in text if char in "\n\t" or unicodedata.category(char)[0] != "C")
    text = text.replace("\t", " ")
    lines = [re.sub(r"[ \u00a0]{2,}", " ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a plain text: blocks separated by blank lines."""
    return [block.strip() for block in re.split(r"\n\s*\n", text or "") if block.strip()]


def paragraph_html(paragraph: str) -> str:
    """One paragraph as safe rich text: escaped, single line breaks kept."""
    return "<p>" + "<br/>".join(escape(line) for line in paragraph.split("\n")) + "</p>"


def content_hash(title: str, text: str) -> str:
    """A fingerprint of a release, insensitive to case, accents-preserving, and to spacing."""
    normalised = " ".join(f"{title}\n{text}".casefold().split())
    return hashlib.sha256(normalised.encode()).hexdigest()
