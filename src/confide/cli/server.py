"""`confide serve`: the HTTP server, or a throwaway demo with synthetic peers."""

from __future__ import annotations

import logging
import random
import secrets
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from confide import bootstrap
from confide.cli._console import HomeOption, guarded, out, settings_for
from confide.config import load_settings
from confide.domain.actors import Actor, Role
from confide.runtime import Runtime
from confide.services.demo import seed_demo
from confide.services.mfa import new_secret, provision_totp


def serve(
    home: HomeOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    demo: Annotated[
        bool, typer.Option(help="Serve a throwaway home filled with synthetic peers.")
    ] = False,
    demo_peers: Annotated[int, typer.Option(help="How many synthetic peers --demo makes.")] = 50,
) -> None:
    """Serve the API (and, as they land, the web pages) over HTTP."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    demo_home: Path | None = None
    with guarded():
        if demo:
            demo_home = Path(tempfile.mkdtemp(prefix="confide-demo-"))
            runtime = _demo_runtime(demo_home, demo_peers)
        else:
            runtime = bootstrap.build(settings_for(home))
    try:
        out.print(f"confide listening on http://{host}:{port}  (health: /api/health)")
        uvicorn.run(
            bootstrap.asgi_app(runtime), host=host, port=port, access_log=False, log_level="info"
        )
    finally:
        runtime.close()
        if demo_home is not None:
            shutil.rmtree(demo_home, ignore_errors=True)


def _demo_runtime(home: Path, peers_n: int) -> Runtime:
    settings = load_settings(home=home, demo=True, secure_cookies=False, database_url="")
    admin_password = secrets.token_urlsafe(12)
    view = bootstrap.init_home(
        settings,
        org_name="Demo Recovery Network",
        admin_username="admin",
        admin_password=admin_password,
    )
    runtime = bootstrap.build(settings)
    admin = Actor(view.admin_id, view.id, frozenset({Role.ADMIN}), "admin")
    out.print(f"Demo home {home} (deleted on exit); making {peers_n} synthetic peers…")
    logins = seed_demo(
        admin,
        now=datetime.now(UTC),
        uow_factory=runtime.uow_factory,
        rng=random.Random(),  # noqa: S311 - synthetic demo data, not secrets
        peers_n=peers_n,
    )
    admin_secret = new_secret()
    provision_totp(view.id, view.admin_id, admin_secret, now=datetime.now(UTC), uow=runtime.uow())
    out.print("Log in at /login (or POST /api/session with a code) as user / password; the")
    out.print("second factor is pre-enrolled: add the TOTP key to an authenticator app.")
    out.print(
        f"  admin / {admin_password}  (administrator)  TOTP key {admin_secret}", markup=False
    )
    for login in logins:
        line = (
            f"  {login.username} / {login.password}  ({login.role})  TOTP key {login.totp_secret}"
        )
        out.print(line, markup=False)
    return runtime
