"""Address parts the street patterns alone miss: house numbers before a street line, postal
codes named or written beside their town, national street forms. Every value was written by
hand for these tests; none comes from an evaluation set."""

from __future__ import annotations

import pytest

from confide.privacy.detect import detect
from confide.privacy.spans import PhiLabel


def values(text: str, label: PhiLabel) -> list[str]:
    return [text[s.start : s.end] for s in detect(text) if s.label is label]


def found(text: str) -> list[str]:
    return [text[s.start : s.end] for s in detect(text)]


def test_house_number_before_a_street_line_joins_the_address() -> None:
    text = "Her mail goes to the back unit:\n27 Lindenweg 14, 3512 JK Utrecht"
    assert values(text, PhiLabel.ADDRESS) == ["27 Lindenweg 14, 3512 JK Utrecht"]


def test_numbers_that_only_lead_up_to_an_address_stay_out_of_it() -> None:
    text = "Took 2 buses to 14 Elm Street, then paid $40 412 Oak Ave rent share."
    assert values(text, PhiLabel.ADDRESS) == ["14 Elm Street", "412 Oak Ave"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Zip: 2150", "2150"),
        ("Her postal code is 114 55 now.", "114 55"),
        ("Postcode 3512 JK", "3512 JK"),
        ("PLZ 8001, Zürich side", "8001"),
        ("CEP 01310-100", "01310-100"),
        ("Codigo postal 1100-148", "1100-148"),
        ("zip code 02-795", "02-795"),
    ],
)
def test_a_postal_code_named_as_such_is_an_address(text: str, code: str) -> None:
    assert code in values(text, PhiLabel.ADDRESS)


def test_postal_code_beside_a_town_is_an_address() -> None:
    text = "She grew up near Coimbra, 3000-214, and moved to 8010 Graz for the program."
    assert values(text, PhiLabel.ADDRESS) == ["3000-214", "8010 Graz"]


def test_years_and_counts_beside_a_town_are_not_postal_codes() -> None:
    text = "She lived in Roanoke 2019 to 2021; in Roanoke 1200 people showed up for the walk."
    assert values(text, PhiLabel.ADDRESS) == []


@pytest.mark.parametrize(
    "address",
    [
        "Kraljevečki odvojak 12",
        "Brīvības iela 41",
        "Gedimino g. 9",
        "Narva maantee 7",
        "Atatürk Caddesi 88",
        "Calle 12 # 34-56",
        "Cra. 7 No. 45-10",
        "Diagonal 3 N° 87",
        "18/4 đường Lê Lợi",
    ],
)
def test_street_forms_of_more_national_conventions(address: str) -> None:
    assert values(f"She now lives at {address}, near the market.", PhiLabel.ADDRESS) == [address]


def test_house_number_with_letter_and_flat_after_an_unknown_street() -> None:
    assert values("Home is Orlovac 7b/7 now.", PhiLabel.ADDRESS) == ["Orlovac 7b/7"]


def test_house_number_named_as_such_is_an_address() -> None:
    assert values("Her house number is 412, blue door.", PhiLabel.ADDRESS) == ["412"]


def test_readings_after_a_capitalized_word_are_not_house_numbers() -> None:
    assert found("Vitals: BP 128/84, pain 7/10. Cravings 6/10 at group.") == []


def test_words_that_look_like_street_types_in_sentences_stay_words() -> None:
    text = "She put 3 dollars in the jar. Tom put 2 chairs away."
    assert values(text, PhiLabel.ADDRESS) == []


def test_unit_written_in_lowercase_is_an_address() -> None:
    text = "Moved in with her cousin, apt 4b, and her old place was suite 210."
    assert values(text, PhiLabel.ADDRESS) == ["apt 4b", "suite 210"]


def test_units_of_a_workbook_and_flat_feelings_are_not_addresses() -> None:
    text = "Finished unit 3 of the workbook; felt flat 2 days after the funeral."
    assert values(text, PhiLabel.ADDRESS) == []
