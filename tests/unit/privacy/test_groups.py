"""Group notes: each attendee's copy names no other attendee."""

from __future__ import annotations

import pytest

from confide.privacy.groups import attendee_copies
from confide.privacy.known import KnownIdentifiers, KnownPerson
from confide.privacy.spans import PhiLabel

SAM_LEE = KnownPerson(
    "p1",
    names=("Samuel Lee", "Sammy"),
    details=((PhiLabel.ORGANIZATION, "Riverside Lumber"), (PhiLabel.NAME, "Keisha")),
)
SAM_ORTIZ = KnownPerson("p2", names=("Samantha Ortiz",))
HOPE = KnownPerson("p3", names=("Hope Carter",))
FACILITATOR = KnownPerson("s1", names=("Dana Whitfield",))
KNOWN = KnownIdentifiers(people=(SAM_LEE, SAM_ORTIZ, HOPE), staff=(FACILITATOR,))
NOTE = (
    "Group led by Dana Whitfield. Samuel Lee shared about his shift at Riverside Lumber "
    "and his wife Keisha. Samantha Ortiz said Sam inspired her. Hope Carter talked about "
    "hope. Afterwards Hope and Ms. Ortiz stayed to help."
)


def copies() -> dict[str, str]:
    return {c.key: c.text for c in attendee_copies(NOTE, (SAM_LEE, SAM_ORTIZ, HOPE), KNOWN)}


def test_each_copy_keeps_its_reader_and_hides_the_others() -> None:
    hope_copy = copies()["p3"]
    assert hope_copy == (
        "Group led by Dana Whitfield. [NAME] shared about his shift at [ORGANIZATION] "
        "and his wife [NAME]. [NAME] said [NAME] inspired her. Hope Carter talked about "
        "hope. Afterwards Hope and Ms. [NAME] stayed to help."
    )


def test_details_linked_to_another_attendee_are_hidden() -> None:
    ortiz_copy = copies()["p2"]
    assert "Riverside" not in ortiz_copy
    assert "Keisha" not in ortiz_copy
    assert "Samuel" not in ortiz_copy


def test_a_shared_first_name_is_hidden_even_from_one_of_its_owners() -> None:
    lee_copy = copies()["p1"]
    assert "Samuel Lee shared about his shift at Riverside Lumber and his wife Keisha" in lee_copy
    assert "said [NAME] inspired her" in lee_copy  # "Sam" could be either Sam
    assert "Ortiz" not in lee_copy
    assert "Hope" not in lee_copy


def test_a_word_name_used_as_a_word_survives_in_other_copies() -> None:
    assert "talked about hope." in copies()["p1"]


def test_no_copy_contains_another_attendees_name() -> None:
    others = {"p1": ("Ortiz", "Hope"), "p2": ("Lee", "Hope", "Keisha"), "p3": ("Lee", "Ortiz")}
    for key, text in copies().items():
        assert not [name for name in others[key] if name in text]


def test_attendee_keys_must_be_distinct() -> None:
    with pytest.raises(ValueError, match="distinct"):
        attendee_copies(NOTE, (SAM_LEE, SAM_LEE))
