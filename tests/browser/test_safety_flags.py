"""Crisis flags in real Chromium: typing a risk sentence in a note shows the crisis protocol,
dismissing asks for a reason, the supervisor sees the flags on the safety dashboard, and the
disclosure request a flag calls for opens a page that discloses nothing."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import App, check_page, login

SUICIDE = "Peer said she wants to kill herself and has been saving up pills."
HOMICIDE = "He said he is going to kill his landlord."
ABUSE = "Her son has welts on his back and says his stepdad hits him with a belt."
REASON = "Quoting a line from a film he saw"


def _intake(page: Any) -> None:
    page.click("text=My peers")
    page.click("text=New peer (intake)")
    page.fill("#first_name", "Flora")
    page.fill("#last_name", "Flagtest")
    page.check("#acknowledged")
    page.click("button:text('Add to my caseload')")


def test_typing_a_risk_sentence_shows_the_protocol_and_dismissing_needs_a_reason(
    page: Any, app: App
) -> None:
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    login(page, app, "pia")
    _intake(page)
    page.click("text=Write a DAP note")
    page.fill("#occurred_on", "2026-11-21")
    page.fill("#minutes", "30")
    page.locator("#assessment").press_sequentially(SUICIDE)
    flag = page.locator("li.flag", has_text="Possible suicide risk")
    flag.wait_for()
    assert page.locator("#flag-alert a[href='#flags']").is_visible()  # beside the text
    assert page.locator("text=988 Suicide & Crisis Lifeline").is_visible()
    assert page.locator("#protocol-h").is_visible()
    check_page(page, "16-note-flag-protocol")
    flag.locator("button:text('Notify my supervisor')").click()
    page.locator("text=Your supervisor was notified").wait_for()

    page.locator("#plan").press_sequentially(HOMICIDE)
    other = page.locator("li.flag", has_text="Possible risk of harm to another person")
    other.wait_for()
    other.locator("summary:text('Dismiss this flag')").click()
    other.locator("button:text('Dismiss with this reason')").click()
    reason = other.locator("textarea")
    assert reason.evaluate("el => el.validity.valueMissing"), "an empty reason must not go"
    assert other.locator("button:text('Dismiss with this reason')").is_visible()
    reason.fill(REASON)
    other.locator("button:text('Dismiss with this reason')").click()
    page.locator(f"text=Dismissed: {REASON}.").wait_for()
    check_page(page, "17-note-flag-dismissed")

    page.locator("#data").press_sequentially(ABUSE)
    abuse = page.locator("li.flag", has_text="Possible child abuse or neglect")
    abuse.wait_for()
    abuse.locator("button:text('Start a mandated report request')").click()
    assert page.url.endswith("/next-steps")
    assert page.locator("text=Nothing has been disclosed").is_visible()
    check_page(page, "18-flag-next-steps")
    page.click("text=open the disclosure request form")
    assert page.url.endswith("/disclosures/new"), "the form opens; nothing is sent until asked"
    leaked = [u for u in urls if any(w in u for w in ("kill", "welts", "pills", "Quoting"))]
    assert leaked == [], "note text in a URL"
    assert page.dialogs == []


def test_the_supervisor_sees_the_flags_on_the_safety_dashboard(page: Any, app: App) -> None:
    login(page, app, "sue")
    assert page.locator("text=safety flag").first.is_visible()  # the notification, kind only
    page.click("header >> text=Safety")
    row = page.locator("tr", has_text="Possible suicide risk")
    assert row.is_visible()
    assert "supervisor notified" in row.inner_text()
    assert "Pia Specialist" in row.inner_text()
    handled = page.locator("li", has_text=REASON)
    assert "dismissed" in handled.inner_text()
    assert page.locator("li", has_text="disclosure request started").is_visible()
    assert "kill" not in page.content()
    check_page(page, "19-safety-dashboard")


def test_the_administrator_sets_the_crisis_protocol(page: Any, app: App) -> None:
    login(page, app, "boss")
    page.click("header >> text=Crisis protocol")
    page.fill("#local_line_name", "Riverside Crisis Line")
    page.fill("#local_line_phone", "(555) 010-4000")
    page.click("button:text('Save the protocol')")
    assert page.locator("text=Saved.").is_visible()
    check_page(page, "20-crisis-protocol")
