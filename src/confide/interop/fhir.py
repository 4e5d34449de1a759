"""FHIR R4 <-> domain for consents: a `Consent` resource per consent. Pure translation of
JSON-shaped dicts; no I/O. Disclosure packages become Bundles in `fhir_package`.

Export writes every element the domain holds, so `consent_from_fhir(consent_to_fhir(c)) == c`
(FHIR has no empty strings, lists or extensions, so an empty one, 2.35 terms with neither part
included, is written as absent and read back `None`; both are a missing element to the rules).
Import reads what a consent needs and nothing else.
An element the resource lacks comes back `None`, an absent element, which the consent rules
(`confide.policy.consents.validate`) then name; a resource whose shape is wrong raises
`InvalidInput` naming the FHIR path, never the value. Codes and sources: `fhir_codes`.

No FHIR library runs here: tests validate every shape we emit with `fhir.resources` (R4B, whose
Consent and Bundle are R4's). At run time its errors would quote the input they reject, and what
we read is a handful of fields checked one by one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from confide.domain.consents import (
    PART2_FORMS,
    Consent,
    ConsentForm,
    ConsentRecipient,
    CriminalJusticeTerms,
    Signer,
)
from confide.domain.disclosures import Category, DisclosurePurpose, RecipientKind
from confide.interop import _fhir_json as j
from confide.interop import fhir_codes as codes
from confide.interop._fhir_json import JSON
from confide.interop.fhir_codes import coding, ext

SIGNER_TYPE = {
    Signer.PATIENT: "Patient",
    Signer.GUARDIAN: "RelatedPerson",
    Signer.PARENT: "RelatedPerson",
}
SIGNER_DISPLAY = {
    Signer.PATIENT: "the peer",
    Signer.GUARDIAN: "the peer's guardian",
    Signer.OTHER: "someone else for the peer",
    Signer.PARENT: "the peer's parent",
    Signer.REPRESENTATIVE: "the peer's personal representative",
}


# ---- Consent: domain -> FHIR ------------------------------------------------------------


def consent_to_fhir(consent: Consent) -> JSON:
    """A FHIR R4 `Consent` carrying every element of `consent`, labelled restricted (and
    42CFRPart2 for a Part 2 form)."""
    contained = [_recipient_org(f"r{n}", r) for n, r in enumerate(consent.recipients or (), 1)]
    out: JSON = {
        "resourceType": "Consent",
        "meta": {"security": _consent_labels(consent)},
        "extension": _consent_extensions(consent),
        "identifier": [{"system": codes.CONSENT_ID_SYSTEM, "value": consent.id}],
        "status": _status(consent),
        "scope": {"coding": [codes.PRIVACY_SCOPE]},
        "category": [
            {"coding": [codes.RELEASE_OF_INFORMATION]},
            {"coding": [coding(codes.FORM_SYSTEM, consent.form.value)]},
        ],
        "policyRule": {"coding": [codes.policy_rule(consent.form)]},
        "provision": _provision(consent, contained),
    }
    if contained:
        out["contained"] = contained
    if consent.patient_name:
        out["patient"] = {"display": consent.patient_name}
    if consent.signed_on is not None:
        out["dateTime"] = consent.signed_on.isoformat()
    if consent.signed_by is not None:
        out["performer"] = [_performer(s) for s in (consent.signed_by, *consent.co_signed_by)]
    if consent.discloser:
        out["organization"] = [{"display": consent.discloser}]
    return j.drop_empty(out)


def _consent_labels(consent: Consent) -> list[dict[str, str]]:
    labels = [codes.RESTRICTED]
    if consent.form in PART2_FORMS:
        labels.append(codes.PART2_POLICY)
    return labels


def _status(consent: Consent) -> str:
    if consent.revoked_on is not None:
        return "inactive"
    return "active" if consent.signed is True else "draft"


def _consent_extensions(consent: Consent) -> list[JSON]:
    values: list[tuple[str, str, object]] = [
        ("information-description", "valueString", consent.information_description),
        ("revocation-statement", "valueBoolean", consent.revocation_statement),
        ("redisclosure-statement", "valueBoolean", consent.redisclosure_statement),
        ("expiry-event", "valueString", consent.expiry_event),
        ("expiry-event-occurred", "valueBoolean", consent.expiry_event_occurred or None),
        ("expiry-none", "valueBoolean", _states_no_expiry(consent) or None),
        ("signed", "valueBoolean", consent.signed),
        ("signer", "valueCode", consent.signed_by.value if consent.signed_by else None),
        ("revoked-on", "valueDate", j.iso(consent.revoked_on)),
        ("refusal-consequences-statement", "valueBoolean", consent.refusal_consequences_statement),
        (
            "redisclosure-potential-statement",
            "valueBoolean",
            consent.redisclosure_potential_statement,
        ),
        ("fundraising-statement", "valueBoolean", consent.fundraising_statement),
        ("representative-authority", "valueString", consent.representative_authority),
        *(("co-signer", "valueCode", s.value) for s in consent.co_signed_by),
    ]
    out: list[JSON] = [
        {"url": ext(name), key: value} for name, key, value in values if value not in (None, "")
    ]
    if consent.criminal_justice is not None:
        out += _criminal_justice(consent.criminal_justice)
    return out


def _criminal_justice(terms: CriminalJusticeTerms) -> list[JSON]:
    """The 2.35 terms as one complex extension; with neither part there is nothing to write
    (FHIR has no empty extension), and the terms read back absent, missing either way."""
    parts = [
        {"url": url, "valueString": value}
        for url, value in (("period", terms.period), ("revocable-upon", terms.revocable_upon))
        if value
    ]
    return [{"url": ext("criminal-justice"), "extension": parts}] if parts else []


def _states_no_expiry(consent: Consent) -> bool:
    """A form that says "none" for expiry (allowed on a TPO consent, 2.31(a)(7))."""
    return consent.expiry_stated and consent.expires is None and not consent.expiry_event


def _provision(consent: Consent, contained: list[JSON]) -> JSON:
    information = sorted(consent.information or (), key=list(Category).index)
    purposes = sorted(consent.purposes or (), key=list(DisclosurePurpose).index)
    provision: JSON = {
        "type": "permit",
        "actor": [
            {"role": {"coding": [codes.RECIPIENT_ROLE]}, "reference": {"reference": f"#{o['id']}"}}
            for o in contained
        ],
        "purpose": [codes.purpose_coding(p) for p in purposes],
        "securityLabel": [codes.SENSITIVITY[c] for c in information if c in codes.SENSITIVITY],
        "code": [{"coding": [coding(codes.CATEGORY_SYSTEM, c.value)]} for c in information],
    }
    if consent.expires is not None:
        provision["period"] = {"end": consent.expires.isoformat()}
    return j.drop_empty(provision)


def _recipient_org(ident: str, recipient: ConsentRecipient) -> JSON:
    extensions: list[JSON] = []
    if recipient.covered_entity is not None:
        extensions.append({"url": ext("covered-entity"), "valueBoolean": recipient.covered_entity})
    if recipient.intermediary:
        extensions.append({"url": ext("intermediary"), "valueBoolean": True})
    extensions += [
        {"url": ext("participant"), "valueString": p} for p in recipient.participants if p.strip()
    ]  # FHIR strings cannot be blank; a blank participant names nobody (policy agrees)
    if recipient.participant_class:
        extensions.append(
            {"url": ext("participant-class"), "valueString": recipient.participant_class}
        )
    org: JSON = {"resourceType": "Organization", "id": ident, "extension": extensions}
    if recipient.kind is not None:
        org["type"] = [{"coding": [coding(codes.RECIPIENT_KIND_SYSTEM, recipient.kind.value)]}]
    if recipient.name:
        org["name"] = recipient.name
    return j.drop_empty(org)


def _performer(signer: Signer) -> JSON:
    performer = {"display": SIGNER_DISPLAY[signer]}
    if signer in SIGNER_TYPE:
        performer["type"] = SIGNER_TYPE[signer]
    return performer


# ---- Consent: FHIR -> domain ------------------------------------------------------------


def consent_from_fhir(resource: Mapping[str, Any]) -> Consent:
    """The domain consent a FHIR R4 `Consent` carries. Absent elements come back `None`;
    `InvalidInput` (naming the path) when the resource is not a consent we can read."""
    if resource.get("resourceType") != "Consent":
        raise j.bad("resourceType", "not_a_consent")
    status = j.text(resource, "status", "Consent.status")
    if status not in {"draft", "proposed", "active", "inactive"}:
        raise j.bad("Consent.status", "unsupported")
    extensions = j.extensions(resource, "Consent.extension", repeated={"co-signer"})
    revoked_on = j.maybe(extensions.get("revoked-on"), lambda v: j.day(v, "revoked-on"))
    if status == "inactive" and revoked_on is None:
        raise j.bad("Consent.status", "inactive_without_revocation_date")
    provision = j.obj(resource.get("provision", {}), "Consent.provision")
    contained = _contained(resource)
    expires = j.maybe(j.obj(provision.get("period", {}), "period").get("end"), _period_end)
    expiry_event = j.opt_str(extensions.get("expiry-event"), "expiry-event")
    return Consent(
        id=_consent_id(resource),
        form=_form(resource),
        patient_name=j.opt_str(j.display(resource.get("patient")), "Consent.patient"),
        discloser=_discloser(resource),
        information=j.maybe(provision.get("code"), _categories),
        information_description=j.opt_str(
            extensions.get("information-description"), "information-description"
        ),
        recipients=j.maybe(provision.get("actor"), lambda a: _recipients(a, contained)),
        purposes=j.maybe(provision.get("purpose"), _purposes),
        revocation_statement=j.opt_bool(extensions.get("revocation-statement"), "revocation"),
        expires=expires,
        expiry_event=expiry_event,
        expiry_stated=expires is not None
        or expiry_event is not None
        or extensions.get("expiry-none") is True,
        expiry_event_occurred=extensions.get("expiry-event-occurred") is True,
        signed=j.opt_bool(extensions.get("signed"), "signed"),
        signed_by=j.maybe(extensions.get("signer"), lambda v: j.enum(Signer, v, "signer")),
        signed_on=j.maybe(resource.get("dateTime"), lambda v: j.day(v, "Consent.dateTime")),
        revoked_on=revoked_on,
        redisclosure_statement=j.opt_bool(
            extensions.get("redisclosure-statement"), "redisclosure"
        ),
        refusal_consequences_statement=j.opt_bool(
            extensions.get("refusal-consequences-statement"), "refusal-consequences-statement"
        ),
        redisclosure_potential_statement=j.opt_bool(
            extensions.get("redisclosure-potential-statement"), "redisclosure-potential-statement"
        ),
        fundraising_statement=j.opt_bool(
            extensions.get("fundraising-statement"), "fundraising-statement"
        ),
        co_signed_by=tuple(
            j.enum(Signer, v, "co-signer")
            for v in j.array(extensions.get("co-signer", []), "co-signer")
        ),
        representative_authority=j.opt_str(
            extensions.get("representative-authority"), "representative-authority"
        ),
        criminal_justice=j.maybe(extensions.get("criminal-justice"), _terms),
    )


def _terms(raw: object) -> CriminalJusticeTerms:
    path = "criminal-justice"
    parts = j.obj(raw, path)
    return CriminalJusticeTerms(
        period=j.opt_str(parts.get("period"), f"{path}.period"),
        revocable_upon=j.opt_str(parts.get("revocable-upon"), f"{path}.revocable-upon"),
    )


def _consent_id(resource: Mapping[str, Any]) -> str:
    for identifier in j.array(resource.get("identifier", []), "Consent.identifier"):
        entry = j.obj(identifier, "Consent.identifier")
        if entry.get("system") == codes.CONSENT_ID_SYSTEM:
            return j.text(entry, "value", "Consent.identifier.value")
    raise j.bad("Consent.identifier", "missing")


def _form(resource: Mapping[str, Any]) -> ConsentForm:
    for concept in j.array(resource.get("category", []), "Consent.category"):
        for code in j.codes(concept, codes.FORM_SYSTEM, "Consent.category"):
            return j.enum(ConsentForm, code, "Consent.category")
    raise j.bad("Consent.category", "missing_form")


def _discloser(resource: Mapping[str, Any]) -> str | None:
    organizations = j.array(resource.get("organization", []), "Consent.organization")
    if not organizations:
        return None
    return j.opt_str(j.display(organizations[0]), "Consent.organization")


def _categories(raw: object) -> frozenset[Category]:
    path = "Consent.provision.code"
    found = [
        j.enum(Category, code, path)
        for concept in j.array(raw, path)
        for code in j.codes(concept, codes.CATEGORY_SYSTEM, path)
    ]
    return frozenset(found)


def _purposes(raw: object) -> frozenset[DisclosurePurpose]:
    path = "Consent.provision.purpose"
    out: set[DisclosurePurpose] = set()
    for item in j.array(raw, path):
        entry = j.obj(item, path)
        system, code = entry.get("system"), entry.get("code")
        if system == codes.ACT_REASON and code in codes.PURPOSE_FROM_V3:
            out.add(codes.PURPOSE_FROM_V3[code])
        elif system == codes.PURPOSE_SYSTEM:
            out.add(j.enum(DisclosurePurpose, code, path))
        else:
            raise j.bad(path, "unknown_purpose")
    return frozenset(out)


def _recipients(
    raw: object, contained: Mapping[str, Mapping[str, Any]]
) -> tuple[ConsentRecipient, ...]:
    path = "Consent.provision.actor"
    out = []
    for item in j.array(raw, path):
        actor = j.obj(item, path)
        reference = j.obj(actor.get("reference"), f"{path}.reference").get("reference")
        if not isinstance(reference, str) or reference.removeprefix("#") not in contained:
            raise j.bad(f"{path}.reference", "not_contained")
        out.append(_recipient(contained[reference.removeprefix("#")]))
    return tuple(out)


def _recipient(org: Mapping[str, Any]) -> ConsentRecipient:
    path = "Organization"
    extensions = j.extensions(org, f"{path}.extension", repeated={"participant"})
    kinds = [
        c
        for t in j.array(org.get("type", []), path)
        for c in j.codes(t, codes.RECIPIENT_KIND_SYSTEM, path)
    ]
    participants = extensions.get("participant", [])
    return ConsentRecipient(
        name=j.opt_str(org.get("name"), f"{path}.name") or "",
        kind=j.enum(RecipientKind, kinds[0], f"{path}.type") if kinds else None,
        covered_entity=j.opt_bool(extensions.get("covered-entity"), "covered-entity"),
        intermediary=extensions.get("intermediary") is True,
        participants=tuple(j.opt_str(p, "participant") or "" for p in j.array(participants, path)),
        participant_class=j.opt_str(extensions.get("participant-class"), "participant-class"),
    )


def _contained(resource: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    out: dict[str, Mapping[str, Any]] = {}
    for item in j.array(resource.get("contained", []), "Consent.contained"):
        entry = j.obj(item, "Consent.contained")
        if entry.get("resourceType") == "Organization" and isinstance(entry.get("id"), str):
            out[entry["id"]] = entry
    return out


def _period_end(raw: object) -> date:
    return j.day(raw, "Consent.provision.period.end")
