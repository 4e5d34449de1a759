"""Log in and out. Tokens are opaque; the server keeps only their hash."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from confide.api.deps import OWN_SESSION, PUBLIC, bearer_token, clock, runtime
from confide.domain.ids import OrgId
from confide.errors import Unauthenticated
from confide.runtime import Runtime
from confide.services.sessions import EnrollmentNeeded, log_in, log_out

router = APIRouter(tags=["sessions"])


class LoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)
    code: str = Field(default="", max_length=32)  # TOTP or a recovery code: always required
    organization_id: str | None = Field(default=None, max_length=36)


class LoginOut(BaseModel):
    token: str
    expires_at: datetime
    staff_id: str
    roles: list[str]


@router.post("/session", response_model=LoginOut, **PUBLIC)
def create_session(
    body: LoginIn,
    rt: Annotated[Runtime, Depends(runtime)],
    now: Annotated[datetime, Depends(clock)],
) -> LoginOut:
    """Exchange a username, password and second-factor code for a session token."""
    org = OrgId(body.organization_id) if body.organization_id else None
    result = log_in(
        body.username,
        body.password,
        body.code,
        now=now,
        policy=rt.session_policy,
        uow=rt.uow(),
        organization_id=org,
    )
    if isinstance(result, EnrollmentNeeded):
        raise Unauthenticated("no second factor yet: log in once through the web page to enroll")
    return LoginOut(
        token=result.token,
        expires_at=result.expires_at,
        staff_id=result.actor.staff_id,
        roles=sorted(result.actor.roles),
    )


@router.delete("/session", status_code=204, **OWN_SESSION)
def delete_session(
    token: Annotated[str, Depends(bearer_token)], rt: Annotated[Runtime, Depends(runtime)]
) -> None:
    """End this session."""
    log_out(token, uow=rt.uow(), cache=rt.sessions)
