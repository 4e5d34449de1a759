"""Log in (password, then TOTP or a recovery code), enroll a second factor, log out."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Annotated

import segno
from fastapi import APIRouter, Depends, Form, Request, Response

from confide.domain.actions import Action
from confide.domain.actors import Purpose, RequestContext
from confide.errors import InvalidInput, Unauthenticated
from confide.runtime import Runtime
from confide.services import notifications
from confide.services.sessions import (
    ENROLLMENT_S,
    EnrollmentNeeded,
    confirm_enrollment,
    enrollment_of,
    log_in,
    log_out,
    log_out_everywhere,
)
from confide.web.deps import (
    ENROLL_COOKIE,
    OWN_SESSION,
    PRELOGIN_COOKIE,
    PUBLIC,
    SESSION_COOKIE,
    Me,
    Uow,
    WebRoute,
    acts,
    clock,
    cookie_args,
    page_context,
    redirect,
    render,
    runtime,
)

router = APIRouter(route_class=WebRoute, include_in_schema=False)
Now = Annotated[datetime, Depends(clock)]
Rt = Annotated[Runtime, Depends(runtime)]
Field = Annotated[str, Form(max_length=1024)]
Home = Annotated[RequestContext, Depends(page_context(Purpose.OPERATIONS))]


def _login_page(
    request: Request,
    *,
    status: int = 200,
    failed: bool = False,
    username: str = "",
    missing: tuple[str, ...] = (),
) -> Response:
    """The login form; after a refusal it keeps the username typed (never the password)."""
    fresh = None
    if not request.cookies.get(PRELOGIN_COOKIE):
        fresh = secrets.token_urlsafe(32)
        request.state.prelogin = fresh
    response = render(request, "login.html", status=status, failed=failed, title="Log in",
                      username=username, missing=missing)  # fmt: skip
    if fresh:
        response.set_cookie(PRELOGIN_COOKIE, fresh, **cookie_args(request, max_age=3600))
    return response


@router.get("/login", **PUBLIC)
async def login_page(request: Request) -> Response:
    return _login_page(request)


@router.post("/login", **PUBLIC)
def login(
    request: Request,
    rt: Rt,
    now: Now,
    username: Field = "",
    password: Field = "",
    code: Field = "",
) -> Response:
    """Password and second factor; a new session id every time (the old one ends). An empty
    field brings the form back saying which, with the username kept."""
    missing = tuple(name for name, value in (("username", username), ("password", password))
                    if not value)  # fmt: skip
    if missing:
        return _login_page(request, status=422, username=username, missing=missing)
    try:
        result = log_in(username, password, code, now=now, policy=rt.session_policy, uow=rt.uow())
    except Unauthenticated:
        return _login_page(request, status=401, failed=True, username=username)
    if isinstance(result, EnrollmentNeeded):
        response = redirect("/login/enroll")
        response.set_cookie(
            ENROLL_COOKIE,
            result.ticket,
            **cookie_args(request, path="/login/enroll", max_age=ENROLLMENT_S),
        )
        return response
    return _start_session(request, rt, result.token, redirect("/"))


def _start_session(request: Request, rt: Runtime, token: str, response: Response) -> Response:
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        log_out(
            old, uow=rt.uow(), cache=rt.sessions
        )  # session id rotates: the pre-login session ends
    response.set_cookie(SESSION_COOKIE, token, **cookie_args(request))
    response.delete_cookie(PRELOGIN_COOKIE, path="/")
    response.delete_cookie(ENROLL_COOKIE, path="/login/enroll")
    return response


def _qr(uri: str) -> str:
    return segno.make(uri, error="m").png_data_uri(scale=5, border=2)


@router.get("/login/enroll", **PUBLIC)
def enroll_page(request: Request, rt: Rt, now: Now, mismatch: bool = False) -> Response:
    ticket = request.cookies.get(ENROLL_COOKIE, "")
    enrollment = enrollment_of(ticket, now=now, uow=rt.uow())
    return render(
        request,
        "enroll.html",
        status=422 if mismatch else 200,
        title="Set up your second factor",
        secret=enrollment.secret,
        qr=_qr(enrollment.uri),
        mismatch=mismatch,
    )


@router.post("/login/enroll", **PUBLIC)
def enroll(request: Request, rt: Rt, now: Now, code: Field) -> Response:
    """The first code confirms the authenticator; recovery codes are shown once."""
    ticket = request.cookies.get(ENROLL_COOKIE, "")
    try:
        done = confirm_enrollment(ticket, code, now=now, policy=rt.session_policy, uow=rt.uow())
    except InvalidInput:
        return enroll_page(request, rt, now, mismatch=True)
    page = render(request, "recovery.html", title="Recovery codes", codes=done.recovery_codes)
    return _start_session(request, rt, done.login.token, page)


@router.post("/logout", **OWN_SESSION)
def logout(request: Request, rt: Rt) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        log_out(token, uow=rt.uow(), cache=rt.sessions)
    response = redirect("/login")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/logout/everywhere", **OWN_SESSION)
def logout_everywhere(request: Request, rt: Rt) -> Response:
    """End every session of this staff member, on every device."""
    token = request.cookies.get(SESSION_COOKIE, "")
    log_out_everywhere(token, uow=rt.uow(), cache=rt.sessions)
    response = redirect("/login")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/", **acts(Action.NOTIFICATION_LIST))
def home(request: Request, ctx: Home, me: Me, uow: Uow) -> Response:
    """Where to go next, by role; notifications for the actor's roles (kinds only)."""
    items = notifications.list_notifications(ctx, uow=uow)
    return render(request, "home.html", actor=me, title="Home", notifications=items)
