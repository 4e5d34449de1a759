"""A peer specialist's day in real Chromium, and the people around it: supervisor, a colleague
off the care team, the privacy officer, the administrator, and an attacker on another site."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from confide.services.mfa import code_at
from tests.browser.conftest import App, check_page, login

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>"\'><svg onload=alert(2)>'


def test_new_staff_enroll_their_second_factor(page: Any, app: App) -> None:
    page.goto(f"{app.base}/login")
    check_page(page, "01-login")
    page.fill("#username", "nina")
    page.fill("#password", "correct horse battery staple")
    page.click("button[type=submit]")
    assert page.url.endswith("/login/enroll")
    check_page(page, "02-enroll")
    secret = page.inner_text("code.secret")
    page.fill("#code", code_at(secret, datetime.now(UTC)))
    page.click("button[type=submit]")
    assert len(page.locator("ul.codes li").all()) == 10
    check_page(page, "03-recovery-codes")


def test_specialist_intakes_a_peer_and_signs_a_note(page: Any, app: App) -> None:
    login(page, app, "pia")
    check_page(page, "04-home")
    page.click("text=My peers")
    page.click("text=New peer (intake)")
    check_page(page, "05-intake")
    for field in ("#preferred_name", "#first_name", "#last_name"):
        page.fill(field, f"Rosa{XSS}")
    page.fill("#date_of_birth", "1984-02-29")
    page.fill("#phone", "(555) 010-7788")
    page.fill("#email", "rosa@example.org")
    page.check("#sc-no_voicemail")
    page.click("button:text('Add to my caseload')")
    # the talk is not acknowledged yet: the form does not go (the server refuses it too)
    assert page.evaluate("document.querySelector('#acknowledged').validity.valueMissing")
    page.check("#acknowledged")
    page.click("button:text('Add to my caseload')")
    assert re.search(r"/peers/[0-9a-f-]{36}$", page.url), "only an id in the address"
    assert "Rosa" not in page.title()
    assert page.locator("text=Never leave a voicemail").is_visible()
    app.state["record"] = page.url
    page.click("summary:text('Add a goal')")
    page.fill("#description", f"Keep my apartment {XSS}")
    page.fill("#steps", f"Pay rent first\n{XSS}")
    page.click("button:text('Add goal')")
    check_page(page, "06-record")
    page.click("text=Write a DAP note")
    page.fill("#occurred_on", "2026-11-20")
    page.fill("#minutes", "45")
    page.fill("#data", f"Met at the library. {XSS}")
    page.fill("#assessment", f"Engaged {XSS}")
    page.fill("#plan", f"Next week {XSS}")
    page.check("#goal-1")
    page.check("#label-sud")
    page.wait_for_selector("text=Draft saved")  # htmx autosave, no button pressed
    check_page(page, "07-note-draft")
    page.click("button:text('Sign note')")
    assert "/notes/" in page.url
    page.click("summary:text('Amend this note')")
    page.fill("#reason", f"Wrong room {XSS}")
    page.fill("#text", f"It was the community room. {XSS}")
    page.click("button:text('Add amendment')")
    assert page.locator("text=It was the community room.").is_visible()
    check_page(page, "08-note-signed")
    page.goto(app.state["record"])
    page.click("text=My peers")
    page.fill("#name", "rosa" + XSS)
    page.click("button:text('Search')")
    assert page.locator("ul.list a").count() == 1
    assert "rosa" not in page.url.lower()
    check_page(page, "09-my-peers-search")
    assert page.dialogs == [], "an XSS payload ran"
    assert (
        page.evaluate("document.querySelectorAll('main script, main img, main svg').length") == 0
    )


def test_supervisor_sees_and_cosigns_the_note(page: Any, app: App) -> None:
    login(page, app, "sue")
    page.click("text=Review")
    check_page(page, "10-review-queue")
    page.click("table a")
    assert "Met at the library." in page.inner_text("article")
    check_page(page, "11-note-supervision")
    page.click("button:text('Co-sign this note')")
    assert page.locator("text=Nothing waiting").is_visible()
    assert page.dialogs == []


def test_specialist_off_the_care_team_is_refused_then_breaks_glass(page: Any, app: App) -> None:
    login(page, app, "otto")
    response = page.goto(app.state["record"])
    assert response.status == 403
    assert "Rosa" not in page.content()
    check_page(page, "12-refused-break-glass")
    page.fill("#reason", "EMS on scene, peer unresponsive, asking for contacts")
    page.click("button:text('Open in an emergency')")
    assert "purpose=emergency" in page.url
    assert page.locator("text=Emergency access: everything you open is recorded").is_visible()
    check_page(page, "13-record-emergency")
    assert page.dialogs == []


def test_privacy_officer_reviews_the_break_glass(page: Any, app: App) -> None:
    login(page, app, "pat")
    page.click("text=Emergency access")
    assert page.locator("text=EMS on scene").is_visible()
    check_page(page, "14-privacy-queue")
    page.check("#yes-1")
    page.fill("#note-1", "EMS confirmed the call; access was needed.")
    page.click("button:text('Record the review')")
    assert page.locator("text=Nothing waiting").is_visible()


def test_administrator_pages(page: Any, app: App) -> None:
    login(page, app, "boss")
    page.click("text=Staff")
    assert page.locator("td:text('Pia Specialist')").is_visible()
    check_page(page, "15-admin-staff")


def test_cross_site_forgery_is_refused(page: Any, app: App) -> None:
    login(page, app, "pia")
    before = page.goto(f"{app.base}/peers").text()
    page.goto(f"{app.evil}/attack")
    page.wait_for_load_state()
    assert "Forged" not in page.content()
    after = page.goto(f"{app.base}/peers").text()
    assert "Forged" not in after
    assert before.count("<li>") == after.count("<li>")
    same_site = page.evaluate(
        """async () => (await fetch('/peers/new', {method: 'POST',
            headers: {'Content-Type': 'application/x-www-form-urlencoded'},
            body: 'first_name=No&last_name=Token&acknowledged=true'})).status"""
    )
    assert same_site == 403
