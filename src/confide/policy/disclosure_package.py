"""The disclosure package: what an allowed disclosure sends, and nothing more.

Minimum necessary: only items in the categories the request named and the decision allowed.
The short 42 CFR 2.32(a) notice goes with the package when the decision carries the
`redisclosure_notice` duty, and a disclosure made with consent carries the consent (2.32(b):
a copy of the consent or a clear explanation of its scope). Pure: time is an argument.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from confide.domain.decisions import Outcome
from confide.domain.disclosures import (
    REDISCLOSURE_NOTICE,
    BasisType,
    DisclosureDecision,
    DisclosurePackage,
    DisclosureRequest,
    Duty,
    PackageItem,
)
from confide.errors import Denied, InvalidInput, NeedsReview


def package_disclosure(
    request: DisclosureRequest,
    decision: DisclosureDecision,
    items: Iterable[PackageItem],
    *,
    package_id: str,
    prepared_at: datetime,
    discloser: str,
    peer_name: str | None = None,
) -> DisclosurePackage:
    """The package for an allowed decision; `Denied` or `NeedsReview` for any other."""
    if decision.outcome is Outcome.NEEDS_REVIEW:
        raise NeedsReview(decision.reason)
    if decision.outcome is not Outcome.ALLOW:
        raise Denied(decision)
    if prepared_at.tzinfo is None:
        raise InvalidInput("prepared_at must be aware", fields={"prepared_at": "naive"})
    consent = request.consent() if request.basis.type is BasisType.CONSENT else None
    notice = REDISCLOSURE_NOTICE if Duty.REDISCLOSURE_NOTICE in decision.obligations else None
    return DisclosurePackage(
        id=package_id,
        prepared_at=prepared_at,
        discloser=discloser,
        peer_name=peer_name,
        request=request,
        decision=decision,
        items=tuple(i for i in items if i.category in request.information),
        notice=notice,
        consent=consent,
    )
