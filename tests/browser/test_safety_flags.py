"""Crisis flags in real Chromium: typing a risk sentence in a note shows the flag with the words
that raised it and the crisis protocol; a flag closes only when its handling is recorded:
opening the request form leaves it open, making the request from it closes it, dismissing
needs a reason, and the supervisor's decision (recorded by the supervisor or the writer)
closes it. The supervisor follows the notification to the flag and sees its words on a draft
they cannot read."""

from __future__ import annotations

import re
from typing import Any

from tests.browser.conftest import App, check_page, login

SUICIDE = "Peer said she wants to kill herself and has been saving up pills."
HOMICIDE = "He said he is going to kill his landlord."
ABUSE = "Her son has welts on his back and says his stepdad hits him with a belt."
REASON = "Quoting a line from a film he saw"
DECISION = "Spoke with her; she goes to the ER with her sister now"
WRITERS_DECISION = "Supervisor says: call 988 together and check in tomorrow"


def _intake(page: Any) -> None:
    page.click("text=My peers")
    page.click("text=New peer (intake)")
    page.fill("#first_name", "Flora")
    page.fill("#last_name", "Flagtest")
    page.check("#acknowledged")
    page.click("button:text('Add to my caseload')")


def _new_draft(page: Any) -> None:
    """Start a DAP note and let it save, so the flags raised in it belong to a saved draft."""
    page.click("text=Write a DAP note")
    page.fill("#occurred_on", "2026-11-21")
    page.fill("#minutes", "30")
    page.locator("#data").press_sequentially("Met at the library. ")
    page.locator("#draft-state >> text=Draft saved").wait_for()


def _flag(page: Any, kind: str) -> Any:
    flag = page.locator("li.flag", has_text=kind)
    flag.wait_for()
    return flag


def _ids(page: Any, flag: Any) -> tuple[str, str]:
    """The flag's id and the note's id, both from the page (ids only, never text)."""
    flag_id = flag.get_attribute("id").removeprefix("flag-")
    return flag_id, page.locator("input[name=note_id]").input_value()


def test_a_flag_stays_open_until_its_handling_is_recorded(page: Any, app: App) -> None:
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    login(page, app, "pia")
    _intake(page)
    app.state["flag_record"] = page.url
    _new_draft(page)
    page.locator("#assessment").press_sequentially(SUICIDE)
    flag = _flag(page, "Possible suicide risk")
    assert "kill herself" in flag.locator(".flag-words").inner_text()
    assert "characters" not in flag.inner_text()  # words, not offsets
    assert page.locator("#flag-alert a[href='#flags']").is_visible()  # beside the text
    assert page.locator("text=988 Suicide & Crisis Lifeline").is_visible()
    protocol = page.locator("section.protocol").inner_text()
    assert '"Notify my supervisor" button on the flag' in protocol
    assert "below" not in protocol
    assert "above" not in protocol
    check_page(page, "16-note-flag-protocol")
    flag.locator("button:text('Notify my supervisor')").click()
    page.locator("text=Your supervisor was notified").wait_for()
    assert flag.locator("summary:text('Dismiss this flag')").is_visible()  # still open
    app.state["suicide_flag"], app.state["note"] = _ids(page, flag)

    page.locator("#plan").press_sequentially(HOMICIDE)
    other = _flag(page, "Possible risk of harm to another person")
    other.locator("summary:text('Dismiss this flag')").click()
    other.locator("button:text('Dismiss with this reason')").click()
    reason = other.locator("textarea[name=reason]")
    assert reason.evaluate("el => el.validity.valueMissing"), "an empty reason must not go"
    assert other.locator("button:text('Dismiss with this reason')").is_visible()
    reason.fill(REASON)
    other.locator("button:text('Dismiss with this reason')").click()
    page.locator(f"text=Dismissed: {REASON}.").wait_for()
    check_page(page, "17-note-flag-dismissed")

    page.locator("#data").press_sequentially(ABUSE)
    abuse = _flag(page, "Possible child abuse or neglect")
    editor = f"{app.base}/peers/{page.url.split('/peers/')[1].split('/')[0]}/notes/"
    editor += f"{app.state['note']}/edit"
    abuse.locator("text=Start a mandated report request").click()
    page.wait_for_url(re.compile(r"/disclosures/new\?flag="))
    assert page.locator("text=Opening this form changes nothing").is_visible()
    assert page.locator("#basis").input_value() == "mandated_report"
    assert page.locator("#recipient_kind").input_value() == "child_protective_services"
    check_page(page, "18-flag-request-form")

    page.goto(editor)  # back without asking for a decision: the flag is still open
    abuse = _flag(page, "Possible child abuse or neglect")
    assert abuse.locator("summary:text('Dismiss this flag')").is_visible()
    assert "Open." in abuse.inner_text()

    abuse.locator("text=Start a mandated report request").click()
    page.fill("#recipient_name", "County Child Protective Services")
    page.check("#cat-attendance")
    page.click("button:text('Ask for a decision')")
    page.wait_for_url(re.compile(r"/disclosures/[0-9a-f-]{36}$"))
    page.goto(editor)
    closed = _flag(page, "Possible child abuse or neglect")
    closed.locator("text=Closed: a mandated report request was made").wait_for()
    assert not closed.locator("summary:text('Dismiss this flag')").is_visible()
    check_page(page, "19-flag-closed-by-request")
    leaked = [u for u in urls if any(w in u for w in ("kill", "welts", "pills", "Quoting"))]
    assert leaked == [], "note text in a URL"
    assert page.dialogs == []


