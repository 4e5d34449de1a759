"""Every route, API and web, answers with the security headers; pages with a strict CSP, no
caching, and cookies that are Secure, HttpOnly and SameSite=Strict."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from confide.api.app import route_table as api_routes
from confide.domain.actors import Role
from confide.services import UnitOfWorkFactory
from confide.services.mfa import code_at
from confide.web.app import route_table as web_routes
from tests.factories import NOW, PASSWORD, TOTP_SECRET, make_org, make_peer, make_staff
from tests.web.conftest import csrf_of, web_login

ALWAYS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


def concrete(path: str, peer_id: str) -> str:
    return re.sub(r"\{[a-z_]+\}", peer_id, path)


def check(response: object, where: str) -> list[str]:
    headers = response.headers  # type: ignore[attr-defined]
    problems = [f"{where}: {k}" for k, v in ALWAYS.items() if headers.get(k) != v]
    csp = headers.get("content-security-policy", "")
    if "frame-ancestors 'none'" not in csp or "unsafe-inline" in csp or "unsafe-eval" in csp:
        problems.append(f"{where}: content-security-policy {csp!r}")
    is_static = where.split()[1].startswith("/static/") or where.split()[1] == "/favicon.ico"
    if not is_static and headers.get("cache-control") != "no-store":
        problems.append(f"{where}: cache-control {headers.get('cache-control')!r}")
    if "text/html" in headers.get("content-type", "") and "script-src 'self'" not in csp:
        problems.append(f"{where}: page without the page CSP")
    return problems


def test_every_route_answers_with_security_headers(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    admin = make_org(uows)
    prs = make_staff(uows, admin, username="hdr_prs")
    make_staff(uows, admin, Role.SUPERVISOR, username="hdr_sup")
    peer = make_peer(uows, prs)
    routes = api_routes() + [(m, p) for m, p, _ in web_routes()]
    problems: list[str] = []
    for logged_in in (False, True):
        if logged_in:
            csrf = web_login(web, "hdr_prs")
        for method, path in routes:
            url = concrete(path, peer.id).replace("/static/" + peer.id, "/static/app.css")
            data = (
                {"csrf": csrf}
                if logged_in and method == "POST" and not path.startswith("/api")
                else None
            )
            response = web.request(method, url, data=data, follow_redirects=False)
            problems += check(response, f"{method} {path} (logged in: {logged_in})")
    for path in ("/nowhere", "/api/nowhere"):
        problems += check(web.get(path), f"GET {path}")
    assert problems == []


def test_cookies_are_secure_httponly_strict(uows: UnitOfWorkFactory, web: TestClient) -> None:
    admin = make_org(uows)
    make_staff(uows, admin, username="cookie_prs")
    prelogin = web.get("/login").headers["set-cookie"]
    csrf = csrf_of(web.get("/login").text)
    form = {"csrf": csrf, "username": "cookie_prs", "password": PASSWORD,
            "code": code_at(TOTP_SECRET, NOW)}  # fmt: skip
    session = web.post("/login", data=form, follow_redirects=False).headers["set-cookie"]
    for header in (prelogin, session):
        assert "HttpOnly" in header
        assert "Secure" in header
        assert "SameSite=strict" in header
    assert session.startswith("confide_session=")
