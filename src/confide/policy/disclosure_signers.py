"""Who may sign a consent for a peer: the checks behind `part2.consent.signer_authority` and
`hipaa.authorization.representative`, judged against the peer's facts in the request.

A signer for the peer with nothing in the request saying why goes to review; facts that rule the
signer out deny, citing the paragraph.
"""

from __future__ import annotations

from confide.domain.consents import Signer
from confide.domain.decisions import Outcome
from confide.domain.disclosures import DisclosureRequest
from confide.policy.disclosure_findings import Finding, deny

GUARDIANS = frozenset({Signer.PARENT, Signer.GUARDIAN, Signer.REPRESENTATIVE})


def part2_signers(request: DisclosureRequest) -> Finding | None:
    """2.31(a)(8): "The signature of the patient and, when required for a patient who is a
    minor, the signature of a person authorized to give consent under § 2.14; or, when required
    for a patient who has been adjudicated as lacking the capacity to make their own health care
    decisions or is deceased, the signature of a person authorized to sign under § 2.15." """
    consent = request.consent()
    if consent is None or not consent.signers:
        return None  # consent_part2 reports it
    signers, peer = consent.signers, request.peer
    if peer.deceased or peer.adjudicated_incapacitated:
        return _representative_signed(signers, deceased=bool(peer.deceased))
    if peer.minor:
        return _minor_signed(signers, peer.minor_may_consent_alone)
    if Signer.PATIENT in signers:
        return None
    if peer.minor is False and peer.adjudicated_incapacitated is False:
        return deny(
            "Only the peer can sign this consent: they are an adult who has not been found "
            "unable to make their own decisions.",
            "42 CFR 2.31(a)(8)",
        )
    return _authority_unconfirmed("42 CFR 2.14", "42 CFR 2.15", "42 CFR 2.31(a)(8)")


def _representative_signed(signers: frozenset[Signer], *, deceased: bool) -> Finding | None:
    """2.15(a)(1) (adjudicated incapacity) and 2.15(b)(2) (deceased): "consent may be given by
    the personal representative"."""
    cite = "42 CFR 2.15(b)(2)" if deceased else "42 CFR 2.15(a)(1)"
    authorized = {Signer.REPRESENTATIVE} | (set() if deceased else {Signer.GUARDIAN})
    if signers & authorized:
        return None
    if deceased and Signer.PATIENT in signers:
        return None  # signed in life; death does not undo it
    if Signer.PARENT in signers and not deceased:
        return _authority_unconfirmed(cite, "42 CFR 2.31(a)(8)")  # a parent may be guardian
    who = "died" if deceased else "was found unable to make their own health care decisions"
    return deny(
        f"The peer {who}, so only their personal representative can sign this consent.",
        cite,
        "42 CFR 2.31(a)(8)",
    )


def _minor_signed(signers: frozenset[Signer], alone: bool | None) -> Finding | None:
    """2.14(a): where the minor may obtain treatment alone, consent "may be given only by the
    minor patient"; 2.14(b)(1): otherwise it "must be given by both the minor and their parent,
    guardian, or other person authorized under state law"."""
    if Signer.PATIENT not in signers:
        return deny(
            "The peer is a minor and did not sign: a minor's consent is given by the minor "
            "(where they may get treatment on their own) or by the minor and a parent together.",
            "42 CFR 2.14(a)",
            "42 CFR 2.14(b)(1)",
        )
    if alone is True or signers & GUARDIANS:
        return None
    if alone is False:
        return deny(
            "The peer is a minor who needs a parent's consent for treatment, so a parent or "
            "guardian must sign the consent too.",
            "42 CFR 2.14(b)(1)",
        )
    return Finding(
        Outcome.NEEDS_REVIEW,
        "The peer is a minor who signed alone; the privacy officer checks that state law lets "
        "them consent to treatment on their own (otherwise a parent must sign too).",
        ("42 CFR 2.14(a)", "42 CFR 2.14(b)(1)"),
    )


def _authority_unconfirmed(*citations: str) -> Finding:
    return Finding(
        Outcome.NEEDS_REVIEW,
        "Someone other than the peer signed this consent; the privacy officer must confirm "
        "they had authority to sign for the peer.",
        citations,
    )


def hipaa_signers(request: DisclosureRequest) -> Finding | None:
    """164.502(g): a personal representative is treated as the individual; under (g)(3)(i)(A)
    a parent is not the representative "with respect to ... a health care service, if: (A) The
    minor consents to such health care service"."""
    consent = request.consent()
    if consent is None or not consent.signers or Signer.PATIENT in consent.signers:
        return None
    peer = request.peer
    if peer.deceased or peer.adjudicated_incapacitated:
        return None
    if peer.minor and peer.minor_may_consent_alone is True:
        return deny(
            "The peer is a minor who consents to this care on their own, so a parent cannot "
            "authorize sharing its records for them.",
            "45 CFR 164.502(g)(3)(i)(A)",
        )
    if peer.minor and peer.minor_may_consent_alone is False and consent.signers & GUARDIANS:
        return None
    return Finding(
        Outcome.NEEDS_REVIEW,
        "Someone other than the peer signed; the privacy officer must confirm they are the "
        "peer's personal representative.",
        ("45 CFR 164.508(c)(1)(vi)", "45 CFR 164.502(g)"),
    )
