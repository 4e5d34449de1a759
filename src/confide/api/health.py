"""Liveness and readiness: no session needed, no data returned."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from confide import __version__
from confide.api.deps import PUBLIC, runtime
from confide.runtime import Runtime

router = APIRouter(tags=["health"])


@router.get("/health", **PUBLIC)
def health(rt: Annotated[Runtime, Depends(runtime)]) -> dict[str, str]:
    """Answers 200 with the version when the database answers too."""
    rt.check_database()
    return {"status": "ok", "version": __version__}
