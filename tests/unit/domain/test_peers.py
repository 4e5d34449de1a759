"""Peer identity rules and the normal forms behind exact-match search."""

from __future__ import annotations

from datetime import date

import pytest

from confide.domain.peers import PeerIdentity, identity_problems, normalize_name, normalize_phone


def test_identified_peer_needs_first_and_last_name() -> None:
    problems = identity_problems(PeerIdentity(preferred_name="Jo"))
    assert problems == {"first_name": "required", "last_name": "required"}


def test_alias_only_peer_needs_a_chosen_name_and_nothing_legal() -> None:
    assert identity_problems(PeerIdentity(preferred_name="Sparrow", alias_only=True)) == {}
    bad = PeerIdentity(
        preferred_name="Sparrow",
        alias_only=True,
        last_name="Smith",
        date_of_birth=date(1990, 1, 1),
    )
    assert identity_problems(bad) == {
        "last_name": "not_allowed_for_alias_only",
        "date_of_birth": "not_allowed_for_alias_only",
    }


@pytest.mark.parametrize("phone", ["12", "call me maybe", "555-0100 ext. 4"])
def test_bad_phone_is_named_not_quoted(phone: str) -> None:
    problems = identity_problems(PeerIdentity("A", "B", "C", phone=phone))
    assert problems == {"phone": "invalid_phone"}
    assert phone not in str(problems)


def test_bad_email_is_a_problem() -> None:
    assert identity_problems(PeerIdentity("A", "B", "C", email="nope")) == {
        "email": "invalid_email"
    }


@pytest.mark.parametrize(
    ("raw", "normal"),
    [("  José   Núñez ", "jose nunez"), ("O'Brien", "o brien"), ("ANNE-MARIE", "anne marie")],
)
def test_names_normalize_without_case_accents_or_punctuation(raw: str, normal: str) -> None:
    assert normalize_name(raw) == normal


@pytest.mark.parametrize(
    ("raw", "normal"),
    [("(555) 010-7788", "5550107788"), ("+1 555 010 7788", "5550107788"), ("555.0107", "5550107")],
)
def test_phones_normalize_to_digits(raw: str, normal: str) -> None:
    assert normalize_phone(raw) == normal
