"""What a page says to a person, and the notation that must not reach applicants and
officers: rule codes, §, ISO dates in sentences, Django's empty choice, English sentences."""

import re
from html.parser import HTMLParser

RULE_CODE = re.compile(r"(?<![A-Za-z0-9])[ETLPDC]\d{1,2}(?![0-9A-Za-z])")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
EMPTY_CHOICE = "---------"
ENGLISH_SENTENCE = re.compile(r"[A-Za-z]{2,}(?:[ ,'’-]+[A-Za-z]{2,}){3,}")
SKIPPED = {"script", "style", "title", "code"}


class _Text(HTMLParser):
    """The visible text and the text of options, labels, titles and confirmations."""

    def __init__(self):
        super().__init__()
        self.parts, self.skipping = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.skipping += 1
        for name, value in attrs:
            if name in ("title", "data-confirm", "aria-label", "placeholder", "data-label") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in SKIPPED and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.parts.append(data.strip())


def page_text(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.parts


def notation(html: str) -> list[str]:
    """Every piece of text a person should not have to decode, with the reason."""
    found = []
    for text in page_text(html):
        for pattern, reason in ((RULE_CODE, "rule code"), (ISO_DATE, "ISO date"), (ENGLISH_SENTENCE, "English")):
            if pattern.search(text):
                found.append(f"{reason}: {text[:120]}")
        if "§" in text:
            found.append(f"§: {text[:120]}")
        if EMPTY_CHOICE in text:
            found.append(f"empty choice: {text[:120]}")
    return found
