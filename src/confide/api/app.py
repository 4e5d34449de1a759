"""The ASGI application. Built from a Runtime; nothing is built at import time."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from fastapi.routing import APIRoute

from confide import __version__
from confide.api import (
    access,
    break_glass,
    consents,
    consultations,
    disclosures,
    errors,
    health,
    notes,
    notifications,
    peers,
    plans,
    restrictions,
    sessions,
    staff,
)
from confide.domain.ids import new_id
from confide.runtime import Runtime
from confide.services import safety_flags
from confide.web import app as web

log = logging.getLogger(__name__)

SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}


PREFIX = "/api"
ROUTERS = (
    health, sessions, peers, notes, plans, staff, break_glass, restrictions, notifications, access,
    consents, disclosures, consultations,
)  # fmt: skip


def route_table() -> list[tuple[str, str]]:
    """Every (method, path) the API serves, read from the routers themselves."""
    return sorted(
        (method, PREFIX + route.path)
        for module in ROUTERS
        for route in module.router.routes
        if isinstance(route, APIRoute)
        for method in route.methods or ()
    )


def create_app(runtime: Runtime) -> FastAPI:
    app = FastAPI(
        title="confide",
        version=__version__,
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.runtime = runtime
    safety_flags.prepare()  # the crisis lexicon and model load once, before the first request
    errors.install(app)
    for module in ROUTERS:
        app.include_router(module.router, prefix=PREFIX)
    web.install(app)  # the staff pages, outside /api/

    @app.middleware("http")
    async def request_ids(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        request.state.request_id = new_id()
        response = await call_next(request)
        response.headers["X-Request-Id"] = request.state.request_id
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app
