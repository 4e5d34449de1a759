"""The peer's access report: who accessed a record, when, why, what was decided, with proofs."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from confide.api.deps import Ctx, Uow, acts
from confide.domain.actions import Action
from confide.domain.ids import PeerId
from confide.services import access_report as service

router = APIRouter(tags=["audit"])


@router.get("/peers/{peer_id}/access-report", **acts(Action.AUDIT_REPORT))
def access_report(peer_id: str, ctx: Ctx, uow: Uow) -> Any:
    """Every access to one peer's record, with the signed tree head and an inclusion proof per
    entry, so `python -m confide.audit.verifier` checks it offline (docs/audit.md)."""
    report = service.peer_access_report(ctx, PeerId(peer_id), uow=uow)
    return JSONResponse(report.document, headers={"Cache-Control": "no-store"})
