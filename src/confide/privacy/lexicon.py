"""Word lists shipped in `privacy/data/`, read once. See `data/README.md` for their sources."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Lowercase word sets the name detector consults."""

    first_names: frozenset[str]
    last_names: frozenset[str]
    common_words: frozenset[str]
    nicknames: dict[str, frozenset[str]]
    english_words: frozenset[str] = frozenset()  # every lowercase dictionary word
    terms: frozenset[str] = frozenset()  # capitalized words of notes that are not names
    places: frozenset[str] = frozenset()  # towns and cities, as `places.place_key` writes them
    regions: frozenset[str] = frozenset()  # countries and states: too large to identify
    chains: frozenset[str] = frozenset()  # chain stores and employers, words joined by spaces

    def is_name(self, word: str) -> bool:
        return word in self.first_names or word in self.last_names

    def is_word(self, word: str) -> bool:
        """An English word or a term of notes: not an unknown name on its own."""
        return word in self.english_words or word in self.common_words or word in self.terms

    def variants(self, name: str) -> frozenset[str]:
        """The name and the nicknames or formal names it goes with (lowercase)."""
        return self.nicknames.get(name, frozenset()) | {name}


def _lines(name: str) -> list[str]:
    text = resources.files("confide.privacy").joinpath("data", name).read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def _nicknames(lines: list[str]) -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for line in lines:
        formal, _, short = line.partition(":")
        family = {formal.strip(), *(s.strip() for s in short.split(",") if s.strip())}
        for member in family:
            groups.setdefault(member, set()).update(family)
    return {name: frozenset(family) for name, family in groups.items()}


def _words(name: str) -> frozenset[str]:
    return frozenset(word for line in _lines(name) for word in line.split())


@cache
def lexicon() -> Lexicon:
    nicknames = _nicknames(_lines("nicknames.txt"))
    return Lexicon(
        first_names=frozenset(_lines("first_names.txt")) | frozenset(nicknames),
        last_names=frozenset(_lines("last_names.txt")),
        common_words=frozenset(_lines("common_words.txt")),
        nicknames=nicknames,
        english_words=frozenset(_lines("english_words.txt")),
        terms=_words("terms.txt"),
        places=frozenset(_lines("places.txt")),
        regions=frozenset(_lines("regions.txt")),
        chains=frozenset(" ".join(line.casefold().split()) for line in _lines("chains.txt")),
    )
