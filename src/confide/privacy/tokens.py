"""Words of a text with their offsets, and where sentences begin."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’.-](?=[^\W\d_]))*(?:['’]s\b)?")
_BOUNDARY = frozenset('.!?:;\n"“”()[]*•–—-|>')


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    sentence_start: bool

    @property
    def base(self) -> str:
        """Lowercase, without a possessive "'s"."""
        word = self.text
        if word[-2:] in ("'s", "’s"):
            word = word[:-2]
        return word.casefold()

    @property
    def name_end(self) -> int:
        """End offset without a possessive "'s"."""
        return self.end - 2 if self.text[-2:] in ("'s", "’s") else self.end

    @property
    def capitalized(self) -> bool:
        return self.text[0].isupper() and not (len(self.text) > 1 and self.text.isupper())


def wordset(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string."""
    return frozenset(words.split())


_ABBREVIATIONS = wordset(
    "mr mrs ms mx dr st jr sr prof rev fr lt sgt capt det vs no apt ave blvd rd"
)


def _starts_sentence(text: str, start: int, previous: Token | None) -> bool:
    last = start - 1  # the last character before the word that is not a space or a tab
    while last >= 0 and text[last] in " \t":
        last -= 1
    if last < 0:
        return True
    if text[last] != ".":
        return text[last] in _BOUNDARY
    if previous is None or previous.end != last:
        return True
    word = previous.text
    return not (len(word) == 1 and word.isupper()) and word.casefold() not in _ABBREVIATIONS


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    for m in _WORD.finditer(text):
        previous = tokens[-1] if tokens else None
        starts = _starts_sentence(text, m.start(), previous)
        tokens.append(Token(m.start(), m.end(), m.group(), starts))
    return tokens
