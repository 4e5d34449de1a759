"""Shaped identifiers on hand-written notes: phone, date and address forms beyond the US basics.

Every value here was written by hand for these tests; none comes from an evaluation set."""

from __future__ import annotations

import pytest

from confide.privacy.detect import detect
from confide.privacy.spans import PhiLabel


def values(text: str, label: PhiLabel) -> list[str]:
    return [text[s.start : s.end] for s in detect(text) if s.label is label]


@pytest.mark.parametrize(
    "phone",
    [
        "+1-434-555-0172x204",
        "001-434-555-0172",
        "(0351) 4471203",
        "0351 44712",
        "030/8812345",
        "+44 20 7946 0321",
        "+33 1 42 68 53 00",
        "434.555.0172 ext. 12",
    ],
)
def test_international_and_extension_phone_shapes_are_phones(phone: str) -> None:
    assert values(f"Her sister's number: {phone}, after six.", PhiLabel.PHONE) == [phone]


def test_eight_digit_local_number_needs_a_phone_word_before_it() -> None:
    assert values("Call the landline 9031 4472 tonight.", PhiLabel.PHONE) == ["9031 4472"]
    assert values("Paid 2300 4500 in two parts.", PhiLabel.PHONE) == []


@pytest.mark.parametrize(
    "date", ["03-Sep-1979", "11/02/87", "30.06.2021", "7-Mar-21", "2019/11/04"]
)
def test_numeric_and_abbreviated_day_month_year_dates(date: str) -> None:
    assert values(f"Released {date} and came to group.", PhiLabel.DATE) == [date]


def test_scores_ratios_and_money_are_not_dates() -> None:
    text = "GAD-7 went from 14 to 9, craving 3/10, rent $1.200, sleep 6.5 hours."
    assert values(text, PhiLabel.DATE) == []


@pytest.mark.parametrize(
    "address",
    [
        "Vondelsteeg 14",
        "Kastanjelaan 3",
        "aleja Lipowa 12/4",
        "plac Wolności 7",
        "Calzada Robles 221 Interior 5",
        "PO Box 3381",
        "RR 2 Box 119",
        "PSC 4415, Box 88",
        "APO AE 09012",
        "12 Wattle Rise",
        "7 Harbour Parade",
    ],
)
def test_street_forms_of_other_conventions_are_addresses(address: str) -> None:
    assert values(f"She stays at {address} for now.", PhiLabel.ADDRESS) == [address]


def test_postal_code_before_the_town_stays_in_the_address() -> None:
    text = "Mail goes to Lindenweg 8\n2611 KD Delft until March."
    assert values(text, PhiLabel.ADDRESS) == ["Lindenweg 8\n2611 KD Delft"]


def test_unit_line_alone_is_an_address() -> None:
    assert values("Moved to Apt. 4B over the weekend.", PhiLabel.ADDRESS) == ["Apt. 4B"]


def test_numbers_in_recovery_talk_are_not_addresses() -> None:
    text = "Step 4 done, 90 days in, suite of groups on Tuesday, unit cost $40."
    assert values(text, PhiLabel.ADDRESS) == []


def test_north_american_trunk_one_stays_with_the_number() -> None:
    text = "The hotline is 1-800-555-0148 and her cell 1 (434) 555-0172."
    assert values(text, PhiLabel.PHONE) == ["1-800-555-0148", "1 (434) 555-0172"]


def test_zip_shaped_number_alone_is_redacted_as_an_address() -> None:
    text = "Her mail now goes to 24401-3307; she used to get it in 22980."
    assert values(text, PhiLabel.ADDRESS) == ["24401-3307", "22980"]


def test_five_digit_amounts_counts_and_ranges_are_not_zip_codes() -> None:
    text = (
        "Owes $12000 in back rent, earned 35000 a year, walked 10000 steps, "
        "took 15000 mg total, scores 10000-20000 were mentioned, 12,500 people came."
    )
    assert values(text, PhiLabel.ADDRESS) == []


@pytest.mark.parametrize(
    "phone", ["090-3318-4407", "031 4417 2290", "0470-381 22", "(31) 55104412"]
)
def test_three_and_four_digit_groups_are_read_to_the_end(phone: str) -> None:
    assert values(f"New number {phone} since May.", PhiLabel.PHONE) == [phone]


def test_short_grouped_number_is_a_phone_after_a_phone_word() -> None:
    assert values("Her cell is 41 77 08 93 now.", PhiLabel.PHONE) == ["41 77 08 93"]
    assert values("Scores were 41 77 08 93 across the weeks.", PhiLabel.PHONE) == []


