"""Consents and disclosures in real Chromium at 360 px: create a consent, sign it, request a
disclosure under it and read the decision, send one to the privacy officer, revoke the consent,
and work the review queue; axe on every new page, screenshots, and no script from typed text."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import App, check_page, login

XSS = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def _intake(page: Any) -> None:
    page.click("text=My peers")
    page.click("text=New peer (intake)")
    page.fill("#first_name", "Connie")
    page.fill("#last_name", "Consenttest")
    page.check("#acknowledged")
    page.click("button:text('Add to my caseload')")


def _new_consent(page: Any) -> None:
    page.click("text=New consent")
    page.fill("#patient_name", "Connie Consenttest")
    page.fill("#discloser", "Browser Test Org")
    page.check("#cat-attendance")
    page.fill("#information_description", "dates I came to group " + XSS)
    page.fill("#recipient_name-0", "Maple Street Health")
    page.select_option("#recipient_kind-0", "treating_provider")
    page.check("#purpose-treatment")
    page.check("#expiry-date")
    page.fill("#expires", "2027-12-31")
    page.check("#revocation_statement-box")
    page.check("#redisclosure_statement-box")
    # a treatment consent carries the two 2.31(a)(10) statements
    page.check("#redisclosure_potential_statement-box")
    page.check("#refusal_consequences_statement-box")
    check_page(page, "31-consent-new")
    page.click("button:text('Save the consent (unsigned)')")


def _ask(page: Any, name: str, kind: str, purpose: str, basis: str) -> None:
    page.click("text=Request a disclosure")
    page.fill("#recipient_name", name)
    page.select_option("#recipient_kind", kind)
    page.select_option("#purpose", purpose)
    page.check("#cat-attendance")
    page.select_option("#basis", basis)


def test_a_consent_is_signed_used_for_a_disclosure_and_revoked(page: Any, app: App) -> None:
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    login(page, app, "pia")
    _intake(page)
    record = page.url
    page.locator("#consents-h ~ div >> text=No consents yet.").wait_for()
    page.locator("#disclosures-h ~ div >> text=Nothing has been disclosed.").wait_for()
    check_page(page, "30-record-consents")
    _new_consent(page)
    page.locator("text=not signed yet").first.wait_for()
    page.fill("input[name=signer_name]", "Connie Consenttest")
    page.click("button:text('Sign this consent')")
    page.locator(".card .state-active").wait_for()
    check_page(page, "32-consents-signed")
    page.goto(record)
    page.locator("#consents-h ~ div .state-active").wait_for()

    _ask(page, "Maple Street Health", "treating_provider", "treatment", "consent")
    assert page.locator("#consent_id").is_visible()
    assert not page.locator("#nature").is_visible()  # emergency details only for an emergency
    page.select_option("#consent_id", index=1)
    check_page(page, "33-disclosure-new")
    page.click("button:text('Ask for a decision')")
    page.locator("text=Allowed: the package is ready").wait_for()
    assert page.locator("text=42 CFR part 2 prohibits unauthorized use").is_visible()
    assert page.locator("a:text('Download the package (PDF)')").is_visible()
    check_page(page, "34-disclosure-allowed")

    page.goto(record)
    page.locator("#disclosures-h ~ div >> text=Maple Street Health").wait_for()
    check_page(page, "35-record-accounting")
    _ask(page, "County Court " + XSS, "court", "legal_proceeding", "court_order")
    page.check("#part2_order")
    page.click("button:text('Ask for a decision')")
    page.locator("text=Waiting for the privacy officer").wait_for()
    check_page(page, "36-disclosure-needs-review")

    page.goto(record)
    page.click("#consents-h ~ div a")
    page.click("summary:text('Revoke this consent')")
    page.click("button:text('Revoke')")
    confirm = page.locator("input[name=confirm]")
    assert confirm.evaluate("el => el.validity.valueMissing"), "revoking needs the confirmation"
    confirm.check()
    page.click("button:text('Revoke')")
    page.locator(".card .state-revoked").wait_for()
    check_page(page, "37-consent-revoked")

    login(page, app, "pat")
    page.click("nav >> text=Disclosures")
    page.locator("text=Why it needs you:").wait_for()
    check_page(page, "38-disclosure-reviews")
    page.check("input[name=approve][value=false]")
    page.fill("textarea[name=justification]", "The order does not name this program.")
    page.click("button:text('Record the decision')")
    page.locator("text=Nothing waiting.").wait_for()
    assert page.dialogs == []
    assert not any("Connie" in u or "Consenttest" in u or "Court" in u for u in urls)
