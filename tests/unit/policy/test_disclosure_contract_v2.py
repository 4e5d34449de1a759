"""Contract v2 of `confide disclosure check`: the optional fields are read, a v1 line still
reads as before, and a bad v2 field is refused by its code without quoting the value."""

from __future__ import annotations

import json
from datetime import date

from confide.domain.consents import CriminalJusticeTerms, Signer
from confide.domain.disclosures import BasisType, InformationOrigin, PeerFacts
from confide.services.disclosures import parse_request

TODAY = date(2027, 5, 4)
V1 = {
    "id": "r1",
    "as_of": "2027-05-04",
    "program": {"jurisdiction": "US-VA", "hipaa_covered_entity": True, "part2_program": True},
    "information": ["attendance"],
    "recipient": {"name": "Maple Street Health", "kind": "treating_provider"},
    "purpose": "treatment",
    "basis": {"type": "consent", "consent_id": "c1"},
    "consents": [{"id": "c1", "form": "part2", "signed_by": "patient"}],
}


def parse(row: dict[str, object]) -> tuple[object, object, object]:
    return parse_request(json.dumps(row), today=TODAY)


def test_a_v1_line_reads_with_the_v1_defaults() -> None:
    _, request, error = parse(V1)
    assert error is None
    assert request is not None
    assert request.peer == PeerFacts()
    assert request.reporter is None
    assert request.information_origin is InformationOrigin.OWN
    assert request.program.fundraises is False
    assert request.mandated_child is False  # the program's flag, absent, stands for both
    consent = request.consents[0]
    assert consent.signers == frozenset({Signer.PATIENT})
    assert consent.criminal_justice is None
    assert consent.refusal_consequences_statement is None  # absent: taken as present


def test_the_v2_fields_are_read() -> None:
    row = json.loads(json.dumps(V1))
    row["program"] |= {"fundraises": True, "publicly_identified_sud": True}
    row["reporter"] = {"mandated_child": False, "mandated_adult": True}
    row["peer"] = {"age": 16, "minor_may_consent_alone": True, "deceased": False}
    row["information_origin"] = "received_part2"
    row["basis"] = {"type": "law", "law": "Va. Code 32.1-283"}
    row["consents"][0] |= {
        "signed_by": ["patient", "parent"],
        "representative_authority": "parent of a minor",
        "refusal_consequences_statement": False,
        "criminal_justice": {"period": "until 2027-12-31", "revocable_upon": "2027-09-01"},
    }
    _, request, error = parse(row)
    assert error is None
    assert request is not None
    assert request.program.fundraises
    assert request.program.publicly_identified_sud
    assert (request.mandated_child, request.mandated_adult) == (False, True)
    assert request.peer.minor is True
    assert request.peer.minor_may_consent_alone is True
    assert request.part2_records
    assert request.basis.type is BasisType.LAW
    assert request.basis.law == "Va. Code 32.1-283"
    consent = request.consents[0]
    assert consent.signers == frozenset({Signer.PATIENT, Signer.PARENT})
    assert consent.refusal_consequences_statement is False
    assert consent.criminal_justice == CriminalJusticeTerms("until 2027-12-31", "2027-09-01")


def test_a_bad_v2_field_is_refused_by_its_code_without_quoting_it() -> None:
    for field, value, code in [
        ("peer", {"age": "sixteen"}, "invalid_peer"),
        ("peer", {"age": True}, "invalid_peer"),
        ("reporter", {"mandated_child": "yes"}, "invalid_reporter"),
        ("information_origin", "borrowed", "invalid_information_origin"),
    ]:
        ident, request, error = parse(V1 | {field: value})
        assert (ident, request, error) == ("r1", None, code)
