"""Consents and disclosures over the JSON API, end to end, on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from pypdf import PdfReader

from confide.api.app import route_table
from confide.api.consents import ConsentIn, CoSignerIn, CriminalJusticeIn, RecipientIn, SignIn
from confide.api.deps import clock
from confide.api.disclosures import BasisIn, EmergencyIn, PeerIn, RequestIn
from confide.api.disclosures import RecipientIn as DisclosureRecipientIn
from confide.domain.actors import Role
from confide.domain.disclosures import REDISCLOSURE_NOTICE
from confide.domain.ids import new_id
from confide.services import UnitOfWorkFactory, notes, safety_flags
from tests.e2e.conftest import login
from tests.factories import NOW, canary, ctx_for, draft, make_org, make_peer, make_staff

CLINIC = {"name": "Maple Street Health", "kind": "treating_provider"}


def consent_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "form": "part2",
        "patient_name": canary("signer"),
        "discloser": "Harbor Peer Recovery",
        "information": ["attendance", "service_notes", "sud_treatment"],
        "information_description": canary("scope"),
        "recipients": [CLINIC],
        "purposes": ["treatment"],
        "revocation_statement": True,
        "redisclosure_statement": True,
        "expires": "2027-12-31",
    }
    return body | overrides


def request_body(consent_id: str | None, **overrides: Any) -> dict[str, Any]:
    basis = {"type": "consent", "consent_id": consent_id} if consent_id else {"type": "none"}
    body: dict[str, Any] = {
        "recipient": CLINIC,
        "purpose": "treatment",
        "information": ["attendance", "service_notes", "sud_treatment"],
        "basis": basis,
    }
    return body | overrides


class Clinic:
    """One organization: a peer specialist with a peer and a signed note, a privacy officer."""

    def __init__(self, uows: UnitOfWorkFactory, client: TestClient) -> None:
        client.app.dependency_overrides[clock] = lambda: NOW  # type: ignore[attr-defined]
        admin = make_org(uows)
        prs = self.writer = make_staff(uows, admin, username="d_prs")
        make_staff(uows, admin, Role.PRIVACY_OFFICER, username="d_po")
        self.peer = make_peer(uows, prs)
        self.note_text = canary("disclosed")
        note = notes.write_note(ctx_for(prs), self.peer.id, draft(self.note_text), uow=uows())
        notes.sign_note(ctx_for(prs), note.id, version=note.version, uow=uows())
        self.prs = login(client, "d_prs")
        self.po = login(client, "d_po") | {"X-Confide-Purpose": "privacy_review"}

    def signed_consent(self, client: TestClient, **overrides: Any) -> str:
        made = client.post(
            f"/api/peers/{self.peer.id}/consents",
            json=consent_body(**overrides),
            headers=self.prs,
        )
        assert made.status_code == 201, made.json()
        consent = made.json()
        signed = client.post(
            f"/api/consents/{consent['id']}/sign",
            json={"signer_name": "Pat Doe", "signer_type": "patient", "version": 1},
            headers=self.prs,
        )
        assert signed.status_code == 200, signed.json()
        assert signed.json()["state"] == "active"
        return str(consent["id"])


def test_a_disclosure_end_to_end(uows: UnitOfWorkFactory, client: TestClient) -> None:
    clinic = Clinic(uows, client)
    consent_id = clinic.signed_consent(client)

    asked = client.post(
        f"/api/peers/{clinic.peer.id}/disclosures",
        json=request_body(consent_id),
        headers=clinic.prs,
    )
    assert asked.status_code == 201, asked.json()
    disclosure = asked.json()
    assert disclosure["decision"]["decision"] == "allow"
    assert "redisclosure_notice" in disclosure["decision"]["obligations"]
    assert disclosure["status"] == "released"
    assert disclosure["notice"] == REDISCLOSURE_NOTICE

    pdf = client.get(f"/api/disclosures/{disclosure['id']}/package/pdf", headers=clinic.prs)
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["cache-control"] == "no-store"
    assert clinic.peer.id not in pdf.headers["content-disposition"]
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "42 CFR part 2 prohibits unauthorized use or disclosure" in " ".join(text.split())

    bundle = client.get(f"/api/disclosures/{disclosure['id']}/package/fhir", headers=clinic.prs)
    assert bundle.status_code == 200
    assert bundle.json()["resourceType"] == "Bundle"
    attachments = [
        base64.b64decode(e["resource"]["content"][0]["attachment"]["data"]).decode()
        for e in bundle.json()["entry"]
        if e["resource"]["resourceType"] == "DocumentReference"
    ]
    assert any(clinic.note_text in a for a in attachments)

    accounting = client.get(f"/api/peers/{clinic.peer.id}/disclosures", headers=clinic.prs)
    (entry,) = accounting.json()
    assert entry["disclosure_id"] == disclosure["id"]
    assert entry["recipient"] == CLINIC
    assert entry["purpose"] == "treatment"
    assert entry["basis"] == "consent"
    assert "sud_treatment" in entry["information"]
    by_officer = client.get(f"/api/peers/{clinic.peer.id}/disclosures", headers=clinic.po)
    assert by_officer.json() == accounting.json()

    report = client.get(f"/api/peers/{clinic.peer.id}/access-report", headers=clinic.prs)
    released = [
        e
        for e in report.json()["entries"]
        if e["action"] == "disclosure:release" and e["resource_id"] == disclosure["id"]
    ]
    assert [(e["outcome"], e["rule_id"]) for e in released] == [("allow", "part2.consent.tpo")]


def test_a_subpoena_alone_never_releases_part2_records(
    uows: UnitOfWorkFactory, client: TestClient
) -> None:
    clinic = Clinic(uows, client)
    body = request_body(
        None,
        recipient={"name": "County Court", "kind": "court"},
        purpose="legal_proceeding",
        basis={"type": "subpoena"},
    )
    asked = client.post(f"/api/peers/{clinic.peer.id}/disclosures", json=body, headers=clinic.prs)
    assert asked.status_code == 201
    assert asked.json()["decision"]["decision"] == "deny"
    assert asked.json()["status"] == "denied"
    assert "42 CFR 2.13(b)" in asked.json()["decision"]["citations"]
    ident = asked.json()["id"]
    package = client.get(f"/api/disclosures/{ident}/package/pdf", headers=clinic.prs)
    assert package.status_code == 409
    assert client.get("/api/disclosure-reviews", headers=clinic.po).json() == []
    review = client.post(
        f"/api/disclosures/{ident}/review",
        json={"approve": True, "justification": "the clerk insisted on it"},
        headers=clinic.po,
    )
    assert review.status_code == 409
    accounting = client.get(f"/api/peers/{clinic.peer.id}/disclosures", headers=clinic.prs)
    assert accounting.json() == []


def test_the_privacy_officer_approves_a_request_needing_review(
    uows: UnitOfWorkFactory, client: TestClient
) -> None:
    clinic = Clinic(uows, client)
    body = request_body(
        None,
        recipient={"name": "County Court", "kind": "court"},
        purpose="legal_proceeding",
        information=["attendance"],
        basis={"type": "court_order", "part2_order": True},
    )
    asked = client.post(f"/api/peers/{clinic.peer.id}/disclosures", json=body, headers=clinic.prs)
    assert asked.json()["status"] == "needs_review", asked.json()
    queue = client.get("/api/disclosure-reviews", headers=clinic.po).json()
    assert [d["id"] for d in queue] == [asked.json()["id"]]
    justification = canary("why")
    approved = client.post(
        f"/api/disclosures/{asked.json()['id']}/review",
        json={"approve": True, "justification": justification},
        headers=clinic.po,
    )
    assert approved.status_code == 200, approved.json()
    assert approved.json()["status"] == "released"
    assert approved.json()["review_justification"] == justification
    assert approved.json()["notice"] == REDISCLOSURE_NOTICE
    assert client.get("/api/disclosure-reviews", headers=clinic.po).json() == []
    (entry,) = client.get(f"/api/peers/{clinic.peer.id}/disclosures", headers=clinic.prs).json()
    assert entry["required"] is True
    assert entry["information"] == ["attendance"]


def test_a_revoked_consent_authorizes_nothing_from_then_on(
    uows: UnitOfWorkFactory, client: TestClient
) -> None:
    clinic = Clinic(uows, client)
    consent_id = clinic.signed_consent(client)
    url = f"/api/peers/{clinic.peer.id}/disclosures"
    before = client.post(url, json=request_body(consent_id), headers=clinic.prs)
    assert before.json()["decision"]["decision"] == "allow"

    revoked = client.post(
        f"/api/consents/{consent_id}/revoke", json={"source": "peer"}, headers=clinic.prs
    )
    assert revoked.status_code == 200
    assert set(revoked.json()) == {"id", "peer_id", "revoked_at", "source"}

    after = client.post(url, json=request_body(consent_id), headers=clinic.prs)
    assert after.json()["decision"]["decision"] == "deny"
    assert client.get(f"/api/consents/{consent_id}", headers=clinic.prs).json()["state"] == (
        "revoked"
    )
    accounting = client.get(url, headers=clinic.prs).json()
    assert [e["disclosure_id"] for e in accounting] == [before.json()["id"]]


def test_a_consent_missing_an_element_is_refused_naming_it(
    uows: UnitOfWorkFactory, client: TestClient
) -> None:
    clinic = Clinic(uows, client)
    body = consent_body()
    del body["revocation_statement"]
    refused = client.post(f"/api/peers/{clinic.peer.id}/consents", json=body, headers=clinic.prs)
    assert refused.status_code == 422
    assert refused.json()["fields"] == {"revocation_statement": "missing"}
    assert "42 CFR 2.31(a)(6)" in refused.json()["message"]
    assert body["patient_name"] not in refused.text
    listed = client.get(f"/api/peers/{clinic.peer.id}/consents", headers=clinic.prs)
    assert listed.json() == []


def test_a_change_makes_a_new_version_to_sign_again(
    uows: UnitOfWorkFactory, client: TestClient
) -> None:
    clinic = Clinic(uows, client)
    consent_id = clinic.signed_consent(client)
    changed = client.put(
        f"/api/consents/{consent_id}",
        json=consent_body(purposes=["treatment", "payment"], version=1),
        headers=clinic.prs,
    )
    assert changed.status_code == 200, changed.json()
    view = changed.json()
    assert view["version"] == 2
    assert view["state"] == "unsigned"
    assert [(v["version"], v["signed_at"] is not None) for v in view["versions"]] == [
        (1, True),
        (2, False),
    ]
    stale = client.put(
        f"/api/consents/{consent_id}", json=consent_body(version=1), headers=clinic.prs
    )
    assert stale.status_code == 409


def test_the_consent_copy_is_a_pdf_and_a_fhir_consent(
    uows: UnitOfWorkFactory, client: TestClient
) -> None:
    clinic = Clinic(uows, client)
    consent_id = clinic.signed_consent(client)
    pdf = client.get(f"/api/consents/{consent_id}/pdf", headers=clinic.prs)
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["cache-control"] == "no-store"
    assert pdf.content.startswith(b"%PDF")
    exported = client.get(f"/api/consents/{consent_id}/fhir", headers=clinic.prs)
    assert exported.json()["resourceType"] == "Consent"
    imported = client.post(
        f"/api/peers/{clinic.peer.id}/consents/fhir", json=exported.json(), headers=clinic.prs
    )
    assert imported.status_code == 201, imported.json()
    assert imported.json()["id"] != consent_id
    assert imported.json()["state"] == "active"
    assert imported.json()["scope"]["purposes"] == ["treatment"]


def test_docs_list_every_consent_and_disclosure_route(repo_root: Path) -> None:
    page = (repo_root / "docs" / "api.md").read_text("utf-8")
    routes = [p for _, p in route_table() if "consent" in p or "disclosure" in p]
    assert len(routes) >= 14
    for path in routes:
        for name in ("{peer_id}", "{consent_id}", "{disclosure_id}"):
            path = path.replace(name, "{id}")
        assert path in page, path


def test_a_consent_carries_its_v2_facts_and_every_signer_over_the_api(
    uows: UnitOfWorkFactory, client: TestClient
) -> None:
    clinic = Clinic(uows, client)
    v2 = {
        "recipients": [{"name": "Fairfax Drug Court", "kind": "probation_or_court_program"}],
        "refusal_consequences_statement": True,
        "redisclosure_potential_statement": True,
        "fundraising_statement": False,
        "criminal_justice": {"period": "until the end of probation", "revocable_upon": None},
    }
    # 2.35(c): a criminal justice consent states when it becomes revocable; without it the
    # consent cannot be saved, and the error names the element and its citation
    refused = client.post(f"/api/peers/{clinic.peer.id}/consents", json=consent_body(**v2),
                          headers=clinic.prs)  # fmt: skip
    assert refused.status_code == 422
    assert "42 CFR 2.35(c)" in refused.json()["message"]
    v2["criminal_justice"] = {"period": "until the end of probation",
                              "revocable_upon": "the end of phase one of drug court"}  # fmt: skip
    made = client.post(f"/api/peers/{clinic.peer.id}/consents", json=consent_body(**v2),
                       headers=clinic.prs)  # fmt: skip
    assert made.status_code == 201, made.json()
    scope = made.json()["scope"]
    for key in ("refusal_consequences_statement", "redisclosure_potential_statement",
                "fundraising_statement", "criminal_justice"):  # fmt: skip
        assert scope[key] == v2[key]
    sign = {
        "signer_name": "Sam Doe", "signer_type": "patient", "version": 1,
        "co_signers": [{"signer_name": "Pat Doe", "signer_type": "parent"}],
        "representative_authority": "parent of a minor peer",
    }  # fmt: skip
    signed = client.post(f"/api/consents/{made.json()['id']}/sign", json=sign,
                         headers=clinic.prs)  # fmt: skip
    assert signed.status_code == 200, signed.json()
    read = client.get(f"/api/consents/{made.json()['id']}", headers=clinic.prs).json()
    assert read["signer_type"] == "patient"
    assert read["co_signers"] == [{"signer_name": "Pat Doe", "signer_type": "parent"}]
    assert read["representative_authority"] == "parent of a minor peer"
    assert "representative_authority" not in read["scope"]
    again = client.post(f"/api/peers/{clinic.peer.id}/consents", json=consent_body(),
                        headers=clinic.prs).json()  # fmt: skip
    assert "fundraising_statement" not in again["scope"]  # left out: not said
    assert (again["co_signers"], again["representative_authority"]) == ([], None)


def test_docs_name_every_field_a_consent_or_its_signature_takes(repo_root: Path) -> None:
    page = (repo_root / "docs" / "api.md").read_text("utf-8")
    models = (ConsentIn, RecipientIn, CriminalJusticeIn, SignIn, CoSignerIn)
    for model in models:
        for name in model.model_fields:
            assert f"`{name}`" in page or f'"{name}"' in page, (model.__name__, name)


def test_a_request_carries_the_peer_facts_origin_law_and_reporter_over_the_api(
    uows: UnitOfWorkFactory, client: TestClient
) -> None:
    clinic = Clinic(uows, client)
    body = request_body(
        None,
        recipient={"name": "Virginia Department of Health", "kind": "public_health_authority"},
        purpose="public_health",
        basis={"type": "law", "law": "Va. Code 32.1-36"},
        peer={"age": 70, "adult_protective_age": True, "deceased": False},
        information_origin="received_part2",
    )
    asked = client.post(f"/api/peers/{clinic.peer.id}/disclosures", json=body,
                        headers=clinic.prs)  # fmt: skip
    assert asked.status_code == 201, asked.json()
    got = client.get(f"/api/disclosures/{asked.json()['id']}", headers=clinic.prs).json()
    assert got["basis"]["law"] == "Va. Code 32.1-36"
    assert got["information_origin"] == "received_part2"
    assert got["peer"] == {"age": 70, "minor_may_consent_alone": None,
                           "adjudicated_incapacitated": None, "deceased": False,
                           "adult_protective_age": True}  # fmt: skip
    assert got["reporter"] == {"mandated_child": False, "mandated_adult": False}
    bad = client.post(f"/api/peers/{clinic.peer.id}/disclosures", headers=clinic.prs,
                      json=request_body(None, peer={"age": -1}))  # fmt: skip
    assert bad.status_code == 422


def test_docs_name_every_field_a_disclosure_request_takes(repo_root: Path) -> None:
    page = (repo_root / "docs" / "api.md").read_text("utf-8")
    for model in (RequestIn, BasisIn, PeerIn, EmergencyIn, DisclosureRecipientIn):
        for name in model.model_fields:
            assert f"`{name}`" in page or f'"{name}"' in page, (model.__name__, name)


def test_a_request_made_from_a_safety_flag_closes_the_flag_over_the_api(
    uows: UnitOfWorkFactory, client: TestClient
) -> None:
    clinic = Clinic(uows, client)
    writer = ctx_for(clinic.writer)
    flag = safety_flags.check_note(
        writer, clinic.peer.id, note_id=None, editor_id=new_id(),
        sections={"data": "She wants to kill herself and has saved up pills."}, uow=uows(),
    ).flags[0]  # fmt: skip
    body = request_body(
        None, recipient={"name": "Dr. Ortiz", "kind": "medical_personnel"},
        purpose="medical_emergency", basis={"type": "medical_emergency"},
        emergency={"consent_obtainable": False, "recipient_affiliation": "County EMS"},
    )  # fmt: skip
    elsewhere = make_peer(uows, writer.actor)
    wrong = client.post(
        f"/api/peers/{elsewhere.id}/disclosures", json=body | {"flag_id": flag.id},
        headers=clinic.prs,
    )  # fmt: skip
    assert wrong.status_code == 404
    made = client.post(
        f"/api/peers/{clinic.peer.id}/disclosures", json=body | {"flag_id": flag.id},
        headers=clinic.prs,
    )  # fmt: skip
    assert made.status_code == 201, made.text
    closed = safety_flags.open_flag(writer, flag.id, uow=uows())
    assert (closed.state, closed.disclosure_id) == ("requested", made.json()["id"])
