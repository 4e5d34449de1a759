"""Request plumbing: runtime, clock, session actor, purpose and the RequestContext."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from starlette.concurrency import run_in_threadpool

from confide.domain.actions import Action
from confide.domain.actors import Actor, Purpose, RequestContext
from confide.domain.ids import RequestId
from confide.errors import InvalidInput, Unauthenticated
from confide.runtime import Runtime
from confide.services import UnitOfWork
from confide.services.sessions import authenticate, token_hash

API_PURPOSES = frozenset(
    {
        Purpose.TREATMENT, Purpose.SUPERVISION, Purpose.OPERATIONS, Purpose.PAYMENT,
        Purpose.EMERGENCY, Purpose.PRIVACY_REVIEW, Purpose.ADMINISTRATION,
    }
)  # fmt: skip
ACCESS_KEY = "x-confide-access"


def acts(*actions: Action) -> dict[str, Any]:
    """Route metadata naming the policy actions a route asks for (the matrix test reads it)."""
    return {"openapi_extra": {ACCESS_KEY: [str(a) for a in actions]}}


# Dependencies that neither block nor touch the database are `async def`: FastAPI runs a
# plain `def` dependency on a worker thread, a round trip per dependency per request.

PUBLIC: dict[str, Any] = {"openapi_extra": {ACCESS_KEY: "public"}}
OWN_SESSION: dict[str, Any] = {"openapi_extra": {ACCESS_KEY: "own_session"}}


async def runtime(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


async def clock() -> datetime:
    """The request's `now`; tests replace this dependency instead of patching clocks."""
    return datetime.now(UTC)


async def uow(rt: Annotated[Runtime, Depends(runtime)]) -> UnitOfWork:
    return rt.uow()


async def bearer_token(authorization: Annotated[str | None, Header()] = None) -> str:
    if not authorization or not authorization.startswith("Bearer "):
        raise Unauthenticated("log in first")
    return authorization.removeprefix("Bearer ").strip()


async def actor(
    token: Annotated[str, Depends(bearer_token)],
    rt: Annotated[Runtime, Depends(runtime)],
    now: Annotated[datetime, Depends(clock)],
) -> Actor:
    """A session checked moments ago answers from memory; otherwise a worker thread reads it."""
    cached = rt.sessions.get(token_hash(token), now)
    if cached is not None:
        return cached
    return await run_in_threadpool(
        authenticate, token, now=now, policy=rt.session_policy, uow=rt.uow(), cache=rt.sessions
    )


async def context(
    request: Request,
    who: Annotated[Actor, Depends(actor)],
    now: Annotated[datetime, Depends(clock)],
    x_confide_purpose: Annotated[str, Header()] = Purpose.TREATMENT.value,
) -> RequestContext:
    try:
        purpose = Purpose(x_confide_purpose)
    except ValueError:
        purpose = None
    if purpose not in API_PURPOSES:
        raise InvalidInput("unknown purpose", fields={"X-Confide-Purpose": "invalid"})
    return RequestContext(who, purpose, now, RequestId(request.state.request_id))


Ctx = Annotated[RequestContext, Depends(context)]
Uow = Annotated[UnitOfWork, Depends(uow)]
