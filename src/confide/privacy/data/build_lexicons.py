"""Regenerate the word lists in this folder. Run by hand, never at run time.

    python src/confide/privacy/data/build_lexicons.py DICTIONARY
    python src/confide/privacy/data/build_lexicons.py --names   # the two name lists only

Needs `faker` (already a runtime dependency), `wordfreq` (a development tool only) and an
English spelling dictionary with proper nouns capitalized (the word list of Debian's
`wamerican` package), passed as DICTIONARY. `--names` needs only `faker`: it filters with
the `english_words.txt` already here. The lists it writes are plain text, one lowercase word
a line, so `confide.privacy` reads them with the standard library alone.
"""

from __future__ import annotations

import importlib
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Latin-script name lists of Faker locales whose names are common in the United States.
LOCALES = (
    "en", "en_US", "en_GB", "en_IE", "en_NZ", "en_IN", "en_NG", "en_KE", "en_PK",
    "es", "es_MX", "es_ES", "es_CO", "es_AR", "pt_BR", "pt_PT", "fr_FR", "fr_CA", "it_IT",
    "de_DE", "pl_PL", "vi_VN", "ga_IE", "nl_NL", "ro_RO", "yo_NG", "ig_NG", "tw_GH",
)  # fmt: skip
# Name lists of every other Faker locale with names in Latin script or romanized (Japanese and
# Chinese `*_romanized_*`): peers and their families come from everywhere. Their names are
# kept only when no English dictionary word or term of notes is spelled the same and they
# have three letters or more, so they never turn an ordinary word (Icelandic "Bent",
# Danish "Line") or an abbreviation into a name.
MORE_LOCALES = (
    "az_AZ", "cs_CZ", "da_DK", "de_AT", "de_CH", "de_LI", "de_LU", "en_TH", "es_CA", "es_CL",
    "et_EE", "fi_FI", "fr_BE", "fr_CH", "fr_DZ", "ha_NG", "hr_HR", "hu_HU", "id_ID", "is_IS",
    "ja_JP", "lt_LT", "lv_LV", "nl_BE", "no_NO", "sk_SK", "sl_SI", "sv_SE", "sw", "tr_TR",
    "uz_UZ", "zh_CN", "zh_TW", "zu_ZA",
)  # fmt: skip
FIRST_ATTRS = ("first_names", "first_names_male", "first_names_female")
LAST_ATTRS = ("last_names", "last_names_male", "last_names_female")
ROMANIZED_FIRST = ("first_romanized_names", "first_romanized_names_male",
                   "first_romanized_names_female")  # fmt: skip
ROMANIZED_LAST = ("last_romanized_names", "last_names_without_suffix")
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


def _flat(values: Iterable[object]) -> Iterable[str]:
    for value in values:
        if isinstance(value, str):
            yield value
        elif isinstance(value, tuple | list):
            yield from _flat(value)


def _attr(provider: type, names: tuple[str, ...]) -> set[str]:
    out: set[str] = set()
    for name in names:
        values = getattr(provider, name, None)
        if isinstance(values, dict | list | tuple):  # weighted names are dicts: their keys
            out |= _words(_flat(values))
    return out


def _provider(locale: str) -> type | None:
    try:
        return importlib.import_module(f"faker.providers.person.{locale}").Provider  # type: ignore[no-any-return]
    except ModuleNotFoundError:
        return None


def names_from_faker(not_names: frozenset[str] = frozenset()) -> tuple[set[str], set[str]]:
    """First and last names of `LOCALES`, then those of `MORE_LOCALES` that are not in
    `not_names` (English words and terms) and have three letters or more."""
    first: set[str] = set()
    last: set[str] = set()
    for locale in LOCALES:
        provider = _provider(locale)
        if provider is not None:
            first |= _attr(provider, FIRST_ATTRS)
            last |= _attr(provider, LAST_ATTRS)
    for locale in MORE_LOCALES:
        provider = _provider(locale)
        if provider is None:
            continue
        more_first = _attr(provider, FIRST_ATTRS + ROMANIZED_FIRST)
        more_last = _attr(provider, LAST_ATTRS + ROMANIZED_LAST)
        first |= {w for w in more_first if len(w) > 2 and w not in not_names}
        last |= {w for w in more_last if len(w) > 2 and w not in not_names}
    return first, last


def shipped_words(*names: str) -> frozenset[str]:
    """Words of lists already in this folder (comment lines skipped)."""
    lines = (
        line
        for name in names
        for line in (HERE / name).read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    )
    return frozenset(word for line in lines for word in line.split())


def common_words(dictionary: Path) -> set[str]:
    """Lowercase entries of the dictionary (proper nouns are capitalized there) that wordfreq
    counts as common. A name that is also such a word ("hope", "rich") needs context."""
    from wordfreq import (  # type: ignore[import-not-found, unused-ignore]
        top_n_list,
        zipf_frequency,
    )

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
        sys.exit("usage: build_lexicons.py DICTIONARY | --names")
    if sys.argv[1] != "--names":
        dictionary = Path(sys.argv[1])
        write("common_words.txt", common_words(dictionary))
        write("english_words.txt", english_words(dictionary))
    first, last = names_from_faker(shipped_words("english_words.txt", "terms.txt"))
    write("first_names.txt", first)
    write("last_names.txt", last)


if __name__ == "__main__":
    main()