def test_the_supervisor_follows_the_notification_and_sees_the_words_on_a_draft(
    page: Any, app: App
) -> None:
    flag_id, note_id = app.state["suicide_flag"], app.state["note"]
    login(page, app, "sue")
    page.locator(f"a[href='/safety#flag-{flag_id}']").click()  # the notification
    page.wait_for_url(re.compile(f"/safety#flag-{flag_id}$"))
    flag = page.locator(f"#flag-{flag_id}")
    assert flag.is_visible()
    assert "kill herself" in flag.locator(".flag-words").inner_text()
    assert "supervisor notified" in flag.inner_text()
    assert "The note is a draft." in flag.inner_text()
    assert "Pia Specialist" in flag.inner_text()
    assert SUICIDE not in page.content()  # the words, not the note
    closed = page.locator("h2:text('Closed in the last 30 days') + ul")
    assert REASON in closed.locator("li", has_text="dismissed by Pia Specialist").inner_text()
    assert closed.locator("li", has_text="mandated report request made by Pia").is_visible()
    check_page(page, "20-safety-dashboard")

    refused = page.goto(f"{app.base}/notes/{note_id}?purpose=supervision")
    assert refused.status in (403, 404), "the supervisor cannot read the draft"
    assert "kill herself" not in page.content()
    page.goto(f"{app.base}/safety")
    flag = page.locator(f"#flag-{flag_id}")
    flag.locator("summary:text('Record your decision')").click()
    flag.locator("textarea[name=outcome]").fill(DECISION)
    flag.locator("button:text('Record the decision')").click()
    page.wait_for_url(re.compile(f"/safety#flag-{flag_id}$"))
    assert page.locator("text=No open flags.").is_visible()
    mine = page.locator(f"#flag-{flag_id}")
    assert "recorded by Sue Supervisor" in mine.inner_text()
    assert DECISION in mine.inner_text()
    check_page(page, "21-safety-dashboard-decided")


def test_the_writer_records_the_supervisors_decision(page: Any, app: App) -> None:
    login(page, app, "pia")
    page.goto(app.state["flag_record"])
    _new_draft(page)
    page.locator("#assessment").press_sequentially(SUICIDE)
    flag = _flag(page, "Possible suicide risk")
    flag.locator('summary:text("Record your supervisor\'s decision")').click()
    flag.locator("button:text('Record the decision')").click()
    outcome = flag.locator("textarea[name=outcome]")
    assert outcome.evaluate("el => el.validity.valueMissing"), "an empty decision must not go"
    outcome.fill(WRITERS_DECISION)
    flag.locator("button:text('Record the decision')").click()
    page.locator(f"text=Closed by your supervisor's decision: {WRITERS_DECISION}.").wait_for()
    assert not page.locator("li.flag >> text=Notify my supervisor").is_visible()
    check_page(page, "22-note-flag-decided")
    assert page.dialogs == []


def test_the_administrator_sets_the_crisis_protocol(page: Any, app: App) -> None:
    login(page, app, "boss")
    page.click("header >> text=Crisis protocol")
    steps = page.locator("#steps").input_value()
    assert '"Notify my supervisor" button on the flag' in steps
    page.fill("#local_line_name", "Riverside Crisis Line")
    page.fill("#local_line_phone", "(555) 010-4000")
    page.click("button:text('Save the protocol')")
    assert page.locator("text=Saved.").is_visible()
    check_page(page, "23-crisis-protocol")
