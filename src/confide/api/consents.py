"""Consents: record, change, sign, revoke and view; the peer's PDF copy; FHIR export and import.

Bodies use the `confide disclosure check` consent shape (docs/disclosure.md): a field left out
is an absent element, and a consent missing an element is refused, naming the element."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from confide.api.deps import Ctx, Uow, acts
from confide.domain.actions import Action
from confide.domain.consents import ConsentForm, Signer
from confide.domain.disclosures import Category, DisclosurePurpose, RecipientKind
from confide.domain.ids import PeerId
from confide.services import consents as service

router = APIRouter(tags=["consents"])
PDF_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Disposition": "attachment; filename=consent.pdf",
}


class RecipientIn(BaseModel):
    name: str = Field(max_length=200)
    kind: RecipientKind | None = None
    covered_entity: bool | None = None
    intermediary: bool = False
    participants: list[str] = Field(default_factory=list, max_length=100)
    participant_class: str | None = Field(default=None, max_length=200)


class CriminalJusticeIn(BaseModel):
    """42 CFR 2.35: how long a consent to the criminal justice system stays in effect, and the
    time or event upon which it becomes revocable (free text or an ISO date; null is missing)."""

    period: str | None = Field(default=None, max_length=500)
    revocable_upon: str | None = Field(default=None, max_length=500)


class ConsentIn(BaseModel):
    """The scope of a consent; every element the form requires must be there."""

    form: ConsentForm
    patient_name: str | None = Field(default=None, max_length=200)
    discloser: str | None = Field(default=None, max_length=200)
    information: list[Category] | None = None
    information_description: str | None = Field(default=None, max_length=2000)
    recipients: list[RecipientIn] | None = Field(default=None, max_length=50)
    purposes: list[DisclosurePurpose] | None = None
    revocation_statement: bool | None = None
    redisclosure_statement: bool | None = None
    # contract v2: left out (or null) is "not said", taken as present; false is missing
    refusal_consequences_statement: bool | None = None
    redisclosure_potential_statement: bool | None = None
    fundraising_statement: bool | None = None
    expires: date | None = None  # with expiry_event; both null on a TPO consent: "none"
    expiry_event: str | None = Field(default=None, max_length=500)
    criminal_justice: CriminalJusticeIn | None = None  # for probation or a court program

    def fields(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_unset=True)


class ChangeIn(ConsentIn):
    version: int


class CoSignerIn(BaseModel):
    signer_name: str = Field(min_length=1, max_length=200)  # their own typed signature
    signer_type: Signer


class SignIn(BaseModel):
    signer_name: str = Field(min_length=1, max_length=200)  # the typed signature
    signer_type: Signer  # patient (the peer), parent, guardian, representative, other
    version: int
    co_signers: list[CoSignerIn] = Field(default_factory=list, max_length=4)
    # how a signer other than the peer may act for them (45 CFR 164.508(c)(1)(vi))
    representative_authority: str | None = Field(default=None, max_length=500)


class CoSignerOut(BaseModel):
    signer_name: str | None
    signer_type: str


class RevokeIn(BaseModel):
    source: service.RevocationSource = service.RevocationSource.PEER


class VersionOut(BaseModel):
    version: int
    created_at: datetime
    signed_at: datetime | None


class ConsentOut(BaseModel):
    id: str
    peer_id: str
    version: int
    form: str
    state: str
    scope: dict[str, Any]
    signer_name: str | None
    signer_type: str | None
    co_signers: list[CoSignerOut]
    representative_authority: str | None
    signed_on: date | None
    signed_at: datetime | None
    revoked_at: datetime | None
    revocation_source: str | None
    versions: list[VersionOut]

    @classmethod
    def of(cls, v: service.ConsentView) -> ConsentOut:
        c = v.consent
        scope = service.consent_fields(c)
        scope.pop("id", None)
        scope.pop("representative_authority", None)  # recorded with the signature
        names = (*v.co_signer_names, *([None] * len(c.co_signed_by)))
        co = [
            CoSignerOut(signer_name=n, signer_type=s.value)
            for s, n in zip(c.co_signed_by, names, strict=False)
        ]
        return cls(
            id=v.id, peer_id=v.peer_id, version=v.version, form=c.form.value, state=v.state,
            scope=scope, signer_name=v.signer_name,
            signer_type=c.signed_by.value if c.signed_by else None, co_signers=co,
            representative_authority=c.representative_authority, signed_on=c.signed_on,
            signed_at=v.signed_at, revoked_at=v.revoked_at,
            revocation_source=v.revocation_source,
            versions=[VersionOut(version=s.version, created_at=s.created_at,
                                 signed_at=s.signed_at) for s in v.versions],
        )  # fmt: skip


class RevocationOut(BaseModel):
    id: str
    peer_id: str
    revoked_at: datetime
    source: str


@router.post(
    "/peers/{peer_id}/consents",
    response_model=ConsentOut,
    status_code=201,
    **acts(Action.CONSENT_CREATE),
)
def record(peer_id: str, body: ConsentIn, ctx: Ctx, uow: Uow) -> ConsentOut:
    """Record a consent for a peer, unsigned; every element but the signature is required."""
    return ConsentOut.of(service.record_consent(ctx, PeerId(peer_id), body.fields(), uow=uow))


@router.post(
    "/peers/{peer_id}/consents/fhir",
    response_model=ConsentOut,
    status_code=201,
    **acts(Action.CONSENT_CREATE),
)
def import_fhir(peer_id: str, body: dict[str, Any], ctx: Ctx, uow: Uow) -> ConsentOut:
    """Record a consent arriving as a FHIR R4 Consent resource."""
    return ConsentOut.of(service.import_consent(ctx, PeerId(peer_id), body, uow=uow))


@router.get(
    "/peers/{peer_id}/consents", response_model=list[ConsentOut], **acts(Action.CONSENT_READ)
)
def list_all(peer_id: str, ctx: Ctx, uow: Uow) -> list[ConsentOut]:
    """A peer's consents, oldest first, each with its state today."""
    return [ConsentOut.of(v) for v in service.list_consents(ctx, PeerId(peer_id), uow=uow)]


