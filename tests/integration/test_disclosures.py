"""Disclosure requests as stored records through the one door, on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from sqlalchemy import Connection, select

from confide.domain.actors import Purpose, Role
from confide.domain.consents import Signer
from confide.domain.disclosures import (
    Basis,
    BasisType,
    Category,
    DisclosurePurpose,
    Duty,
    Emergency,
    Recipient,
    RecipientKind,
    Reporter,
)
from confide.domain.encounters import Label
from confide.domain.ids import OrgId
from confide.errors import Conflict, Denied, InvalidInput
from confide.services import UnitOfWorkFactory, consents, notes, staff
from confide.services import disclosure_requests as service
from confide.services.consents import RevocationSource
from confide.services.notifications import list_notifications
from confide.services.organizations import ProgramFacts
from confide.store.tables import disclosure_accounting, disclosures
from tests.factories import NOW, canary, ctx_for, draft, make_org, make_peer, make_staff
from tests.integration.test_consents import scope

CLINIC = Recipient("Maple Street Health", RecipientKind.TREATING_PROVIDER)
COURT = Recipient("County Court", RecipientKind.COURT)


def setting(uows: UnitOfWorkFactory):  # type: ignore[no-untyped-def]
    admin = make_org(uows)
    prs, outsider = make_staff(uows, admin), make_staff(uows, admin)
    officer = make_staff(uows, admin, Role.PRIVACY_OFFICER)
    peer = make_peer(uows, prs)
    return prs, outsider, officer, peer


def signed_note(uows: UnitOfWorkFactory, prs, peer, text: str, labels) -> None:  # type: ignore[no-untyped-def]
    note = notes.write_note(ctx_for(prs), peer.id, draft(text, labels=labels), uow=uows())
    notes.sign_note(ctx_for(prs), note.id, version=note.version, uow=uows())


def consent_for(  # type: ignore[no-untyped-def]
    uows: UnitOfWorkFactory, prs, peer, information: list[str], signer: Signer = Signer.PATIENT
) -> str:
    fields = scope(
        information=information, recipients=[{"name": CLINIC.name, "kind": "treating_provider"}]
    )
    made = consents.record_consent(ctx_for(prs), peer.id, fields, uow=uows())
    consents.sign_consent(
        ctx_for(prs), made.id, signer_name="Pat", signer=signer, version=1, uow=uows()
    )
    return made.id


def ask(
    information: set[Category], consent_id: str | None = None, **kw
) -> service.DisclosureDraft:  # type: ignore[no-untyped-def]
    basis = Basis(BasisType.CONSENT, consent_id) if consent_id else Basis(BasisType.NONE)
    values = {"recipient": CLINIC, "purpose": DisclosurePurpose.TREATMENT, "basis": basis}
    return service.DisclosureDraft(information=frozenset(information), **(values | kw))


def test_only_the_categories_asked_for_leave(uows: UnitOfWorkFactory) -> None:
    prs, _, _, peer = setting(uows)
    plain, sud, restricted = canary("plain"), canary("sud"), canary("restricted")
    signed_note(uows, prs, peer, plain, frozenset())
    signed_note(uows, prs, peer, sud, frozenset({Label.SUD}))
    signed_note(uows, prs, peer, restricted, frozenset({Label.RESTRICTED}))
    draft_text = canary("draft")
    notes.write_note(ctx_for(prs), peer.id, draft(draft_text), uow=uows())
    wanted = ["attendance", "service_notes"]
    consent_id = consent_for(uows, prs, peer, wanted)
    asked = ask({Category.ATTENDANCE, Category.SERVICE_NOTES}, consent_id)
    view = service.request_disclosure(ctx_for(prs), peer.id, asked, uow=uows())
    assert view.status is service.DisclosureStatus.RELEASED, view.decision
    bundle = service.disclosure_package_fhir(ctx_for(prs), view.id, uow=uows())
    documents = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "DocumentReference"
    ]
    texts = " ".join(
        base64.b64decode(d["content"][0]["attachment"]["data"]).decode() for d in documents
    )
    assert plain in texts
    assert sud not in texts
    assert restricted not in texts
    assert draft_text not in texts


def test_a_medical_emergency_is_documented(uows: UnitOfWorkFactory) -> None:
    prs, _, _, peer = setting(uows)
    emergency = Emergency(
        consent_obtainable=False, recipient_affiliation="County EMS", nature=canary("nature")
    )
    asked = ask(
        {Category.SUD_TREATMENT},
        recipient=Recipient("Dr. Ortiz", RecipientKind.MEDICAL_PERSONNEL),
        purpose=DisclosurePurpose.MEDICAL_EMERGENCY,
        basis=Basis(BasisType.MEDICAL_EMERGENCY),
        emergency=emergency,
    )
    view = service.request_disclosure(ctx_for(prs), peer.id, asked, uow=uows())
    assert view.status is service.DisclosureStatus.RELEASED, view.decision.reason
    assert Duty.DOCUMENT_EMERGENCY in view.decision.obligations
    recorded = view.request.emergency
    assert recorded is not None
    assert (recorded.recipient_affiliation, recorded.nature) == ("County EMS", emergency.nature)
    assert recorded.disclosed_by == "Staff Member"  # who disclosed: the staff member asking
    assert view.requested_at == NOW
    again = service.read_disclosure(ctx_for(prs), view.id, uow=uows())
    assert again.request.recipient.name == "Dr. Ortiz"
    assert again.request.emergency == recorded


def test_needs_review_goes_to_the_privacy_officer_who_declines(uows: UnitOfWorkFactory) -> None:
    prs, _, officer, peer = setting(uows)
    consent_id = consent_for(uows, prs, peer, ["attendance"])
    asked = ask(
        {Category.ATTENDANCE},
        recipient=COURT,
        purpose=DisclosurePurpose.LEGAL_PROCEEDING,
        basis=Basis(BasisType.COURT_ORDER, part2_order=True),
    )
    view = service.request_disclosure(ctx_for(prs), peer.id, asked, uow=uows())
    assert view.status is service.DisclosureStatus.NEEDS_REVIEW
    review = ctx_for(officer, Purpose.PRIVACY_REVIEW)
    kinds = [n.kind for n in list_notifications(review, uow=uows())]
    assert "disclosure_review" in kinds
    # While the review is open the officer may read the peer's consents to decide.
    assert consents.read_consent(review, consent_id, uow=uows()).id == consent_id
    with pytest.raises(InvalidInput):
        service.review_disclosure(review, view.id, approve=False, justification="no", uow=uows())
    declined = service.review_disclosure(
        review, view.id, approve=False, justification="The order lacks findings", uow=uows()
    )
    assert declined.status is service.DisclosureStatus.DECLINED
    assert declined.review_note == "The order lacks findings"
    with pytest.raises(Conflict):
        service.review_disclosure(
            review, view.id, approve=True, justification="changed my mind", uow=uows()
        )
    assert service.list_accounting(review, peer.id, uow=uows()) == []
    with pytest.raises(Denied):
        consents.read_consent(review, consent_id, uow=uows())  # the review is closed


def test_revocation_stops_disclosures_from_then_on(uows: UnitOfWorkFactory) -> None:
    prs, _, _, peer = setting(uows)
    consent_id = consent_for(uows, prs, peer, ["attendance"])
    first = service.request_disclosure(
        ctx_for(prs), peer.id, ask({Category.ATTENDANCE}, consent_id), uow=uows()
    )
    assert first.status is service.DisclosureStatus.RELEASED
    at = NOW + timedelta(hours=1)
    consents.revoke_consent(
        ctx_for(prs, now=at), consent_id, source=RevocationSource.PEER, uow=uows()
    )
    for later in (at + timedelta(minutes=1), at + timedelta(days=30)):
        view = service.request_disclosure(
            ctx_for(prs, now=later), peer.id, ask({Category.ATTENDANCE}, consent_id), uow=uows()
        )
        assert view.status is service.DisclosureStatus.DENIED
    entries = service.list_accounting(ctx_for(prs), peer.id, uow=uows())
    assert [e.disclosure_id for e in entries] == [first.id]


def test_an_approval_is_refused_when_the_engine_now_denies(uows: UnitOfWorkFactory) -> None:
    prs, _, officer, peer = setting(uows)
    consent_id = consent_for(uows, prs, peer, ["attendance"], Signer.GUARDIAN)
    routed = ask({Category.ATTENDANCE}, consent_id)
    view = service.request_disclosure(ctx_for(prs), peer.id, routed, uow=uows())
    assert view.status is service.DisclosureStatus.NEEDS_REVIEW  # part2.consent.signer_authority
    consents.revoke_consent(ctx_for(prs), consent_id, source=RevocationSource.PEER, uow=uows())
    review = ctx_for(officer, Purpose.PRIVACY_REVIEW)
    with pytest.raises(Conflict):
        service.review_disclosure(
            review, view.id, approve=True, justification="the guardian has authority",
            uow=uows(),
        )  # fmt: skip
    assert service.read_disclosure(review, view.id, uow=uows()).status is (
        service.DisclosureStatus.NEEDS_REVIEW
    )


def test_staff_off_the_care_team_cannot_ask_and_the_denial_is_recorded(
    uows: UnitOfWorkFactory,
) -> None:
    prs, outsider, _, peer = setting(uows)
    with pytest.raises(Denied):
        service.request_disclosure(
            ctx_for(outsider), peer.id, ask({Category.ATTENDANCE}), uow=uows()
        )
    with uows() as uow:
        events = uow.audit.for_peer(OrgId(prs.organization_id), peer.id)
    denied = [e for e in events if e.action == "disclosure:request"]
    assert [(e.actor_id, e.outcome) for e in denied] == [(outsider.staff_id, "deny")]
    with uows() as uow:
        assert uow.disclosures.accounting_for_peer(OrgId(prs.organization_id), peer.id) == []


def test_disclosure_content_is_ciphertext_at_rest(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    prs, _, _, peer = setting(uows)
    text = canary("outgoing")
    signed_note(uows, prs, peer, text, frozenset())
    consent_id = consent_for(uows, prs, peer, ["service_notes"])
    view = service.request_disclosure(
        ctx_for(prs), peer.id, ask({Category.SERVICE_NOTES}, consent_id), uow=uows()
    )
    assert view.status is service.DisclosureStatus.RELEASED
    row = connection.execute(select(disclosures).where(disclosures.c.id == view.id)).one()
    entry = connection.execute(
        select(disclosure_accounting).where(disclosure_accounting.c.disclosure_id == view.id)
    ).one()
    for blob in (row.request, row.decision, row.package, entry.entry):
        assert CLINIC.name.encode() not in bytes(blob)
        assert text.encode() not in bytes(blob)
        assert b"treatment" not in bytes(blob)


def test_a_request_carries_the_askers_reporter_status_and_the_programs_facts(
    uows: UnitOfWorkFactory,
) -> None:
    admin = make_org(uows, facts=ProgramFacts(fundraises=True, publicly_identified_sud=True))
    prs = make_staff(uows, admin)
    staff.set_mandated_reporter(ctx_for(admin, Purpose.ADMINISTRATION), prs.staff_id,
                                child=True, adult=False, uow=uows())  # fmt: skip
    peer = make_peer(uows, prs)
    made = service.request_disclosure(ctx_for(prs), peer.id, ask({Category.ATTENDANCE}),
                                      uow=uows())  # fmt: skip
    for view in (made, service.read_disclosure(ctx_for(prs), made.id, uow=uows())):
        assert view.request.reporter == Reporter(mandated_child=True, mandated_adult=False)
        program = view.request.program
        assert (program.fundraises, program.publicly_identified_sud) == (True, True)
    plain_admin = make_org(uows)
    other = make_staff(uows, plain_admin)
    asked = service.request_disclosure(ctx_for(other), make_peer(uows, other).id,
                                       ask({Category.ATTENDANCE}), uow=uows())  # fmt: skip
    assert asked.request.reporter == Reporter(mandated_child=False, mandated_adult=False)
    assert (asked.request.program.fundraises, asked.request.program.publicly_identified_sud) == (
        False, False,
    )  # fmt: skip
