"""Detection on hand-written peer-support notes (none taken from any evaluation set)."""

from __future__ import annotations

from confide.privacy.detect import detect
from confide.privacy.known import KnownIdentifiers, KnownPerson
from confide.privacy.spans import PhiLabel


def found(text: str, known: KnownIdentifiers | None = None) -> list[tuple[str, PhiLabel]]:
    return [(text[s.start : s.end], s.label) for s in detect(text, known)]


def values(text: str, label: PhiLabel, known: KnownIdentifiers | None = None) -> list[str]:
    return [value for value, kind in found(text, known) if kind is label]


def test_first_name_alone_is_a_name() -> None:
    assert values("Checked in with Marisol after group.", PhiLabel.NAME) == ["Marisol"]


def test_first_and_unknown_last_name_are_one_name() -> None:
    text = "Called Desmond Achterberg about the housing form."
    assert values(text, PhiLabel.NAME) == ["Desmond Achterberg"]


def test_title_marks_an_unknown_surname() -> None:
    assert values("Ms. Quixtanova returned the call.", PhiLabel.NAME) == ["Quixtanova"]


def test_middle_initial_stays_inside_the_name() -> None:
    assert values("Spoke with Lorraine T. Becker today.", PhiLabel.NAME) == ["Lorraine T. Becker"]


def test_word_names_are_names_when_used_as_names() -> None:
    text = "Hope said the meeting helped. Later I drove Faith and Rich to the pantry."
    assert values(text, PhiLabel.NAME) == ["Hope", "Faith", "Rich"]


def test_word_names_used_as_words_are_left_alone() -> None:
    text = "She has hope and faith in her recovery. Rich foods upset her stomach."
    assert values(text, PhiLabel.NAME) == []


def test_word_name_at_sentence_start_without_context_is_left_alone() -> None:
    assert values("Grace periods on rent are short.", PhiLabel.NAME) == []


def test_name_seen_once_as_a_name_is_a_name_everywhere() -> None:
    text = "Drove Hope to her appointment. Hope is nervous about court."
    assert values(text, PhiLabel.NAME) == ["Hope", "Hope"]


def test_possessive_is_not_part_of_the_name() -> None:
    assert values("We met at Teodoro's apartment.", PhiLabel.NAME) == ["Teodoro"]


def test_nickname_of_a_known_person_is_found() -> None:
    peer = KnownPerson("p1", names=("William Okonjo",))
    known = KnownIdentifiers(people=(peer,))
    text = "Bill and I talked about work; Billy's sister visited."
    assert values(text, PhiLabel.NAME, known) == ["Bill", "Billy"]


def test_known_word_name_matches_only_when_capitalized() -> None:
    peer = KnownPerson("p1", names=("Hope",))
    text = "Hope talked about hope."
    assert values(text, PhiLabel.NAME, KnownIdentifiers(people=(peer,))) == ["Hope"]


def test_known_details_are_found_with_their_labels() -> None:
    peer = KnownPerson(
        "p1",
        names=("Ana Ruiz",),
        details=((PhiLabel.PHONE, "540-555-0143"), (PhiLabel.ORGANIZATION, "Valley Tire")),
    )
    text = "Left a message at (540) 555 0143. Ana starts at Valley Tire Monday."
    spans = found(text, KnownIdentifiers(people=(peer,)))
    assert ("(540) 555 0143", PhiLabel.PHONE) in spans
    assert ("Valley Tire", PhiLabel.ORGANIZATION) in spans


def test_relative_dates_are_dates() -> None:
    text = "Relapsed last Tues and came back on the 14th."
    assert values(text, PhiLabel.DATE) == ["last Tues", "on the 14th"]


def test_full_dates_are_dates() -> None:
    text = "Intake 2024-02-09; court on March 3rd, 2024; DOB 07/22/1981; seen 3/14."
    assert values(text, PhiLabel.DATE) == ["2024-02-09", "March 3rd, 2024", "07/22/1981", "3/14"]


def test_numbers_that_are_not_identifiers_are_left_alone() -> None:
    text = (
        "Peer reports 45 days clean, BARC-10 score 38, PHQ-9 of 12, pain 7/10. "
        "Owes $1,250 in fines and pays $75 a week. Step 3 done; the 3rd step next. "
        "Slept 6 hours, 2 meetings, 10 minutes late. Year clean in 2023."
    )
    assert found(text) == []


def test_ages_over_89_are_found_and_younger_ones_are_not() -> None:
    text = "Her grandmother is 93 years old; her mother is 67."
    assert found(text) == [("93 years old", PhiLabel.AGE)]


def test_contacts_are_found() -> None:
    text = (
        "Reach him at 540.555.0187 or j.okafor@example.org, on Instagram @jo_recovers, "
        "or www.example.net/jo."
    )
    assert found(text) == [
        ("540.555.0187", PhiLabel.PHONE),
        ("j.okafor@example.org", PhiLabel.EMAIL),
        ("@jo_recovers", PhiLabel.URL),
        ("www.example.net/jo", PhiLabel.URL),
    ]


def test_record_numbers_are_ids() -> None:
    text = "Medicaid # VA1234567890, MRN: 00482913, case number 24-CR-1187."
    assert values(text, PhiLabel.ID) == ["VA1234567890", "00482913", "24-CR-1187"]


def test_street_address_with_unit_town_state_and_zip() -> None:
    text = "Moved into 418 Linden Ave Apt 2B, Staunton, VA 24401 last week."
    assert values(text, PhiLabel.ADDRESS) == ["418 Linden Ave Apt 2B, Staunton, VA 24401"]


def test_town_after_a_preposition_is_a_location() -> None:
    assert values("She grew up in Waynesboro and misses it.", PhiLabel.LOCATION) == ["Waynesboro"]


def test_states_are_not_identifiers() -> None:
    assert found("Her probation transferred from Virginia to Ohio.") == []


def test_employer_is_an_organization() -> None:
    text = "He works at Shenandoah Feed Supply on weekends."
    assert values(text, PhiLabel.ORGANIZATION) == ["Shenandoah Feed Supply"]


def test_staff_names_are_found() -> None:
    staff = KnownPerson("s1", names=("Robin Castellano",))
    text = "Supervised by Robin; robin eggs were mentioned."
    assert values(text, PhiLabel.NAME, KnownIdentifiers(staff=(staff,))) == ["Robin"]


def test_known_identifiers_do_not_show_their_plaintext_in_repr() -> None:
    peer = KnownPerson("p1", names=("Ana Ruiz",), details=((PhiLabel.PHONE, "5405550143"),))
    known = KnownIdentifiers(people=(peer,))
    assert "Ana" not in repr(known)
    assert "Ana" not in repr(peer)
    assert "555" not in repr(peer)
