"""A disclosure package as a FHIR R4 document Bundle: it validates (fhir.resources R4B), holds
only the package's items, puts the 42 CFR 2.32 notice first where required, carries the
consent it relies on, and is labelled for Part 2."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from confide.domain.disclosures import (
    REDISCLOSURE_NOTICE,
    Basis,
    BasisType,
    Category,
    DisclosurePackage,
    DisclosurePurpose,
    DisclosureRequest,
    Emergency,
    PackageItem,
    Recipient,
    RecipientKind,
)
from confide.interop.fhir import consent_from_fhir
from confide.interop.fhir_package import package_to_fhir
from confide.policy.disclosure import decide_disclosure
from confide.policy.disclosure_package import package_disclosure
from tests.unit.policy.disclosure_builders import consent, request, without_consent

ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
ITEMS = (
    PackageItem(
        Category.ATTENDANCE, "Attendance, April", "Attended 4 of 4 groups.", date(2027, 4, 30)
    ),
    PackageItem(Category.SERVICE_NOTES, "Note", "Talked about the new job.", date(2027, 4, 2)),
)


def bundle_for(req: DisclosureRequest) -> dict[str, Any]:
    package: DisclosurePackage = package_disclosure(
        req,
        decide_disclosure(req),
        ITEMS,
        package_id="pkg-7",
        prepared_at=datetime(2027, 5, 4, 14, 30, tzinfo=UTC),
        discloser="Lantern Peer Center",
        peer_name="Robin Okafor",
    )
    bundle = package_to_fhir(package)
    Bundle.model_validate(bundle)
    return bundle


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_package_bundle_is_a_valid_r4_document_led_by_its_composition() -> None:
    bundle = bundle_for(request())
    assert bundle["type"] == "document"
    assert bundle["entry"][0]["resource"]["resourceType"] == "Composition"
    assert len({e["fullUrl"] for e in bundle["entry"]}) == len(bundle["entry"])


def test_package_bundle_holds_only_the_allowed_categories() -> None:
    documents = resources(bundle_for(request()), "DocumentReference")
    assert [d["category"][0]["coding"][0]["code"] for d in documents] == ["attendance"]
    text = base64.b64decode(documents[0]["content"][0]["attachment"]["data"]).decode()
    assert text == "Attended 4 of 4 groups."


def test_consent_package_opens_with_the_2_32_notice_and_carries_the_consent() -> None:
    bundle = bundle_for(request())
    composition = resources(bundle, "Composition")[0]
    first = composition["section"][0]
    assert "42 CFR 2.32" in first["title"]
    assert REDISCLOSURE_NOTICE in first["text"]["div"]
    assert (ACT_CODE, "NORDSCLCD") in {
        (c["system"], c["code"]) for c in bundle["meta"]["security"]
    }
    (carried,) = resources(bundle, "Consent")
    assert consent_from_fhir(carried) == consent()


def test_package_from_a_part2_program_is_labelled_restricted_and_42cfrpart2() -> None:
    bundle = bundle_for(request())
    for labelled in [bundle, *resources(bundle, "DocumentReference")]:
        codes = {c["code"] for c in labelled["meta"]["security"]}
        assert {"R", "42CFRPart2"} <= codes


def test_emergency_package_has_no_notice_and_no_consent() -> None:
    req = without_consent(
        basis=Basis(BasisType.MEDICAL_EMERGENCY),
        purpose=DisclosurePurpose.MEDICAL_EMERGENCY,
        recipient=Recipient("County General ED", RecipientKind.MEDICAL_PERSONNEL),
        emergency=Emergency(False, "County General", "R. Diaz", "overdose"),
    )
    bundle = bundle_for(req)
    composition = resources(bundle, "Composition")[0]
    assert all(REDISCLOSURE_NOTICE not in str(s) for s in composition["section"])
    assert resources(bundle, "Consent") == []
    assert "NORDSCLCD" not in {c["code"] for c in bundle["meta"]["security"]}


def test_text_is_escaped_in_the_narrative() -> None:
    bundle = package_to_fhir(
        package_disclosure(
            request(),
            decide_disclosure(request()),
            (),
            package_id="pkg-8",
            prepared_at=datetime(2027, 5, 4, tzinfo=UTC),
            discloser="<script>x</script>",
        )
    )
    Bundle.model_validate(bundle)
    sections = str(resources(bundle, "Composition")[0]["section"])
    assert "<script>" not in sections
    assert "&lt;script&gt;" in sections
