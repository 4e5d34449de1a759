"""The staff web app: routers, static files, and `install` for the ASGI app to call."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Response
from fastapi.routing import APIRoute

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
from confide.web.deps import HERE, PUBLIC, WebRoute

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
    """Mount the pages on the ASGI app (the API's `create_app` calls this)."""
    for router in routers():
        app.include_router(router)