@router.get("/consents/{consent_id}", response_model=ConsentOut, **acts(Action.CONSENT_READ))
def read(consent_id: str, ctx: Ctx, uow: Uow) -> ConsentOut:
    """One consent: current version, state, signature, versions."""
    return ConsentOut.of(service.read_consent(ctx, consent_id, uow=uow))


@router.put("/consents/{consent_id}", response_model=ConsentOut, **acts(Action.CONSENT_UPDATE))
def change(consent_id: str, body: ChangeIn, ctx: Ctx, uow: Uow) -> ConsentOut:
    """Change a consent: a new version, to be signed again; old versions are kept."""
    fields = body.fields()
    fields.pop("version", None)
    view = service.change_consent(ctx, consent_id, fields, version=body.version, uow=uow)
    return ConsentOut.of(view)


@router.post("/consents/{consent_id}/sign", response_model=ConsentOut, **acts(Action.CONSENT_SIGN))
def sign(consent_id: str, body: SignIn, ctx: Ctx, uow: Uow) -> ConsentOut:
    """Record the typed signature and signer type on the current version, with every
    co-signer and a non-patient signer's authority."""
    co = [service.CoSigner(c.signer_type, c.signer_name) for c in body.co_signers]
    view = service.sign_consent(
        ctx, consent_id, signer_name=body.signer_name, signer=body.signer_type,
        version=body.version, uow=uow, co_signers=co,
        representative_authority=body.representative_authority,
    )  # fmt: skip
    return ConsentOut.of(view)


@router.post(
    "/consents/{consent_id}/revoke", response_model=RevocationOut, **acts(Action.CONSENT_REVOKE)
)
def revoke(consent_id: str, body: RevokeIn, ctx: Ctx, uow: Uow) -> RevocationOut:
    """Revoke now; effective from this moment on. The answer holds no content."""
    v = service.revoke_consent(ctx, consent_id, source=body.source, uow=uow)
    return RevocationOut(id=v.id, peer_id=v.peer_id, revoked_at=v.revoked_at, source=v.source)


@router.get(
    "/consents/{consent_id}/pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
    **acts(Action.CONSENT_READ),
)
def pdf(consent_id: str, ctx: Ctx, uow: Uow) -> Response:
    """The consent as a PDF the peer keeps."""
    content = service.consent_copy_pdf(ctx, consent_id, uow=uow)
    return Response(content, media_type="application/pdf", headers=PDF_HEADERS)


@router.get("/consents/{consent_id}/fhir", **acts(Action.CONSENT_READ))
def fhir(consent_id: str, ctx: Ctx, uow: Uow) -> dict[str, Any]:
    """The consent as a FHIR R4 Consent resource."""
    return service.export_consent(ctx, consent_id, uow=uow)
