"""Web plumbing: templates, cookies, the session actor, CSRF, and the route class that turns
errors into pages. Every page is rendered here, so every page gets the same headers."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from collections.abc import Awaitable, Callable, Coroutine
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool

from confide.domain.actions import Action
from confide.domain.actors import Actor, Purpose, RequestContext
from confide.domain.ids import RequestId, new_id
from confide.errors import ConfideError, Denied, InvalidInput, NotFound, Unauthenticated
from confide.runtime import Runtime
from confide.services import UnitOfWork
from confide.services.sessions import authenticate, token_hash
from confide.web.problems import problem_text

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
ACCESS_KEY = "x-confide-access"
SESSION_COOKIE = "confide_session"
PRELOGIN_COOKIE = "confide_prelogin"
ENROLL_COOKIE = "confide_enroll"
CSRF_FIELD = "csrf"
SAFE_METHODS = frozenset({"GET", "HEAD"})

# No inline script or style anywhere: scripts and styles come from /static only.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": PAGE_CSP,
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

templates = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
templates.globals["problem_text"] = problem_text


def acts(*actions: Action) -> dict[str, Any]:
    """Route metadata naming the policy actions a page asks for (the web matrix test reads it)."""
    return {"openapi_extra": {ACCESS_KEY: [str(a) for a in actions]}}


PUBLIC: dict[str, Any] = {"openapi_extra": {ACCESS_KEY: "public"}}
OWN_SESSION: dict[str, Any] = {"openapi_extra": {ACCESS_KEY: "own_session"}}


# Dependencies that neither block nor touch the database are `async def`: FastAPI runs a
# plain `def` dependency on a worker thread, a round trip per dependency per request.


def runtime_of(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


async def runtime(request: Request) -> Runtime:
    return runtime_of(request)


async def clock() -> datetime:
    """The request's `now`; tests replace this dependency instead of patching clocks."""
    return datetime.now(UTC)


def now_of(request: Request) -> datetime:
    """The request's `now` outside dependency injection (error pages), overrides included."""
    override = request.app.dependency_overrides.get(clock)
    return override() if override is not None else datetime.now(UTC)


