"""Consents as stored records: record, change (a new version), sign, revoke, read, the peer's
PDF copy, FHIR export and import (docs/disclosure.md).

The scope of each version and its signature are sealed under the peer's key. A consent missing
an element cannot be saved: the error names the element and its citation. A change makes a new
version, which authorizes nothing until it is signed; old versions are kept. Revocation is
effective from the moment it is recorded and never undoes a disclosure made before it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any, NoReturn

from confide.crypto.cipher import PeerCipher
from confide.domain.actions import Action
from confide.domain.actors import RequestContext
from confide.domain.consents import (
    Consent,
    ConsentRecipient,
    CriminalJusticeTerms,
    Element,
    Signer,
)
from confide.domain.ids import OrgId, PeerId, ProgramId, StaffId, new_id
from confide.errors import Conflict, InvalidInput, NotFound
from confide.interop.fhir import consent_from_fhir, consent_to_fhir
from confide.interop.pdf import consent_pdf
from confide.policy import Resource
from confide.policy.consents import missing_elements, required_elements, state_on
from confide.services._guard import authorize, existing_peer
from confide.services.disclosures import parse_consent
from confide.store.consents import ConsentRow, ConsentVersionRow
from confide.store.uow import UnitOfWork

MAX_SIGNER = 200
MAX_AUTHORITY = 500
MAX_CO_SIGNERS = 4
# Recorded with the signature, so checked when the consent is signed, not when it is saved.
SIGNATURE_ELEMENTS = frozenset(
    {Element.SIGNATURE, Element.SIGNED_ON, Element.REPRESENTATIVE_AUTHORITY}
)
STATEMENTS = (
    "revocation_statement",
    "redisclosure_statement",
    "refusal_consequences_statement",
    "redisclosure_potential_statement",
    "fundraising_statement",
)
UNSIGNED = "unsigned"


class RevocationSource(StrEnum):
    """Who asked: the peer (in writing or in person, recorded by staff), or staff."""

    PEER = "peer"
    STAFF = "staff"


@dataclass(frozen=True, slots=True)
class CoSigner:
    """A second (or later) signer: who they are to the peer and their typed name."""

    signer: Signer
    name: str | None = None


@dataclass(frozen=True, slots=True)
class VersionSummary:
    version: int
    created_at: datetime
    signed_at: datetime | None


@dataclass(frozen=True, slots=True)
class ConsentView:
    """The current version as the disclosure engine reads it, with its history."""

    id: str
    peer_id: PeerId
    version: int
    consent: Consent
    state: str  # unsigned, active, not_yet_signed, expired, revoked
    signer_name: str | None
    signed_at: datetime | None
    revoked_at: datetime | None
    revocation_source: str | None
    versions: tuple[VersionSummary, ...]
    co_signer_names: tuple[str | None, ...] = ()  # in the order of `consent.co_signed_by`


@dataclass(frozen=True, slots=True)
class RevocationView:
    """What a revocation answers: ids and times, no content."""

    id: str
    peer_id: PeerId
    revoked_at: datetime
    source: RevocationSource


# -- the stored shape -------------------------------------------------------------------------
def consent_fields(consent: Consent) -> dict[str, Any]:
    """The scope of a consent in the contract's shape; an absent element is left out."""
    out: dict[str, Any] = {"id": consent.id, "form": consent.form.value}
    texts = {
        "patient_name": consent.patient_name,
        "discloser": consent.discloser,
        "information_description": consent.information_description,
        "expiry_event": consent.expiry_event,
        "representative_authority": consent.representative_authority,
    }
    out |= {k: v for k, v in texts.items() if v is not None}
    if consent.information is not None:
        out["information"] = sorted(c.value for c in consent.information)
    if consent.purposes is not None:
        out["purposes"] = sorted(p.value for p in consent.purposes)
    if consent.recipients is not None:
        out["recipients"] = [_recipient_fields(r) for r in consent.recipients]
    for flag in STATEMENTS:
        if getattr(consent, flag) is not None:
            out[flag] = getattr(consent, flag)
    if consent.expires is not None or consent.expiry_stated:
        out["expires"] = consent.expires.isoformat() if consent.expires else None
    if consent.expiry_event_occurred:
        out["expiry_event_occurred"] = True
    if consent.criminal_justice is not None:
        out["criminal_justice"] = _criminal_justice_fields(consent.criminal_justice)
    return out


