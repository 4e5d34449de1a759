"""The disclosure package (42 CFR 2.32, minimum necessary): only the categories the decision
allowed, the 2.32 notice when the decision carries it, the consent with a consent disclosure,
and nothing at all for a decision other than allow."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from confide.domain.disclosures import (
    REDISCLOSURE_NOTICE,
    Basis,
    BasisType,
    Category,
    DisclosurePackage,
    DisclosurePurpose,
    DisclosureRequest,
    Duty,
    Emergency,
    PackageItem,
    Recipient,
    RecipientKind,
)
from confide.errors import Denied, InvalidInput, NeedsReview
from confide.policy.disclosure import decide_disclosure
from confide.policy.disclosure_package import package_disclosure
from tests.unit.policy.disclosure_builders import consent, request, without_consent

PREPARED_AT = datetime(2027, 5, 4, 14, 30, tzinfo=UTC)
ITEMS = (
    PackageItem(
        Category.ATTENDANCE, "Attendance, April", "Attended 4 of 4 groups.", date(2027, 4, 30)
    ),
    PackageItem(Category.SERVICE_NOTES, "Note", "Talked about the new job.", date(2027, 4, 2)),
    PackageItem(Category.SUD_TREATMENT, "Treatment summary", "In outpatient treatment."),
)


def pack(req: DisclosureRequest | None = None, *, at: datetime = PREPARED_AT) -> DisclosurePackage:
    req = req or request()
    return package_disclosure(
        req,
        decide_disclosure(req),
        ITEMS,
        package_id="pkg-1",
        prepared_at=at,
        discloser="Lantern Peer Center",
    )


def test_package_carries_only_the_requested_and_allowed_categories() -> None:
    """Minimum necessary: attendance was asked for, so notes and treatment stay home."""
    package = pack()
    assert [i.category for i in package.items] == [Category.ATTENDANCE]


def test_consent_disclosure_carries_the_2_32_notice_verbatim_and_the_consent() -> None:
    """42 CFR 2.32(a)(2) notice; 2.32(b) a copy of the consent."""
    package = pack()
    assert Duty.REDISCLOSURE_NOTICE in package.decision.obligations
    assert (
        package.notice
        == "42 CFR part 2 prohibits unauthorized use or disclosure of these records."
    )
    assert package.notice == REDISCLOSURE_NOTICE
    assert package.consent == consent()


def test_medical_emergency_package_has_no_notice_and_no_consent() -> None:
    """42 CFR 2.51: no consent, so no 2.32 notice; the emergency is documented instead."""
    req = without_consent(
        basis=Basis(BasisType.MEDICAL_EMERGENCY),
        purpose=DisclosurePurpose.MEDICAL_EMERGENCY,
        recipient=Recipient("County General ED", RecipientKind.MEDICAL_PERSONNEL),
        information=frozenset({Category.SUD_TREATMENT}),
        emergency=Emergency(False, "County General", "R. Diaz", "overdose"),
    )
    package = pack(req)
    assert package.decision.allowed
    assert package.notice is None
    assert package.consent is None
    assert [i.category for i in package.items] == [Category.SUD_TREATMENT]


def test_a_denied_disclosure_cannot_be_packaged() -> None:
    req = request(consents=(consent(revoked_on=date(2027, 1, 20)),))
    with pytest.raises(Denied):
        pack(req)


def test_a_disclosure_awaiting_review_cannot_be_packaged() -> None:
    req = without_consent(
        basis=Basis(BasisType.COURT_ORDER, part2_order=True),
        purpose=DisclosurePurpose.LEGAL_PROCEEDING,
        recipient=Recipient("Circuit Court", RecipientKind.COURT),
    )
    assert decide_disclosure(req).outcome.value == "needs_review"
    with pytest.raises(NeedsReview):
        pack(req)


def test_preparation_time_must_be_aware() -> None:
    with pytest.raises(InvalidInput):
        pack(at=PREPARED_AT.replace(tzinfo=None))
