"""Stored disclosure requests: the contract-v2 facts (reporter, peer facts, records' origin,
the program's fundraising and public identity) round-trip, and a request stored before v2
reads with the contract's defaults."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from confide.domain.disclosures import (
    Basis,
    BasisType,
    InformationOrigin,
    PeerFacts,
    Reporter,
)
from confide.services._disclosure_records import request_from, request_json
from tests.unit.policy.disclosure_builders import PART2_VA, request

V1_REQUEST: dict[str, Any] = {
    "as_of": "2027-05-04",
    "program": {"jurisdiction": "US-VA", "hipaa_covered_entity": True, "part2_program": True,
                "mandated_reporter": True, "duty_to_protect_applies": False},
    "information": ["attendance"],
    "recipient": {"name": "Maple Street Health", "kind": "treating_provider",
                  "covered_entity": None, "intermediary": False},
    "purpose": "treatment",
    "basis": {"type": "consent", "consent_id": "k1", "part2_order": False},
    "emergency": None,
}  # fmt: skip


def test_every_v2_fact_of_a_request_round_trips_through_the_stored_shape() -> None:
    original = request(
        consents=(),
        program=dataclasses.replace(PART2_VA, fundraises=True, publicly_identified_sud=True),
        basis=Basis(BasisType.LAW, law="Va. Code 32.1-36"),
        reporter=Reporter(mandated_child=True, mandated_adult=False),
        peer=PeerFacts(age=16, minor_may_consent_alone=True, adjudicated_incapacitated=False,
                       deceased=False, adult_protective_age=False),
        information_origin=InformationOrigin.RECEIVED_PART2,
        id="d1",
    )  # fmt: skip
    stored = json.loads(json.dumps(request_json(original)))
    assert request_from(stored, "d1") == original


def test_a_request_stored_before_v2_reads_with_the_contracts_defaults() -> None:
    read = request_from(V1_REQUEST, "d1")
    assert read.reporter is None  # the program's flag stands for both
    assert read.mandated_child is True
    assert read.peer == PeerFacts()
    assert read.information_origin is InformationOrigin.OWN
    assert (read.program.fundraises, read.program.publicly_identified_sud) == (False, False)
    assert read.basis.law is None
