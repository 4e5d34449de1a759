"""An address nobody serves answers a page to a browser and JSON to the API; the tab icon
exists and is cached for long."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from confide.services import UnitOfWorkFactory
from tests.factories import make_org, make_staff
from tests.web.conftest import web_login

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def test_a_browser_asking_for_an_unknown_address_gets_a_404_page(web: TestClient) -> None:
    page = web.get("/nowhere/at/all", headers=HTML)
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "There is no page at this address." in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store"
    assert "nowhere" not in page.text  # the address is not echoed back


def test_the_404_page_keeps_the_navigation_of_a_logged_in_user(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    admin = make_org(uows)
    prs = make_staff(uows, admin)
    web_login(web, prs.username)
    page = web.get("/peers/x/nothing-here", headers=HTML)
    assert page.status_code == 404
    assert "My peers" in page.text


def test_the_api_keeps_answering_json(web: TestClient) -> None:
    for path, headers in (("/api/nowhere", HTML), ("/api/nowhere", {}), ("/nowhere", {})):
        answer = web.get(path, headers=headers)
        assert answer.status_code == 404
        assert answer.json()["error"] == "not_found", path


def test_the_favicon_is_a_small_icon_cached_for_a_year(web: TestClient) -> None:
    icon = web.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.headers["content-type"] == "image/x-icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00"
    assert len(icon.content) < 4096
    assert "max-age=31536000" in icon.headers["cache-control"]
    assert icon.headers["x-content-type-options"] == "nosniff"


def test_the_docs_say_so(repo_root: Path) -> None:
    page = (repo_root / "docs" / "web.md").read_text("utf-8")
    assert "`/favicon.ico`" in page
    assert "unknown address" in page
