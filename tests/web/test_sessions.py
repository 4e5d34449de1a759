"""Login with a mandatory second factor, enrollment, recovery codes, rotation, logout
everywhere, idle logoff and CSRF, through the pages and the JSON API."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient

from confide.api.deps import clock as api_clock
from confide.domain.actors import Purpose, Role
from confide.services import UnitOfWorkFactory
from confide.services import staff as staff_service
from confide.services.mfa import code_at
from confide.web.deps import SESSION_COOKIE, clock
from tests.factories import NOW, PASSWORD, TOTP_SECRET, ctx_for, make_org, make_staff
from tests.web.conftest import csrf_of, web_login


def api_login(web: TestClient, username: str, code: str) -> int:
    body = {"username": username, "password": PASSWORD, "code": code}
    return web.post("/api/session", json=body).status_code


def test_api_login_needs_the_second_factor(uows: UnitOfWorkFactory, web: TestClient) -> None:
    web.app.dependency_overrides[api_clock] = lambda: NOW  # type: ignore[attr-defined]
    make_staff(uows, make_org(uows), username="two_factor")
    assert api_login(web, "two_factor", "") == 401
    assert api_login(web, "two_factor", "000000") == 401
    assert api_login(web, "two_factor", code_at(TOTP_SECRET, NOW)) == 200


def test_a_code_is_never_accepted_twice(uows: UnitOfWorkFactory, web: TestClient) -> None:
    web.app.dependency_overrides[api_clock] = lambda: NOW  # type: ignore[attr-defined]
    make_staff(uows, make_org(uows), username="replay")
    code = code_at(TOTP_SECRET, NOW)
    assert api_login(web, "replay", code) == 200
    assert api_login(web, "replay", code) == 401


def test_wrong_codes_lock_the_account(uows: UnitOfWorkFactory, web: TestClient) -> None:
    web.app.dependency_overrides[api_clock] = lambda: NOW  # type: ignore[attr-defined]
    make_staff(uows, make_org(uows), username="guesser")
    for wrong in ("111111", "222222", "333333", "444444", "555555"):
        assert api_login(web, "guesser", wrong) == 401
    assert api_login(web, "guesser", code_at(TOTP_SECRET, NOW)) == 401


def test_enrollment_shows_a_qr_code_and_recovery_codes_work_once(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    admin = make_org(uows)
    staff_service.add_staff(
        ctx_for(admin, Purpose.ADMINISTRATION), username="newcomer", display_name="New Comer",
        password=PASSWORD, roles=frozenset({Role.PEER_SPECIALIST}), uow=uows(),
    )  # fmt: skip
    assert api_login(web, "newcomer", "") == 401  # the API sends them to the page first
    csrf = csrf_of(web.get("/login").text)
    form = {"csrf": csrf, "username": "newcomer", "password": PASSWORD, "code": ""}
    started = web.post("/login", data=form, follow_redirects=False)
    assert started.headers["location"] == "/login/enroll"
    page = web.get("/login/enroll").text
    assert 'src="data:image/png;base64,' in page
    secret = re.search(r'class="secret">([A-Z2-7]+)<', page).group(1)  # type: ignore[union-attr]
    wrong = web.post("/login/enroll", data={"csrf": csrf, "code": "000000"})
    assert wrong.status_code == 422
    done = web.post("/login/enroll", data={"csrf": csrf, "code": code_at(secret, NOW)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", done.text)
    assert len(codes) == 10
    assert web.get("/").status_code == 200
    web.cookies.clear()
    for expected in (303, 401):
        csrf = csrf_of(web.get("/login").text)
        form = {"csrf": csrf, "username": "newcomer", "password": PASSWORD, "code": codes[0]}
        assert web.post("/login", data=form, follow_redirects=False).status_code == expected
        web.cookies.clear()


def test_login_rotates_the_session_id(uows: UnitOfWorkFactory, web: TestClient) -> None:
    make_staff(uows, make_org(uows), username="rotor")
    web_login(web, "rotor")
    first = web.cookies[SESSION_COOKIE]
    web_login(web, "rotor")
    second = web.cookies[SESSION_COOKIE]
    assert first != second
    web.cookies.clear()
    stale = web.get("/", headers={"Cookie": f"{SESSION_COOKIE}={first}"}, follow_redirects=False)
    assert stale.headers["location"] == "/login"


def test_logout_everywhere_ends_every_session(uows: UnitOfWorkFactory, web: TestClient) -> None:
    web.app.dependency_overrides[api_clock] = lambda: NOW  # type: ignore[attr-defined]
    make_staff(uows, make_org(uows), username="everywhere")
    body = {"username": "everywhere", "password": PASSWORD, "code": code_at(TOTP_SECRET, NOW)}
    api_token = web.post("/api/session", json=body).json()["token"]
    csrf = web_login(web, "everywhere")
    assert (
        web.post("/logout/everywhere", data={"csrf": csrf}, follow_redirects=False).status_code
        == 303
    )
    bearer = {"Authorization": f"Bearer {api_token}"}
    assert web.get("/api/peers", headers=bearer).status_code == 401
    assert web.get("/", follow_redirects=False).headers["location"] == "/login"


def test_idle_pages_log_off(uows: UnitOfWorkFactory, web: TestClient) -> None:
    make_staff(uows, make_org(uows), username="idler")
    web_login(web, "idler")
    web.app.dependency_overrides[clock] = lambda: NOW + timedelta(minutes=16)  # type: ignore[attr-defined]
    assert web.get("/peers", follow_redirects=False).headers["location"] == "/login"


def test_state_changes_without_the_csrf_token_are_refused(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    admin = make_org(uows)
    make_staff(uows, admin, username="csrf_a")
    make_staff(uows, admin, username="csrf_b")
    other = web_login(web, "csrf_b")
    web.cookies.clear()
    mine = web_login(web, "csrf_a")
    search = {"name": "Ida Moss"}
    assert web.post("/peers/search", data=search).status_code == 403
    assert web.post("/peers/search", data=search | {"csrf": other}).status_code == 403
    cross = {"Sec-Fetch-Site": "cross-site"}
    assert (
        web.post("/peers/search", data=search | {"csrf": mine}, headers=cross).status_code == 403
    )
    assert web.post("/peers/search", data=search | {"csrf": mine}).status_code == 200
    web.cookies.clear()
    login = {"username": "csrf_a", "password": PASSWORD, "code": code_at(TOTP_SECRET, NOW)}
    assert web.post("/login", data=login, follow_redirects=False).status_code == 403
