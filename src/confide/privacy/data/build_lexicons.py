"""Regenerate the word lists in this folder. Run by hand, never at run time.

    python src/confide/privacy/data/build_lexicons.py DICTIONARY

Needs `faker` (already a runtime dependency), `wordfreq` (a development tool only) and an
English spelling dictionary with proper nouns capitalized (the word list of Debian's
`wamerican` package), passed as DICTIONARY. The lists it writes are plain text, one
lowercase word a line, so `confide.privacy` reads them with the standard library alone.
"""

from __future__ import annotations

import importlib
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from wordfreq import top_n_list, zipf_frequency  # type: ignore[import-not-found, unused-ignore]

HERE = Path(__file__).resolve().parent

# Latin-script name lists of Faker locales whose names are common in the United States.
LOCALES = (
    "en", "en_US", "en_GB", "en_IE", "en_NZ", "en_IN", "en_NG", "en_KE", "en_PK",
    "es", "es_MX", "es_ES", "es_CO", "es_AR", "pt_BR", "pt_PT", "fr_FR", "fr_CA", "it_IT",
    "de_DE", "pl_PL", "vi_VN", "ga_IE", "nl_NL", "ro_RO", "yo_NG", "ig_NG", "tw_GH",
)  # fmt: skip
COMMON_ZIPF = 3.0  # about once in a million words or more often
COMMON_TOP_N = 60_000


def _words(values: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for value in values:
        for part in value.replace("-", " ").split():
            word = part.strip(".'").casefold()
            if len(word) >= 2 and all((c.isalpha() and _latin(c)) or c == "'" for c in word):
                out.add(word)
    return out


def _latin(char: str) -> bool:
    return char == "'" or "LATIN" in unicodedata.name(char, "")


def _attr(provider: type, names: tuple[str, ...]) -> set[str]:
    out: set[str] = set()
    for name in names:
        values = getattr(provider, name, None)
        if values:
            out |= _words(values)
    return out


def names_from_faker() -> tuple[set[str], set[str]]:
    first: set[str] = set()
    last: set[str] = set()
    for locale in LOCALES:
        try:
            module = importlib.import_module(f"faker.providers.person.{locale}")
        except ModuleNotFoundError:
            continue
        provider = module.Provider
        first |= _attr(provider, ("first_names", "first_names_male", "first_names_female"))
        last |= _attr(provider, ("last_names", "last_names_male", "last_names_female"))
    return first, last


def common_words(dictionary: Path) -> set[str]:
    """Lowercase entries of the dictionary (proper nouns are capitalized there) that wordfreq
    counts as common. A name that is also such a word ("hope", "rich") needs context."""
    entries = dictionary.read_text(encoding="utf-8").split()
    lower = {w for w in entries if w.islower() and "'" not in w}
    return {
        w for w in top_n_list("en", COMMON_TOP_N)
        if w in lower and zipf_frequency(w, "en") >= COMMON_ZIPF
    }  # fmt: skip


def english_words(dictionary: Path) -> set[str]:
    """Every lowercase entry of the dictionary but possessives: words, not names."""
    entries = dictionary.read_text(encoding="utf-8").split()
    return {w for w in entries if w.islower() and w.isascii() and not w.endswith("'s")}


def write(name: str, words: Iterable[str]) -> None:
    (HERE / name).write_text("".join(f"{w}\n" for w in sorted(words)), encoding="utf-8")


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: build_lexicons.py DICTIONARY")
    dictionary = Path(sys.argv[1])
    first, last = names_from_faker()
    write("first_names.txt", first)
    write("last_names.txt", last)
    write("common_words.txt", common_words(dictionary))
    write("english_words.txt", english_words(dictionary))


if __name__ == "__main__":
    main()
