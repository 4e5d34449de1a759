"""The staff web app: routers, static files, and `install` for the ASGI app to call."""

from __future__ import annotations

import inspect

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException

from confide.web import (
    consents,
    consultations,
    disclosures,
    notes,
    peers,
    reviews,
    safety,
    sessions,
    staff,
)
from confide.web.deps import HERE, PUBLIC, WebRoute, quiet_actor, render

STATIC = {
    "htmx.min.js": "text/javascript",
    "editor.js": "text/javascript",
    "app.css": "text/css",
}
static_router = APIRouter(route_class=WebRoute, include_in_schema=False)


@static_router.get("/static/{name}", **PUBLIC)
def static(name: str) -> Response:
    """A fixed set of files; nothing else under the package is reachable."""
    if name not in STATIC:
        return Response(status_code=404, headers={"Cache-Control": "no-store"})
    body = (HERE / "static" / name).read_bytes()
    return Response(body, media_type=STATIC[name], headers={"Cache-Control": "max-age=3600"})


ICON_CACHE = "public, max-age=31536000, immutable"  # a year: the icon never changes in place


@static_router.get("/favicon.ico", **PUBLIC)
def favicon() -> Response:
    """The tab's icon, so a browser's automatic request finds something (and is not a 404)."""
    body = (HERE / "static" / "favicon.ico").read_bytes()
    return Response(body, media_type="image/x-icon", headers={"Cache-Control": ICON_CACHE})


ROUTERS = (sessions, peers, notes, consents, disclosures, reviews, safety, staff, consultations)


def routers() -> list[APIRouter]:
    return [module.router for module in ROUTERS] + [static_router]


def route_table() -> list[tuple[str, str, object]]:
    """Every (method, path, declared access) the web app serves, read from its routers."""
    return sorted(
        (method, route.path, (route.openapi_extra or {}).get("x-confide-access"))
        for router in routers()
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods or ()
    )


def install(app: FastAPI) -> None:
    """Mount the pages on the ASGI app (the API's `create_app` calls this), and answer a
    browser that asks for an address nobody serves with a page; the API keeps its JSON."""
    for router in routers():
        app.include_router(router)
    api_handler = app.exception_handlers.get(StarletteHTTPException)

    async def unknown_address(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if _wants_page(request) and exc.status_code in (404, 405):
            who = quiet_actor(request)
            return render(request, "error.html", status=exc.status_code, title="Not found",
                          not_found=True, unknown_address=True, actor=who)  # fmt: skip
        if api_handler is None:
            raise exc
        answer = api_handler(request, exc)
        return await answer if inspect.isawaitable(answer) else answer

    app.add_exception_handler(StarletteHTTPException, unknown_address)


def _wants_page(request: Request) -> bool:
    """A browser's request outside the JSON API (it asks for HTML)."""
    path = request.url.path
    api = path == "/api" or path.startswith("/api/")
    return not api and "text/html" in request.headers.get("accept", "")