def _criminal_justice_fields(terms: CriminalJusticeTerms) -> dict[str, Any]:
    return {"period": terms.period, "revocable_upon": terms.revocable_upon}


def _recipient_fields(r: ConsentRecipient) -> dict[str, Any]:
    out: dict[str, Any] = {"name": r.name, "intermediary": r.intermediary}
    if r.kind is not None:
        out["kind"] = r.kind.value
    if r.covered_entity is not None:
        out["covered_entity"] = r.covered_entity
    if r.participants:
        out["participants"] = list(r.participants)
    if r.participant_class is not None:
        out["participant_class"] = r.participant_class
    return out


def _scope_only(consent: Consent) -> Consent:
    """The consent without signature or revocation: those are recorded separately (the
    signers and a representative's authority with the signature)."""
    return replace(
        consent, signed=None, signed_by=None, co_signed_by=(), representative_authority=None,
        signed_on=None, revoked_on=None,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Signature:
    """What the signature record holds: who signed (first signer, then co-signers, each with
    a typed name where one was typed), when, and a non-patient signer's authority."""

    signer: Signer
    name: str | None
    on: date
    co_signers: tuple[CoSigner, ...] = ()
    representative_authority: str | None = None

    @classmethod
    def of(cls, consent: Consent) -> Signature | None:
        """The signature a consent carries (one imported already signed), if any."""
        if consent.signed_by is None or consent.signed_on is None:
            return None
        co_signers = tuple(CoSigner(s) for s in consent.co_signed_by)
        return cls(
            consent.signed_by, None, consent.signed_on, co_signers,
            consent.representative_authority,
        )  # fmt: skip


def _seal_body(cipher: PeerCipher, consent_id: str, version: int, consent: Consent) -> bytes:
    context = cipher.context("consent_versions", "body", f"{consent_id}/{version}")
    return cipher.seal(context, json.dumps(consent_fields(consent), sort_keys=True))


def _seal_signature(cipher: PeerCipher, consent_id: str, version: int, sig: Signature) -> bytes:
    """The sealed signature record. A v1 record holds only the first three keys; `co_signers`
    and `representative_authority` are written only when there are some."""
    context = cipher.context("consent_versions", "signature", f"{consent_id}/{version}")
    payload: dict[str, Any] = {
        "signer_name": sig.name, "signer_type": sig.signer.value, "signed_on": sig.on.isoformat(),
    }  # fmt: skip
    if sig.co_signers:
        payload["co_signers"] = [
            {"signer_type": c.signer.value, "signer_name": c.name} for c in sig.co_signers
        ]
    if sig.representative_authority is not None:
        payload["representative_authority"] = sig.representative_authority
    return cipher.seal(context, json.dumps(payload, sort_keys=True))


def _open_version(
    cipher: PeerCipher, head: ConsentRow, row: ConsentVersionRow
) -> tuple[Consent, tuple[str | None, ...]]:
    """The domain consent of one stored version (with signature and revocation), and the
    signers' typed names, first signer first (empty when unsigned)."""
    ident = f"{row.consent_id}/{row.version}"
    body = json.loads(cipher.open(row.body, cipher.context("consent_versions", "body", ident)))
    consent = parse_consent(body | {"id": head.id})
    names: tuple[str | None, ...] = ()
    if row.signature is not None:
        context = cipher.context("consent_versions", "signature", ident)
        signature = json.loads(cipher.open(row.signature, context))
        co_signers = signature.get("co_signers", [])
        names = (signature["signer_name"], *(c["signer_name"] for c in co_signers))
        consent = replace(
            consent,
            signed=True,
            signed_by=Signer(signature["signer_type"]),
            co_signed_by=tuple(Signer(c["signer_type"]) for c in co_signers),
            representative_authority=signature.get("representative_authority"),
            signed_on=date.fromisoformat(signature["signed_on"]),
        )
    if head.revoked_at is not None:
        consent = replace(consent, revoked_on=head.revoked_at.date())
    return consent, names


def _check_elements(consent: Consent, *, fundraises: bool) -> None:
    """A consent cannot be saved missing an element, signature aside (it is signed next).
    `fundraises`: the peer's program fundraises, so a Part 2 consent states the opt-out."""
    needed = missing_elements(consent, fundraises=fundraises)
    missing = [e for e in needed if e not in SIGNATURE_ELEMENTS]
    if missing:
        citation = required_elements(consent, fundraises=fundraises)[missing[0]]
        raise InvalidInput(
            f"consent is missing {missing[0].value} ({citation})",
            fields={e.value: "missing" for e in missing},
        )


def _fundraises(uow: UnitOfWork, org: OrgId, peer_id: PeerId) -> bool:
    """Whether the program the peer belongs to fundraises on its own behalf (2.31(a)(5)(iii))."""
    peer = uow.peers.get(org, peer_id)
    return _program_fundraises(uow, org, peer.program_id if peer else None)


def _program_fundraises(uow: UnitOfWork, org: OrgId, program_id: ProgramId | None) -> bool:
    profile = uow.organizations.program_profile(org, program_id)
    return bool(profile and profile.fundraises)


# -- reading inside another use case ----------------------------------------------------------
def load_consents(uow: UnitOfWork, org: OrgId, peer_id: PeerId) -> tuple[Consent, ...]:
    """Every consent of one peer, current versions, as the engine reads them. For use inside a
    caller's unit of work, after the caller was authorized."""
    heads = uow.consents.for_peer(org, peer_id)
    if not heads:
        return ()
    cipher = uow.keys.cipher_for(org, peer_id)
    return tuple(
        _open_version(cipher, h, uow.consents.version(org, h.id, h.version))[0] for h in heads
    )


def _view(uow: UnitOfWork, head: ConsentRow, today: date) -> ConsentView:
    cipher = uow.keys.cipher_for(head.organization_id, head.peer_id)
    versions = uow.consents.versions(head.organization_id, head.id)
    current = next(v for v in versions if v.version == head.version)
    consent, names = _open_version(cipher, head, current)
    state = state_on(consent, today).value if consent.signed else UNSIGNED
    if head.revoked_at is not None:
        state = "revoked"
    return ConsentView(
        head.id, head.peer_id, head.version, consent, state, names[0] if names else None,
        current.signed_at, head.revoked_at, head.revocation_source,
        tuple(VersionSummary(v.version, v.created_at, v.signed_at) for v in versions),
        names[1:],
    )  # fmt: skip


def _head(uow: UnitOfWork, org: OrgId, consent_id: str) -> ConsentRow:
    head = uow.consents.get(org, consent_id)
    if head is None:
        raise NotFound("consent", consent_id)
    return head


def _resource(head: ConsentRow) -> Resource:
    return Resource("consent", head.organization_id, head.peer_id)


# -- use cases --------------------------------------------------------------------------------
def record_consent(
    ctx: RequestContext, peer_id: PeerId, fields: Mapping[str, Any], *, uow: UnitOfWork
) -> ConsentView:
    """Record a consent (unsigned) for one peer; every element but the signature is required."""
    consent_id = new_id()
    consent = _scope_only(parse_consent(dict(fields) | {"id": consent_id}))
    return _add(ctx, peer_id, consent, None, uow=uow)


def import_consent(
    ctx: RequestContext, peer_id: PeerId, resource: Mapping[str, Any], *, uow: UnitOfWork
) -> ConsentView:
    """Record a consent that arrives as a FHIR R4 Consent, with its signature if it has one."""
    consent = replace(consent_from_fhir(resource), id=new_id())
    return _add(ctx, peer_id, consent, consent if consent.signed else None, uow=uow)


def _add(
    ctx: RequestContext,
    peer_id: PeerId,
    consent: Consent,
    signed: Consent | None,
    *,
    uow: UnitOfWork,
) -> ConsentView:
    if consent.revoked_on is not None:
        raise InvalidInput("a revoked consent is not recorded", fields={"status": "revoked"})
    org = OrgId(ctx.actor.organization_id)
    with uow:
        peer = existing_peer(ctx, uow, peer_id)
        _check_elements(consent, fundraises=_program_fundraises(uow, org, peer.program_id))
        resource = Resource("consent", org, peer_id)
        authorize(ctx, uow, Action.CONSENT_CREATE, resource, resource_id=consent.id)
        cipher = uow.keys.cipher_for(org, peer_id)
        me = ctx.actor.staff_id
        head = ConsentRow(consent.id, org, peer_id, consent.form.value, 1, me, ctx.now, ctx.now)
        body = _seal_body(cipher, consent.id, 1, _scope_only(consent))
        uow.consents.add(head, ConsentVersionRow(consent.id, 1, org, peer_id, body, me, ctx.now))
        signature = Signature.of(signed) if signed is not None else None
        if signature is not None:
            sig = _seal_signature(cipher, consent.id, 1, signature)
            uow.consents.sign(head, signature=sig, signed_by=me, now=ctx.now)
        view = _view(uow, _head(uow, org, consent.id), ctx.now.date())
        uow.commit()
    return view


def change_consent(
    ctx: RequestContext,
    consent_id: str,
    fields: Mapping[str, Any],
    *,
    version: int,
    uow: UnitOfWork,
) -> ConsentView:
    """A change makes a new version (unsigned until signed again); old versions are kept."""
    org = OrgId(ctx.actor.organization_id)
    with uow:
        head = _head(uow, org, consent_id)
        authorize(ctx, uow, Action.CONSENT_UPDATE, _resource(head), resource_id=consent_id)
        consent = _scope_only(parse_consent(dict(fields) | {"id": consent_id}))
        if consent.form.value != head.form:
            raise InvalidInput("the form of a consent does not change", fields={"form": "fixed"})
        _check_elements(consent, fundraises=_fundraises(uow, org, head.peer_id))
        if head.version != version:
            _stale()
        new = uow.consents.bump(head, now=ctx.now)
        cipher = uow.keys.cipher_for(org, head.peer_id)
        body = _seal_body(cipher, consent_id, new, consent)
        me = ctx.actor.staff_id
        uow.consents.add_version(
            ConsentVersionRow(consent_id, new, org, head.peer_id, body, me, ctx.now)
        )
        view = _view(uow, _head(uow, org, consent_id), ctx.now.date())
        uow.commit()
    return view


def _stale() -> NoReturn:
    raise Conflict("the consent changed since you loaded it; reload it")


def sign_consent(
    ctx: RequestContext,
    consent_id: str,
    *,
    signer_name: str,
    signer: Signer,
    version: int,
    uow: UnitOfWork,
    co_signers: Sequence[CoSigner] = (),
    representative_authority: str | None = None,
) -> ConsentView:
    """Record the typed signature on the current version, with any co-signers (each typing
    their name) and a non-patient signer's authority; a consent missing any element is not
    signed (the error names the element)."""
    signature = _signature(signer_name, signer, co_signers, representative_authority, ctx.now)
    org = OrgId(ctx.actor.organization_id)
    with uow:
        head = _head(uow, org, consent_id)
        authorize(ctx, uow, Action.CONSENT_SIGN, _resource(head), resource_id=consent_id)
        if head.version != version:
            _stale()
        cipher = uow.keys.cipher_for(org, head.peer_id)
        current = uow.consents.version(org, consent_id, version)
        consent, _ = _open_version(cipher, head, current)
        signed = replace(
            consent, signed=True, signed_by=signer, signed_on=signature.on,
            co_signed_by=tuple(c.signer for c in signature.co_signers),
            representative_authority=signature.representative_authority,
        )  # fmt: skip
        fundraises = _fundraises(uow, org, head.peer_id)
        missing = missing_elements(signed, fundraises=fundraises)
        if missing:
            citation = required_elements(signed, fundraises=fundraises)[missing[0]]
            raise InvalidInput(
                f"consent is missing {missing[0].value} ({citation})",
                fields={e.value: "missing" for e in missing},
            )
        sig = _seal_signature(cipher, consent_id, version, signature)
        uow.consents.sign(head, signature=sig, signed_by=ctx.actor.staff_id, now=ctx.now)
        view = _view(uow, _head(uow, org, consent_id), signature.on)
        uow.commit()
    return view


def _signature(
    name: str,
    signer: Signer,
    co_signers: Sequence[CoSigner],
    authority: str | None,
    now: datetime,
) -> Signature:
    """The signature as typed, checked: every signer types a name, nobody signs twice, and an
    authority, when given, is one short paragraph."""
    problems: dict[str, str] = {}
    if not name.strip() or len(name) > MAX_SIGNER:
        problems["signer_name"] = "required"
    if len(co_signers) > MAX_CO_SIGNERS or any(
        not (c.name or "").strip() or len(c.name or "") > MAX_SIGNER for c in co_signers
    ):
        problems["co_signers"] = "required"
    kinds = [signer, *(c.signer for c in co_signers)]
    if len(set(kinds)) != len(kinds):
        problems["co_signers"] = "repeated"
    authority = (authority or "").strip() or None
    if authority is not None and len(authority) > MAX_AUTHORITY:
        problems["representative_authority"] = "too_long"
    if problems:
        raise InvalidInput("the signature is not complete", fields=problems)
    typed = tuple(CoSigner(c.signer, (c.name or "").strip()) for c in co_signers)
    return Signature(signer, name.strip(), now.date(), typed, authority)


def revoke_consent(
    ctx: RequestContext, consent_id: str, *, source: RevocationSource, uow: UnitOfWork
) -> RevocationView:
    """Revoke a consent now: effective from this moment on, recorded and audited. Whatever was
    disclosed in reliance on it before stays disclosed (and in the accounting)."""
    org = OrgId(ctx.actor.organization_id)
    with uow:
        head = _head(uow, org, consent_id)
        authorize(ctx, uow, Action.CONSENT_REVOKE, _resource(head), resource_id=consent_id)
        if head.revoked_at is not None:  # already revoked: the first revocation stands
            uow.commit()
            first = RevocationSource(head.revocation_source or source)
            return RevocationView(consent_id, head.peer_id, head.revoked_at, first)
        uow.consents.revoke(head, by=StaffId(ctx.actor.staff_id), source=source, now=ctx.now)
        uow.commit()
    return RevocationView(consent_id, head.peer_id, ctx.now, source)


def read_consent(ctx: RequestContext, consent_id: str, *, uow: UnitOfWork) -> ConsentView:
    """One consent: its current version, state today, signature and history."""
    org = OrgId(ctx.actor.organization_id)
    with uow:
        head = _head(uow, org, consent_id)
        authorize(ctx, uow, Action.CONSENT_READ, _resource(head), resource_id=consent_id)
        view = _view(uow, head, ctx.now.date())
        uow.commit()
    return view


def list_consents(ctx: RequestContext, peer_id: PeerId, *, uow: UnitOfWork) -> list[ConsentView]:
    """Every consent of one peer, oldest first."""
    org = OrgId(ctx.actor.organization_id)
    with uow:
        existing_peer(ctx, uow, peer_id)
        authorize(ctx, uow, Action.CONSENT_READ, Resource("consent", org, peer_id))
        views = [_view(uow, h, ctx.now.date()) for h in uow.consents.for_peer(org, peer_id)]
        uow.commit()
    return views


def consent_copy_pdf(ctx: RequestContext, consent_id: str, *, uow: UnitOfWork) -> bytes:
    """The PDF copy of a consent the peer keeps."""
    return consent_pdf(read_consent(ctx, consent_id, uow=uow).consent)


def export_consent(ctx: RequestContext, consent_id: str, *, uow: UnitOfWork) -> dict[str, Any]:
    """The consent as a FHIR R4 Consent resource."""
    return consent_to_fhir(read_consent(ctx, consent_id, uow=uow).consent)
