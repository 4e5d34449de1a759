"""Consents as stored records through the one door, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Connection, select

from confide.domain.actors import Purpose, Role
from confide.domain.consents import CriminalJusticeTerms, Signer
from confide.domain.ids import OrgId
from confide.errors import Conflict, Denied, InvalidInput
from confide.services import UnitOfWorkFactory
from confide.services import consents as service
from confide.services.consents import CoSigner, RevocationSource
from confide.services.organizations import ProgramFacts
from confide.store.tables import consent_versions
from tests.factories import NOW, canary, ctx_for, make_org, make_peer, make_staff


def scope(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "form": "part2",
        "patient_name": canary("consentee"),
        "discloser": "Harbor Peer Recovery",
        "information": ["attendance"],
        "information_description": canary("what"),
        "recipients": [{"name": canary("clinic"), "kind": "treating_provider"}],
        "purposes": ["treatment"],
        "revocation_statement": True,
        "redisclosure_statement": True,
        "expires": "2027-12-31",
    }
    return values | overrides


# The keys a consent body had before contract v2.
V1_KEYS = {
    "id", "form", "patient_name", "discloser", "information", "information_description",
    "recipients", "purposes", "revocation_statement", "redisclosure_statement", "expires",
    "expiry_event", "expiry_event_occurred",
}  # fmt: skip


def setting(uows: UnitOfWorkFactory):  # type: ignore[no-untyped-def]
    admin = make_org(uows)
    prs, outsider = make_staff(uows, admin), make_staff(uows, admin)
    officer = make_staff(uows, admin, Role.PRIVACY_OFFICER)
    return prs, outsider, officer, make_peer(uows, prs)


def test_a_consent_is_recorded_signed_and_read_back(uows: UnitOfWorkFactory) -> None:
    prs, _, _, peer = setting(uows)
    fields = scope()
    made = service.record_consent(ctx_for(prs), peer.id, fields, uow=uows())
    assert made.state == "unsigned"
    signed = service.sign_consent(
        ctx_for(prs), made.id, signer_name="Pat", signer=Signer.GUARDIAN, version=1, uow=uows()
    )
    assert signed.state == "active"
    read = service.read_consent(ctx_for(prs), made.id, uow=uows())
    assert read.signer_name == "Pat"
    assert read.consent.signed_by is Signer.GUARDIAN
    assert read.consent.signed_on == NOW.date()
    assert read.consent.patient_name == fields["patient_name"]


@pytest.mark.parametrize(
    "element", ["patient_name", "discloser", "information", "purposes", "recipients", "expires"]
)
def test_a_consent_missing_an_element_cannot_be_saved(
    uows: UnitOfWorkFactory, element: str
) -> None:
    prs, _, _, peer = setting(uows)
    fields = scope()
    del fields[element]
    with pytest.raises(InvalidInput) as caught:
        service.record_consent(ctx_for(prs), peer.id, fields, uow=uows())
    named = "expiry" if element == "expires" else element
    assert named in caught.value.fields
    assert service.list_consents(ctx_for(prs), peer.id, uow=uows()) == []


def test_a_change_keeps_the_old_version_and_needs_a_new_signature(
    uows: UnitOfWorkFactory,
) -> None:
    prs, _, _, peer = setting(uows)
    made = service.record_consent(ctx_for(prs), peer.id, scope(), uow=uows())
    service.sign_consent(
        ctx_for(prs), made.id, signer_name="Pat", signer=Signer.PATIENT, version=1, uow=uows()
    )
    later = ctx_for(prs, now=NOW + timedelta(days=1))
    changed = service.change_consent(
        later, made.id, scope(purposes=["treatment", "payment"]), version=1, uow=uows()
    )
    assert (changed.version, changed.state) == (2, "unsigned")
    assert [v.signed_at is not None for v in changed.versions] == [True, False]
    with pytest.raises(Conflict):
        service.change_consent(later, made.id, scope(), version=1, uow=uows())
    with pytest.raises(InvalidInput):
        service.change_consent(
            later, made.id, scope(form="hipaa_authorization"), version=2, uow=uows()
        )


def test_revocation_is_effective_from_then_on_and_audited(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    prs, outsider, officer, peer = setting(uows)
    made = service.record_consent(ctx_for(prs), peer.id, scope(), uow=uows())
    service.sign_consent(
        ctx_for(prs), made.id, signer_name="Pat", signer=Signer.PATIENT, version=1, uow=uows()
    )
    assert service.read_consent(ctx_for(prs), made.id, uow=uows()).state == "active"
    when = NOW + timedelta(hours=2)
    revoked = service.revoke_consent(
        ctx_for(officer, Purpose.PRIVACY_REVIEW, when),
        made.id,
        source=RevocationSource.PEER,
        uow=uows(),
    )
    assert revoked.revoked_at == when
    again = service.revoke_consent(
        ctx_for(prs, now=when + timedelta(hours=1)), made.id, source=RevocationSource.STAFF,
        uow=uows(),
    )  # fmt: skip
    assert (again.revoked_at, again.source) == (when, RevocationSource.PEER)
    view = service.read_consent(ctx_for(prs, now=when), made.id, uow=uows())
    assert view.state == "revoked"
    assert view.revocation_source == "peer"
    with pytest.raises(Conflict):
        service.change_consent(ctx_for(prs), made.id, scope(), version=1, uow=uows())
    with uows() as uow:
        events = uow.audit.for_peer(OrgId(prs.organization_id), peer.id)
    assert [(e.action, e.actor_id, e.rule_id) for e in events if e.action == "consent:revoke"] == [
        ("consent:revoke", officer.staff_id, "consent.revoke"),
        ("consent:revoke", prs.staff_id, "consent.revoke"),
    ]
    del outsider, connection


def test_staff_off_the_care_team_cannot_read_a_consent(uows: UnitOfWorkFactory) -> None:
    prs, outsider, _, peer = setting(uows)
    made = service.record_consent(ctx_for(prs), peer.id, scope(), uow=uows())
    with pytest.raises(Denied):
        service.read_consent(ctx_for(outsider), made.id, uow=uows())
    with pytest.raises(Denied):
        service.record_consent(ctx_for(outsider), peer.id, scope(), uow=uows())


def test_consent_content_is_ciphertext_at_rest(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    prs, _, _, peer = setting(uows)
    fields = scope()
    made = service.record_consent(ctx_for(prs), peer.id, fields, uow=uows())
    service.sign_consent(
        ctx_for(prs), made.id, signer_name=canary("sig"), signer=Signer.PATIENT, version=1,
        uow=uows(),
    )  # fmt: skip
    row = connection.execute(
        select(consent_versions).where(consent_versions.c.consent_id == made.id)
    ).one()
    for secret in (fields["patient_name"], fields["information_description"]):
        assert secret.encode() not in bytes(row.body)
    assert b"part2" not in bytes(row.body)
    assert b"patient" not in bytes(row.signature)


def test_every_v2_field_and_every_signer_is_stored_and_read_back(
    uows: UnitOfWorkFactory,
) -> None:
    prs, _, _, peer = setting(uows)
    fields = scope(
        recipients=[{"name": "Fairfax Drug Court", "kind": "probation_or_court_program"}],
        refusal_consequences_statement=True,
        redisclosure_potential_statement=True,
        fundraising_statement=False,
        criminal_justice={"period": "until the end of probation", "revocable_upon": "2027-06-30"},
    )
    made = service.record_consent(ctx_for(prs), peer.id, fields, uow=uows())
    signed = service.sign_consent(
        ctx_for(prs), made.id, signer_name="Pat", signer=Signer.PATIENT, version=1, uow=uows(),
        co_signers=[CoSigner(Signer.PARENT, " Lee ")],
        representative_authority="parent of a minor peer (42 CFR 2.14(b))",
    )  # fmt: skip
    read = service.read_consent(ctx_for(prs), made.id, uow=uows())
    assert read == signed
    c = read.consent
    assert (c.signed_by, c.co_signed_by, c.signers) == (
        Signer.PATIENT, (Signer.PARENT,), frozenset({Signer.PATIENT, Signer.PARENT}),
    )  # fmt: skip
    assert (read.signer_name, read.co_signer_names) == ("Pat", ("Lee",))
    assert c.representative_authority == "parent of a minor peer (42 CFR 2.14(b))"
    assert (c.refusal_consequences_statement, c.redisclosure_potential_statement) == (True, True)
    assert c.fundraising_statement is False
    assert c.criminal_justice == CriminalJusticeTerms("until the end of probation", "2027-06-30")
    stored = service.consent_fields(c)
    assert {k: stored[k] for k in fields} == fields | {"recipients": [
        {"name": "Fairfax Drug Court", "kind": "probation_or_court_program",
         "intermediary": False}]}  # fmt: skip


def test_nobody_signs_twice_and_every_co_signer_types_a_name(uows: UnitOfWorkFactory) -> None:
    prs, _, _, peer = setting(uows)
    made = service.record_consent(ctx_for(prs), peer.id, scope(), uow=uows())
    for co_signers, code in (
        ([CoSigner(Signer.PATIENT, "Pat again")], "repeated"),
        ([CoSigner(Signer.PARENT, "  ")], "required"),
    ):
        with pytest.raises(InvalidInput) as caught:
            service.sign_consent(
                ctx_for(prs), made.id, signer_name="Pat", signer=Signer.PATIENT, version=1,
                uow=uows(), co_signers=co_signers,
            )  # fmt: skip
        assert caught.value.fields == {"co_signers": code}
    assert service.read_consent(ctx_for(prs), made.id, uow=uows()).state == "unsigned"


def test_a_consent_stored_before_v2_reads_as_before(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    """A body and a signature record with no v2 key (as version 1 wrote them) read back with
    no statement said, no co-signer, no authority and no 2.35 terms."""
    prs, _, _, peer = setting(uows)
    made = service.record_consent(ctx_for(prs), peer.id, scope(), uow=uows())
    org = OrgId(prs.organization_id)
    ident = f"{made.id}/1"
    v1_signature = {"signer_name": "Pat", "signer_type": "guardian", "signed_on": "2026-11-24"}
    row = connection.execute(
        select(consent_versions).where(consent_versions.c.consent_id == made.id)
    ).one()
    with uows() as uow:
        cipher = uow.keys.cipher_for(org, peer.id)
        body = json.loads(cipher.open(row.body, cipher.context("consent_versions", "body", ident)))
        sealed = cipher.seal(
            cipher.context("consent_versions", "signature", ident),
            json.dumps(v1_signature, sort_keys=True),
        )
        head = uow.consents.get(org, made.id)
        assert head is not None
        uow.consents.sign(head, signature=sealed, signed_by=prs.staff_id, now=NOW)
        uow.commit()
    assert set(body) <= V1_KEYS
    read = service.read_consent(ctx_for(prs), made.id, uow=uows())
    c = read.consent
    assert (read.state, read.signer_name, read.co_signer_names) == ("active", "Pat", ())
    assert (c.signed_by, c.co_signed_by, c.representative_authority) == (
        Signer.GUARDIAN, (), None,
    )  # fmt: skip
    assert (c.refusal_consequences_statement, c.redisclosure_potential_statement,
            c.fundraising_statement, c.criminal_justice) == (None, None, None, None)  # fmt: skip


def test_a_fundraising_programs_consent_states_the_opt_out_2_31_a_5_iii(
    uows: UnitOfWorkFactory,
) -> None:
    """2.31(a)(5)(iii): "If a part 2 program intends to use or disclose records to fundraise on
    its own behalf, a statement about the patient's right to elect not to receive any
    fundraising communications." The program's own profile decides; nothing is saved without it."""
    admin = make_org(uows, facts=ProgramFacts(fundraises=True))
    prs = make_staff(uows, admin)
    peer = make_peer(uows, prs)
    with pytest.raises(InvalidInput) as caught:
        service.record_consent(
            ctx_for(prs), peer.id, scope(fundraising_statement=False), uow=uows()
        )
    assert "fundraising_statement" in caught.value.fields
    assert "2.31(a)(5)(iii)" in caught.value.message
    assert service.list_consents(ctx_for(prs), peer.id, uow=uows()) == []
    made = service.record_consent(
        ctx_for(prs), peer.id, scope(fundraising_statement=True), uow=uows()
    )
    assert made.consent.fundraising_statement is True
    elsewhere = setting(uows)  # a program that does not fundraise does not ask for it
    plain = service.record_consent(
        ctx_for(elsewhere[0]), elsewhere[3].id, scope(fundraising_statement=False), uow=uows()
    )
    assert plain.consent.fundraising_statement is False