def csrf_for(secret: str) -> str:
    """The synchronizer token for a session (or pre-login) secret: derived, never stored.

    Knowing it reveals nothing of the session token; not knowing the HttpOnly cookie, a
    cross-site page cannot compute it."""
    digest = hashlib.sha256(b"confide/csrf/v1\x00" + secret.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def csrf_matches(secret: str | None, submitted: str | None) -> bool:
    if not secret or not submitted:
        return False
    return hmac.compare_digest(csrf_for(secret), submitted)


def cookie_args(
    request: Request, *, path: str = "/", max_age: int | None = None
) -> dict[str, Any]:
    rt = runtime_of(request)
    return {
        "httponly": True,
        "secure": rt.settings.secure_cookies,
        "samesite": "strict",
        "path": path,
        "max_age": max_age,
    }


async def web_actor(
    request: Request,
    rt: Annotated[Runtime, Depends(runtime)],
    now: Annotated[datetime, Depends(clock)],
) -> Actor:
    """A session checked moments ago answers from memory; otherwise a worker thread reads it."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise Unauthenticated("log in first")
    cached = rt.sessions.get(token_hash(token), now)
    if cached is not None:
        return cached
    return await run_in_threadpool(
        authenticate, token, now=now, policy=rt.session_policy, uow=rt.uow(), cache=rt.sessions
    )


def page_context(purpose: Purpose) -> Callable[..., Coroutine[Any, Any, RequestContext]]:
    """A dependency building the RequestContext a page acts under, with its purpose."""

    async def dependency(
        request: Request,
        who: Annotated[Actor, Depends(web_actor)],
        now: Annotated[datetime, Depends(clock)],
    ) -> RequestContext:
        return RequestContext(who, purpose, now, RequestId(request.state.request_id))

    return dependency


async def uow(rt: Annotated[Runtime, Depends(runtime)]) -> UnitOfWork:
    return rt.uow()


Uow = Annotated[UnitOfWork, Depends(uow)]
Care = Annotated[RequestContext, Depends(page_context(Purpose.TREATMENT))]
Supervision = Annotated[RequestContext, Depends(page_context(Purpose.SUPERVISION))]
PrivacyReview = Annotated[RequestContext, Depends(page_context(Purpose.PRIVACY_REVIEW))]
Emergency = Annotated[RequestContext, Depends(page_context(Purpose.EMERGENCY))]
Admin = Annotated[RequestContext, Depends(page_context(Purpose.ADMINISTRATION))]
Me = Annotated[Actor, Depends(web_actor)]


def render(
    request: Request,
    template: str,
    *,
    status: int = 200,
    actor: Actor | None = None,
    **values: Any,
) -> HTMLResponse:
    """A page: the template, the request id, the CSRF token and the strict headers."""
    secret = request.cookies.get(SESSION_COOKIE) if actor else None
    secret = (
        secret or getattr(request.state, "prelogin", None) or request.cookies.get(PRELOGIN_COOKIE)
    )
    html = templates.get_template(template).render(
        actor=actor,
        csrf=csrf_for(secret) if secret else "",
        request_id=getattr(request.state, "request_id", ""),
        path=request.url.path,
        **values,
    )
    return HTMLResponse(html, status_code=status, headers=PAGE_HEADERS)


def redirect(to: str) -> RedirectResponse:
    """After a POST, go to a page by GET (no peer data in `to`: ids only)."""
    return RedirectResponse(to, status_code=303, headers=PAGE_HEADERS)


def quiet_actor(request: Request) -> Actor | None:
    """The logged-in actor for an error page's navigation, or None."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    rt, now = runtime_of(request), now_of(request)  # the request's clock, as pages
    try:
        return authenticate(
            token, now=now, policy=rt.session_policy, uow=rt.uow(), cache=rt.sessions
        )
    except ConfideError:
        return None


def _error_page(request: Request, exc: Exception) -> Response:
    if isinstance(exc, Unauthenticated):
        if request.headers.get("X-Confide-Autosave"):  # leaving would lose the typed text
            return Response(status_code=401, headers=PAGE_HEADERS)
        if request.headers.get("HX-Request"):
            return Response(status_code=401, headers=PAGE_HEADERS | {"HX-Redirect": "/login"})
        return redirect("/login")
    if isinstance(exc, RequestValidationError):
        fields = {str(e.get("loc", ("", ""))[-1]): str(e.get("type", "")) for e in exc.errors()}
        return render(request, "error.html", status=422, title="Check the form",
                      fields=dict(sorted(fields.items())), actor=quiet_actor(request))  # fmt: skip
    if isinstance(exc, ConfideError):
        rule = exc.decision.rule_id if isinstance(exc, Denied) else ""
        fields = dict(sorted(exc.fields.items())) if isinstance(exc, InvalidInput) else {}
        title = {
            403: "Not allowed",
            404: "Not found",
            409: "Changed meanwhile",
            422: "Check the form",
        }.get(exc.status, "Something went wrong")
        glass = rule in ("rel.none", "break_glass.expired") and request.method == "GET"
        return render(
            request, "error.html", status=exc.status, title=title, rule=rule, fields=fields,
            message=exc.message if isinstance(exc, Denied | InvalidInput) else "",
            not_found=isinstance(exc, NotFound), actor=quiet_actor(request),
            break_glass_peer=request.path_params.get("peer_id") if glass else None,
        )  # fmt: skip
    request_id = getattr(request.state, "request_id", "")
    log.error("request %s failed: %s", request_id, type(exc).__name__)
    return render(request, "error.html", status=500, title="Something went wrong")


async def _csrf_ok(request: Request) -> bool:
    """Every state-changing request carries the synchronizer token of its session (or, before
    login, of the pre-login cookie), and a browser that says it came cross-site is refused."""
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        return False
    form = await request.form()
    submitted = form.get(CSRF_FIELD) or request.headers.get("X-CSRF-Token")
    if not isinstance(submitted, str):
        return False
    secrets = (request.cookies.get(SESSION_COOKIE), request.cookies.get(PRELOGIN_COOKIE))
    return any(csrf_matches(secret, submitted) for secret in secrets)


class WebRoute(APIRoute):
    """Pages answer errors with pages, and refuse any state change without a CSRF token."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def web_handler(request: Request) -> Response:
            if not getattr(request.state, "request_id", None):
                request.state.request_id = new_id()
            if request.method not in SAFE_METHODS and not await _csrf_ok(request):
                return render(request, "error.html", status=403, title="Form expired",
                              csrf_failed=True)  # fmt: skip
            try:
                return await handler(request)
            except Exception as exc:  # every failure becomes a page, never a trace
                return _error_page(request, exc)

        return web_handler


Handler = Callable[..., Awaitable[Response]]
