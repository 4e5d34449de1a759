"""A mistyped address in Chromium shows a page, not JSON; the tab icon loads."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import App, check_page, login


def test_an_unknown_address_shows_the_not_found_page(page: Any, app: App) -> None:
    login(page, app, "pia")
    response = page.goto(f"{app.base}/peers/mistyped/address")
    assert response.status == 404
    assert page.locator("text=There is no page at this address.").is_visible()
    assert page.locator("nav >> text=My peers").is_visible()
    check_page(page, "33-not-found")
    icon = page.evaluate(
        "async () => { const r = await fetch('/favicon.ico');"
        " return [r.status, r.headers.get('content-type')]; }"
    )
    assert icon == [200, "image/x-icon"]