@pytest.mark.parametrize(
    "address",
    [
        "Fjellveien 12",
        "Koivukuja 3",
        "Ringgatan 40",
        "Rózsa utca 12.",
        "Šolska ulica 4a",
        "Jl. Melati No. 17",
        "Av. Belgrano 2210",
    ],
)
def test_nordic_central_european_and_other_street_forms(address: str) -> None:
    assert values(f"She stays at {address} for now.", PhiLabel.ADDRESS) == [address]


def test_house_number_after_an_untyped_street_needs_an_address_word() -> None:
    assert values("Her address: Lipová 88, then the shelter.", PhiLabel.ADDRESS) == ["Lipová 88"]
    assert values("Took Suboxone 8 and slept.", PhiLabel.ADDRESS) == []
    assert values("Completed Step 4 with her sponsor.", PhiLabel.ADDRESS) == []


def test_street_named_without_a_number_is_an_address() -> None:
    text = "Picked her up on Ridgeway Ave. and dropped her off at Old Mill Road."
    assert values(text, PhiLabel.ADDRESS) == ["Ridgeway Ave.", "Old Mill Road"]


def test_ambiguous_street_words_alone_do_not_make_an_address() -> None:
    text = "Family Court is on the 9th; she likes Riverside Park and the Milky Way."
    assert values(text, PhiLabel.ADDRESS) == []


@pytest.mark.parametrize(
    "phone", ["06-30/123 4567", "(06)1/234-5678", "089/123 4567", "03/ 499 85 58"]
)
def test_area_code_closed_by_a_slash_is_a_phone(phone: str) -> None:
    assert values(f"New one: {phone} after six.", PhiLabel.PHONE) == [phone]


def test_local_number_with_a_phone_word_after_it_is_a_phone() -> None:
    assert values("4831 9143 (cell), best after work.", PhiLabel.PHONE) == ["4831 9143"]


def test_seven_digit_local_number_needs_no_word_unless_it_reads_as_times() -> None:
    assert values("She gave 684-8089 as the best way.", PhiLabel.PHONE) == ["684-8089"]
    assert values("Group ran 930-1030 and 1130-1230.", PhiLabel.PHONE) == []
    assert values("Rent is $650-1200 there.", PhiLabel.PHONE) == []


def test_slashes_in_scores_dates_and_blood_pressure_are_not_phones() -> None:
    text = "BP 120/80, pain 7/10, BARC-10 38/50 on 3/14/2026, school year 2025/2026."
    assert values(text, PhiLabel.PHONE) == []


def test_street_then_house_number_with_no_street_type_is_an_address() -> None:
    assert values("Moved to Vranovská 412 last week.", PhiLabel.ADDRESS) == ["Vranovská 412"]
    text = "Took Zoloft 50 daily, read Chapter 5, on Step 4, in Room 12, for Week 3."
    assert values(text, PhiLabel.ADDRESS) == []


def test_usps_street_types_and_named_buildings_are_addresses() -> None:
    assert values("Lives at 88 Cedar Crossroad now.", PhiLabel.ADDRESS) == ["88 Cedar Crossroad"]
    assert values("Her room is in Building 7 on campus.", PhiLabel.ADDRESS) == ["Building 7"]


def test_two_digit_area_code_and_one_subscriber_group_is_a_phone() -> None:
    assert values("Her sister's line is 21 5557834.", PhiLabel.PHONE) == ["21 5557834"]
    assert values("Mobile: 21 555783", PhiLabel.PHONE) == ["21 555783"]


def test_office_after_a_local_number_makes_it_a_phone() -> None:
    text = "Case manager: 41 22 90 17 (office), best before noon."
    assert values(text, PhiLabel.PHONE) == ["41 22 90 17"]


def test_counts_and_doses_near_an_office_are_not_phones() -> None:
    text = "She spent 45 minutes at the office and took 2 doses before 10."
    assert values(text, PhiLabel.PHONE) == []


@pytest.mark.parametrize("number", ["T12345678", "T12-345-678", "T12-34-5678"])
def test_virginia_licence_number_alone_is_an_id(number: str) -> None:
    assert values(f"Copied {number} onto the housing form.", PhiLabel.ID) == [number]


def test_licence_number_after_a_licence_word_is_an_id_in_any_case() -> None:
    text = "Her driver's licence is t12-345-678; learner's permit no. b87654321."
    assert values(text, PhiLabel.ID) == ["t12-345-678", "b87654321"]


def test_vitamins_codes_and_scores_are_not_licence_numbers() -> None:
    text = "B12 shot, Vitamin D3 5000, dx F11.20 and F10-20, PHQ-9 14/27, Step 12."
    assert values(text, PhiLabel.ID) == []
