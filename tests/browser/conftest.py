"""A real server on 127.0.0.1 (SQLite, uvicorn in a thread), an attacker's server on a second
host name, and Debian's Chromium driven by Playwright. Chromium is found at CONFIDE_CHROMIUM
(default /usr/bin/chromium); without it these tests skip, except in CI, where they fail."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from confide import bootstrap
from confide.config import load_settings
from confide.domain.actors import Actor, Purpose, RequestContext, Role
from confide.services import staff
from confide.services.mfa import STEP_S, code_at, provision_totp

CHROMIUM = os.environ.get("CONFIDE_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP app.test 127.0.0.1, MAP evil.test 127.0.0.1",
]  # fmt: skip
PASSWORD = "correct horse battery staple"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "screenshots"
AXE = (Path(__file__).parent / "axe.min.js").read_text()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class App:
    base: str
    evil: str
    runtime: bootstrap.Runtime
    state: dict[str, Any] = field(default_factory=dict)


class Attack(BaseHTTPRequestHandler):
    """evil.test: a page that posts an intake form to the app as soon as it loads."""

    target = ""

    def do_GET(self) -> None:
        html = f"""<!doctype html><html><body>
<form id="f" method="post" action="{self.target}/peers/new">
<input name="first_name" value="Evil"><input name="last_name" value="Forged">
<input name="acknowledged" value="true"></form>
<script>document.getElementById('f').submit()</script></body></html>"""
        body = html.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def _seed(runtime: bootstrap.Runtime, org: str, admin_id: str) -> None:
    now = datetime.now(UTC)
    admin = Actor(admin_id, org, frozenset({Role.ADMIN}), "boss")  # type: ignore[arg-type]
    ctx = RequestContext(admin, Purpose.ADMINISTRATION, now)
    provision_totp(org, admin_id, SECRET, now=now, uow=runtime.uow())  # type: ignore[arg-type]
    made = {}
    for username, name, role in (
        ("pia", "Pia Specialist", Role.PEER_SPECIALIST),
        ("otto", "Otto Offteam", Role.PEER_SPECIALIST),
        ("sue", "Sue Supervisor", Role.SUPERVISOR),
        ("pat", "Pat Privacy", Role.PRIVACY_OFFICER),
    ):
        view = staff.add_staff(ctx, username=username, display_name=name, password=PASSWORD,
                               roles=frozenset({role}), uow=runtime.uow())  # fmt: skip
        provision_totp(org, view.id, SECRET, now=now, uow=runtime.uow())  # type: ignore[arg-type]
        made[username] = view.id
    staff.assign_supervisor(ctx, made["sue"], made["pia"], uow=runtime.uow())
    staff.add_staff(ctx, username="nina", display_name="Nina New", password=PASSWORD,
                    roles=frozenset({Role.PEER_SPECIALIST}), uow=runtime.uow())  # fmt: skip


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    home = tmp_path_factory.mktemp("browser-home")
    settings = load_settings(home=home, secure_cookies=False, database_url="")
    org = bootstrap.init_home(
        settings, org_name="Browser Test Org", admin_username="boss", admin_password=PASSWORD
    )
    runtime = bootstrap.build(settings)
    _seed(runtime, org.id, org.admin_id)
    port, evil_port = _free_port(), _free_port()
    config = uvicorn.Config(
        bootstrap.asgi_app(runtime), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    Attack.target = f"http://app.test:{port}"
    evil = ThreadingHTTPServer(("127.0.0.1", evil_port), Attack)
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    assert server.started, "the app server did not start"
    yield App(f"http://app.test:{port}", f"http://evil.test:{evil_port}", runtime)
    server.should_exit = True
    evil.shutdown()
    thread.join(timeout=10)
    runtime.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM} (set CONFIDE_CHROMIUM); CI needs it")
        pytest.skip(f"Chromium not found at {CHROMIUM} (set CONFIDE_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A phone-sized window (360 px wide); any JavaScript dialog is recorded, never accepted."""
    context = browser.new_context(viewport={"width": 360, "height": 780})
    tab = context.new_page()
    tab.dialogs = []
    tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
    yield tab
    context.close()


_SESSIONS: dict[tuple[str, str], list[dict[str, Any]]] = {}


def login(page: Any, app: App, username: str) -> None:
    """Log `username` in. A TOTP code is never accepted twice, so a user who logs in a third
    time within one 30 s step would be refused (and the refusals count toward lockout): a user
    already logged in during this run gets their session cookies back instead."""
    cached = _SESSIONS.get((app.base, username))
    if cached:
        page.context.clear_cookies()
        page.context.add_cookies(cached)
        page.goto(f"{app.base}/")
        if "/login" not in page.url:
            return
    now = datetime.now(UTC)
    for drift in (0, 1, -1):
        page.goto(f"{app.base}/login")
        page.fill("#username", username)
        page.fill("#password", PASSWORD)
        page.fill("#code", code_at(SECRET, now + timedelta(seconds=drift * STEP_S)))
        page.click("button[type=submit]")
        if not page.url.endswith("/login"):
            _SESSIONS[(app.base, username)] = page.context.cookies()
            return
    raise AssertionError(f"{username} could not log in")


def check_page(page: Any, name: str) -> None:
    """axe-core finds no serious or critical violation; nothing overflows 360 px; screenshot."""
    page.evaluate(AXE)
    result = page.evaluate(
        "async () => (await axe.run(document)).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
    )
    assert result == [], f"{name}: {result}"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{name} is {width} px wide at 360"
    assert "Peer record" in page.title() or "confide" in page.title()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
