"""Crisis flags in the note editor over HTTP: the text goes in a POST body with the CSRF token,
never in a URL or a log line; a flag closes only when its handling is recorded (a dismissal
with a reason, the supervisor's decision, a disclosure request made from it); the supervisor's
dashboard with the words that raised each flag, and the notification that links to it."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from confide.domain.actions import Action
from confide.domain.actors import Purpose, Role
from confide.services import UnitOfWorkFactory, staff
from confide.web import safety
from tests.factories import canary, ctx_for, make_org, make_peer, make_staff
from tests.web.conftest import web_login

EDITOR = "7c0f3a4e-5b6d-4e8f-9a1b-2c3d4e5f6a7b"


def world(uows: UnitOfWorkFactory):  # type: ignore[no-untyped-def]
    admin = make_org(uows)
    prs = make_staff(uows, admin, username="w_prs")
    supervisor = make_staff(uows, admin, Role.SUPERVISOR, username="w_sup")
    staff.assign_supervisor(
        ctx_for(admin, Purpose.ADMINISTRATION), supervisor.staff_id, prs.staff_id, uow=uows()
    )
    return admin, prs, supervisor, make_peer(uows, prs)


def note_form(csrf: str, text: str) -> dict[str, str]:
    return {
        "csrf": csrf, "note_format": "dap", "note_id": "", "version": "1",
        "occurred_on": "2026-11-20", "minutes": "30", "data": "Met at the library.",
        "assessment": text, "plan": "", "flag_editor": EDITOR,
    }  # fmt: skip


def flag_ids(html: str) -> list[str]:
    return re.findall(r'id="flag-([0-9a-f-]{36})"', html)


def test_the_editor_asks_for_flags_by_post_with_a_delay(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    _, _, _, peer = world(uows)
    web_login(web, "w_prs")
    page = web.get(f"/peers/{peer.id}/notes/new").text
    panel = page[page.index('<section id="flags"') :]
    assert f'hx-post="/peers/{peer.id}/notes/flags"' in panel
    assert "input delay:" in panel
    assert 'hx-include="#note-form"' in panel
    assert 'name="flag_editor"' in page


def test_a_risk_sentence_brings_the_flag_and_the_crisis_protocol(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    _, _, _, peer = world(uows)
    csrf = web_login(web, "w_prs")
    text = "She said she wants to kill herself and has been saving pills."
    response = web.post(f"/peers/{peer.id}/notes/flags", data=note_form(csrf, text))
    assert response.status_code == 200
    html = response.text
    assert "Possible suicide risk" in html
    assert "988 Suicide &amp; Crisis Lifeline" in html
    assert "Notify my supervisor" in html
    assert "Start a medical emergency request" in html
    assert "Why is this not a crisis?" in html
    assert len(flag_ids(html)) == 1
    calm = web.post(f"/peers/{peer.id}/notes/flags", data=note_form(csrf, "She denies SI/HI."))
    assert "Possible suicide risk" in calm.text  # recorded flags stay until someone handles them
    assert "no longer in the text" in calm.text


def test_the_protocol_names_the_notify_button_without_placing_it(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    _, _, _, peer = world(uows)
    csrf = web_login(web, "w_prs")
    html = web.post(
        f"/peers/{peer.id}/notes/flags", data=note_form(csrf, "She wants to kill herself.")
    ).text
    protocol = html[html.index('<section class="protocol"') :]
    assert "the &#34;Notify my supervisor&#34; button on the flag" in protocol
    assert html.index("Notify my supervisor</button>") < html.index('<section class="protocol"')
    for misplaced in ("button below", "button above"):
        assert misplaced not in protocol


def test_the_flag_check_without_the_csrf_token_is_refused(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    _, _, _, peer = world(uows)
    web_login(web, "w_prs")
    form = note_form("", "She wants to kill herself.")
    assert web.post(f"/peers/{peer.id}/notes/flags", data=form).status_code == 403


def test_dismissing_needs_a_reason_then_the_supervisor_sees_it(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    _, _, _, peer = world(uows)
    csrf = web_login(web, "w_prs")
    html = web.post(
        f"/peers/{peer.id}/notes/flags", data=note_form(csrf, "He plans to kill his boss.")
    ).text
    (flag,) = flag_ids(html)
    refused = web.post(f"/safety/flags/{flag}/dismiss", data={"csrf": csrf, "reason": ""})
    assert refused.status_code == 422
    assert "reason" in refused.text
    done = web.post(
        f"/safety/flags/{flag}/dismiss",
        data={"csrf": csrf, "reason": "Lyrics of a song he quoted"},
        headers={"HX-Request": "true"},
    )
    assert done.status_code == 200
    assert "Dismissed: Lyrics of a song he quoted." in done.text
    web.cookies.clear()
    web_login(web, "w_sup")
    board = web.get("/safety")
    assert board.status_code == 200
    assert "Lyrics of a song he quoted" in board.text
    assert "Possible risk of harm to another person" in board.text


def test_notify_my_supervisor_reaches_the_supervisor(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    _, _, _, peer = world(uows)
    csrf = web_login(web, "w_prs")
    html = web.post(
        f"/peers/{peer.id}/notes/flags", data=note_form(csrf, "She wants to kill herself.")
    ).text
    (flag,) = flag_ids(html)
    notified = web.post(
        f"/safety/flags/{flag}/notify", data={"csrf": csrf}, headers={"HX-Request": "true"}
    )
    assert "Your supervisor was notified" in notified.text
    web.cookies.clear()
    web_login(web, "w_sup")
    assert "safety flag" in web.get("/").text
    assert "supervisor notified" in web.get("/safety").text


def raise_flag(web: TestClient, peer_id: str, csrf: str, text: str) -> str:
    (flag,) = flag_ids(web.post(f"/peers/{peer_id}/notes/flags", data=note_form(csrf, text)).text)
    return flag


ABUSE = "Her daughter has bruises on her neck and says mom's boyfriend choked her."
REPORT = {
    "recipient_name": "County CPS", "recipient_kind": "child_protective_services",
    "purpose": "child_abuse_report", "information": "attendance", "basis": "mandated_report",
}  # fmt: skip


def test_the_request_button_opens_the_form_for_the_flag_and_changes_nothing(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    _, _, _, peer = world(uows)
    csrf = web_login(web, "w_prs")
    flag = raise_flag(web, peer.id, csrf, ABUSE)
    panel = web.post(f"/peers/{peer.id}/notes/flags", data=note_form(csrf, ABUSE)).text
    link = f'href="/peers/{peer.id}/disclosures/new?flag={flag}"'
    assert link in panel
    assert "Start a mandated report request" in panel
    form = web.get(f"/peers/{peer.id}/disclosures/new?flag={flag}")
    assert form.status_code == 200
    assert f'name="flag_id" value="{flag}"' in form.text
    assert '<option value="mandated_report" selected>' in form.text
    assert '<option value="child_protective_services" selected>' in form.text
    assert "Opening this form changes nothing" in form.text
    assert "<q>" in form.text  # the words that raised the flag
    assert ABUSE not in form.text
    again = web.post(f"/peers/{peer.id}/notes/flags", data=note_form(csrf, ABUSE)).text
    assert "Dismiss with this reason" in again  # still open
    assert web.post(f"/safety/flags/{flag}/escalate", data={"csrf": csrf}).status_code in (
        404, 405,
    )  # fmt: skip


def test_a_flag_of_another_peer_is_not_offered_on_the_form(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    _, prs, _, peer = world(uows)
    other = make_peer(uows, prs)
    csrf = web_login(web, "w_prs")
    flag = raise_flag(web, peer.id, csrf, ABUSE)
    assert web.get(f"/peers/{other.id}/disclosures/new?flag={flag}").status_code == 404
    made = web.post(
        f"/peers/{other.id}/disclosures", data={"csrf": csrf, "flag_id": flag} | REPORT
    )
    assert made.status_code == 404


def test_making_the_request_from_the_flag_closes_it(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    _, _, _, peer = world(uows)
    csrf = web_login(web, "w_prs")
    flag = raise_flag(web, peer.id, csrf, ABUSE)
    made = web.post(
        f"/peers/{peer.id}/disclosures", data={"csrf": csrf, "flag_id": flag} | REPORT,
        follow_redirects=False,
    )  # fmt: skip
    assert made.status_code == 303
    disclosure = made.headers["location"].removeprefix("/disclosures/")
    panel = web.post(f"/peers/{peer.id}/notes/flags", data=note_form(csrf, ABUSE)).text
    assert "Closed: a mandated report request was made" in panel
    assert f'href="/disclosures/{disclosure}"' in panel
    assert "Dismiss with this reason" not in panel
    web.cookies.clear()
    web_login(web, "w_sup")
    board = web.get("/safety").text
    assert "No open flags." in board
    assert "closed by a mandated report request made by Staff Member" in board


def test_recording_the_supervisors_decision_closes_the_flag(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    _, _, _, peer = world(uows)
    csrf = web_login(web, "w_prs")
    flag = raise_flag(web, peer.id, csrf, "She wants to kill herself.")
    htmx = {"HX-Request": "true"}
    empty = web.post(f"/safety/flags/{flag}/decision", data={"csrf": csrf}, headers=htmx)
    assert "Write down what your supervisor decided" in empty.text
    decision = "Safety plan reviewed; call 988 together now"
    done = web.post(
        f"/safety/flags/{flag}/decision", data={"csrf": csrf, "outcome": decision}, headers=htmx
    )
    assert f"Closed by your supervisor's decision: {decision}." in done.text
    web.cookies.clear()
    web_login(web, "w_sup")
    board = web.get("/safety").text
    assert "closed by the supervisor's decision, recorded by Staff Member" in board
    assert decision in board


def test_the_supervisor_records_a_decision_from_the_dashboard(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    _, _, _, peer = world(uows)
    csrf = web_login(web, "w_prs")
    flag = raise_flag(web, peer.id, csrf, "She wants to kill herself tonight.")
    web.post(f"/safety/flags/{flag}/notify", data={"csrf": csrf})
    web.cookies.clear()
    csrf = web_login(web, "w_sup")
    home = web.get("/").text
    assert f'href="/safety#flag-{flag}"' in home  # the notification links to the flag itself
    board = web.get("/safety").text
    assert f'id="flag-{flag}"' in board
    assert "<q>wants to kill herself tonight</q>" in board  # the words, on a note not saved yet
    assert "The note is not saved yet." in board
    decided = web.post(
        f"/safety/flags/{flag}/supervisor-decision",
        data={"csrf": csrf, "outcome": "Spoke with her; ER evaluation arranged"},
        follow_redirects=False,
    )
    assert decided.headers["location"] == f"/safety#flag-{flag}"
    board = web.get("/safety").text
    assert "No open flags." in board
    assert "recorded by Staff Member" in board  # every factory-made staff member has this name


def test_the_crisis_protocol_is_set_by_the_administrator(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    admin, _, _, peer = world(uows)
    csrf = web_login(web, admin.username)
    form = {
        "csrf": csrf, "local_line_name": "Riverside County Crisis Line",
        "local_line_phone": "(555) 010-4000", "steps": "Stay with the peer\nCall the line",
        "contacts": "On-call supervisor (555) 010-4001",
    }  # fmt: skip
    saved = web.post("/admin/crisis-protocol", data=form)
    assert "Saved." in saved.text
    web.cookies.clear()
    csrf = web_login(web, "w_prs")
    html = web.post(
        f"/peers/{peer.id}/notes/flags", data=note_form(csrf, "She wants to kill herself.")
    ).text
    assert "Riverside County Crisis Line" in html
    assert "On-call supervisor (555) 010-4001" in html


def test_no_note_text_reaches_any_log_line(
    uows: UnitOfWorkFactory, web: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    _, _, _, peer = world(uows)
    csrf = web_login(web, "w_prs")
    secret, reason = canary("flagtext"), canary("reason")
    text = f"She said she wants to kill herself tonight; {secret} has the pills."
    caplog.set_level(logging.DEBUG)  # the root logger: every logger that propagates
    loggers = [logging.getLogger(name) for name in list(logging.root.manager.loggerDict)]
    levels = [(logger, logger.level) for logger in loggers]
    try:
        for logger in loggers:
            logger.setLevel(logging.DEBUG)
        flag_requests(web, peer.id, csrf, text, reason)
    finally:
        for logger, level in levels:
            logger.setLevel(level)
    assert caplog.records, "nothing was captured: the capture is not working"
    for record in caplog.records:
        seen = " ".join([record.getMessage(), repr(record.args), repr(record.__dict__)])
        assert secret not in seen, record.name
        assert reason not in seen, record.name
        assert "kill herself" not in seen, record.name
        assert "bruises" not in seen, record.name


def flag_requests(web: TestClient, peer_id: str, csrf: str, text: str, reason: str) -> None:
    """Check, check again, notify, open the request form, record a decision, dismiss with a
    reason (refused: closed), make a request from a second flag, and a malformed check."""
    html = web.post(f"/peers/{peer_id}/notes/flags", data=note_form(csrf, text)).text
    (flag,) = flag_ids(html)
    web.post(f"/peers/{peer_id}/notes/flags", data=note_form(csrf, text + " More."))
    web.post(f"/safety/flags/{flag}/notify", data={"csrf": csrf})
    web.get(f"/peers/{peer_id}/disclosures/new?flag={flag}")
    web.post(f"/safety/flags/{flag}/decision", data={"csrf": csrf, "outcome": reason})
    web.post(f"/safety/flags/{flag}/dismiss", data={"csrf": csrf, "reason": reason})
    both = web.post(f"/peers/{peer_id}/notes/flags", data=note_form(csrf, f"{text} {ABUSE}"))
    other = next(i for i in flag_ids(both.text) if i != flag)
    web.post(f"/peers/{peer_id}/disclosures", data={"csrf": csrf, "flag_id": other} | REPORT)
    web.post(f"/peers/{peer_id}/notes/flags", data=note_form(csrf, text) | {"version": "x"})


def test_the_docs_list_every_safety_page_and_action(repo_root: Path) -> None:
    web_doc = (repo_root / "docs" / "web.md").read_text()
    auth_doc = (repo_root / "docs" / "authorization.md").read_text()
    documented = {
        "/safety/flags/{flag_id}/notify": "/safety/flags/{id}/notify",
        "/safety/flags/{flag_id}/dismiss": "`/dismiss`",
        "/safety/flags/{flag_id}/decision": "`/decision` (`outcome`)",
        "/safety/flags/{flag_id}/supervisor-decision": "/safety/flags/{id}/supervisor-decision",
        "/safety": "| `/safety` |",
        "/admin/crisis-protocol": "/admin/crisis-protocol",
    }
    assert {str(getattr(r, "path", "")) for r in safety.router.routes} == set(documented)
    for words in documented.values():
        assert words in web_doc, words
    assert "/peers/{id}/notes/flags" in web_doc
    for action in Action:
        if action.value.startswith(("flag:", "protocol:")):
            assert f"`{action.value}`" in auth_doc, action


def test_under_htmx_a_refusal_is_said_inside_the_flag(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    admin, _, _, _ = world(uows)
    own = make_peer(uows, make_staff(uows, admin, username="w_alone"))  # supervised by nobody
    csrf = web_login(web, "w_alone")
    html = web.post(
        f"/peers/{own.id}/notes/flags", data=note_form(csrf, "She wants to kill herself.")
    ).text
    (flag,) = flag_ids(html)
    htmx = {"HX-Request": "true"}
    empty = web.post(f"/safety/flags/{flag}/dismiss", data={"csrf": csrf}, headers=htmx)
    assert empty.status_code == 200
    assert "a reason is required to dismiss a flag" in empty.text
    assert "Dismiss with this reason" in empty.text  # still open
    alone = web.post(f"/safety/flags/{flag}/notify", data={"csrf": csrf}, headers=htmx)
    assert "No supervisor is linked to you" in alone.text
    assert "Notify my supervisor" in alone.text
