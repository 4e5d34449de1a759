"""Nothing typed is ever lost in silence: a refused or failed autosave says so in the status
line while the text stays in the editor; a saved draft has its own address, so a reload shows
it; an emergency reader is told before typing that the editor cannot save."""

from __future__ import annotations

import re
from typing import Any

from tests.browser.conftest import App, check_page, login


def _intake(page: Any, app: App, name: str) -> str:
    page.goto(f"{app.base}/peers/new")
    for field in ("#preferred_name", "#first_name", "#last_name"):
        page.fill(field, name)
    page.fill("#date_of_birth", "1990-05-06")
    page.check("#acknowledged")
    page.click("button:text('Add to my caseload')")
    assert re.search(r"/peers/[0-9a-f-]{36}$", page.url)
    return str(page.url)


def test_a_draft_moves_to_its_own_address_and_a_failed_save_says_so(page: Any, app: App) -> None:
    login(page, app, "pia")
    record = _intake(page, app, "Tamsin")
    app.state["typed_record"] = record
    page.goto(f"{record}/notes/new")
    page.fill("#occurred_on", "2026-11-21")
    page.fill("#minutes", "30")
    page.fill("#data", "Walked to the food bank together.")
    page.wait_for_selector("text=Draft saved")
    page.wait_for_url(re.compile(r"/peers/[0-9a-f-]{36}/notes/[0-9a-f-]{36}/edit$"))
    page.reload()
    assert page.input_value("#data") == "Walked to the food bank together."

    page.route("**/notes/draft", lambda route: route.abort())
    page.fill("#plan", "Call the landlord on Monday.")
    page.wait_for_selector("text=Not saved: the server could not be reached.")
    assert page.locator("#draft-state").inner_text().count("still here in the editor") == 1
    assert page.input_value("#plan") == "Call the landlord on Monday."
    check_page(page, "30-autosave-offline")

    page.unroute("**/notes/draft")
    page.route("**/notes/draft", lambda route: route.fulfill(status=403, body="no"))
    page.fill("#assessment", "Hopeful.")
    page.wait_for_selector("text=Not saved: you may not save this note")
    assert page.input_value("#assessment") == "Hopeful."
    page.unroute("**/notes/draft")
    page.fill("#assessment", "Hopeful, tired.")
    page.wait_for_selector("text=Draft saved")
    assert page.dialogs == []


def test_my_drafts_lists_the_draft_and_it_is_deleted_after_confirming(page: Any, app: App) -> None:
    login(page, app, "pia")
    page.click("text=My drafts")
    assert page.locator("td a:text('Tamsin')").count() == 1
    assert page.locator("text=food bank").count() == 0  # no note text in the list
    check_page(page, "32-my-drafts")
    page.click("td a:text('Tamsin')")
    assert page.input_value("#data") == "Walked to the food bank together."
    page.click("summary:text('Delete this draft')")
    page.click("button:text('Delete draft')")  # not confirmed yet: refused, nothing deleted
    assert page.locator("text=Tick the box to confirm you want to delete").is_visible()
    page.go_back()
    page.click("summary:text('Delete this draft')")
    page.check("#confirm_delete")
    page.click("button:text('Delete draft')")
    assert page.url.endswith("/drafts?deleted=1")
    assert page.locator("text=The draft was deleted.").is_visible()
    assert page.locator("td a:text('Tamsin')").count() == 0


def test_an_emergency_reader_sees_a_read_only_editor_before_typing(page: Any, app: App) -> None:
    record = app.state["typed_record"]
    login(page, app, "otto")
    assert page.goto(record).status == 403
    page.fill("#reason", "EMS on scene, peer unresponsive, asking for contacts")
    page.click("button:text('Open in an emergency')")
    assert "purpose=emergency" in page.url
    page.goto(f"{record}/notes/new")
    assert page.locator("text=You cannot write a note here").is_visible()
    assert page.locator("text=Cannot be saved: this editor is read-only.").is_visible()
    assert page.locator("#data").is_disabled()
    check_page(page, "31-editor-read-only")


def test_refused_forms_come_back_with_what_was_typed(page: Any, app: App) -> None:
    page.context.clear_cookies()
    page.goto(f"{app.base}/login")
    page.fill("#username", "pia")
    page.evaluate("document.querySelectorAll('[required]').forEach(e => e.required = false)")
    page.click("button[type=submit]")
    assert page.locator("text=Enter your password").is_visible()
    assert page.input_value("#username") == "pia"
    check_page(page, "34-login-empty-password")

    login(page, app, "pia")
    record = _intake(page, app, "Quill")
    login(page, app, "otto")
    assert page.goto(record).status == 403
    page.fill("#reason", "EMS call")
    page.evaluate("document.querySelector('#reason').removeAttribute('minlength')")
    page.click("button:text('Open in an emergency')")
    assert page.locator("text=Give the reason in at least 10 characters").is_visible()
    assert page.input_value("#reason") == "EMS call"
    check_page(page, "35-break-glass-short-reason")
    page.fill("#reason", "EMS call: peer unresponsive, asking for contacts")
    page.click("button:text('Open in an emergency')")
    assert "purpose=emergency" in page.url
