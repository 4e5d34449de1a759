"""The note editor never loses typed text silently: a reader who may not write is told before
typing, a refused or failed autosave says so in the status line, and a saved draft has its own
address."""

from __future__ import annotations

from fastapi.testclient import TestClient

from confide.domain.actors import Purpose
from confide.services import UnitOfWorkFactory, break_glass
from tests.factories import ctx_for, make_org, make_peer, make_staff
from tests.web.conftest import web_login

AUTOSAVE = {"HX-Request": "true", "X-Confide-Autosave": "1"}


def note_form(csrf: str, **extra: str) -> dict[str, str]:
    form = {"csrf": csrf, "note_format": "dap", "occurred_on": "2026-11-20", "minutes": "30",
            "modality": "in_person", "setting": "office", "data": "met at the office"}  # fmt: skip
    return form | extra


def test_an_emergency_reader_is_told_before_typing_that_the_editor_cannot_save(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    admin = make_org(uows)
    prs, other = make_staff(uows, admin), make_staff(uows, admin)
    peer = make_peer(uows, prs)
    reason = "EMS on scene asking about medications"
    break_glass.start_break_glass(ctx_for(other, Purpose.EMERGENCY), peer.id, reason=reason,
                                  uow=uows())  # fmt: skip
    web_login(web, other.username)
    page = web.get(f"/peers/{peer.id}/notes/new")
    assert page.status_code == 200
    assert "You cannot write a note here" in page.text
    assert "with emergency access" in page.text
    assert f'hx-post="/peers/{peer.id}/notes/draft"' not in page.text  # nothing autosaves
    assert "<fieldset disabled" in page.text
    assert "Cannot be saved: this editor is read-only." in page.text


def test_the_care_team_gets_a_writable_editor(uows: UnitOfWorkFactory, web: TestClient) -> None:
    admin = make_org(uows)
    prs = make_staff(uows, admin)
    peer = make_peer(uows, prs)
    web_login(web, prs.username)
    page = web.get(f"/peers/{peer.id}/notes/new").text
    assert "You cannot write a note here" not in page
    assert 'hx-post="/peers/' in page
    assert '<script src="/static/editor.js" defer></script>' in page


def test_a_refused_autosave_says_in_words_that_the_text_is_kept(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    admin = make_org(uows)
    prs = make_staff(uows, admin)
    peer = make_peer(uows, prs)
    csrf = web_login(web, prs.username)
    url = f"/peers/{peer.id}/notes/draft"
    empty = web.post(url, data=note_form(csrf, data=""), headers=AUTOSAVE)
    assert empty.status_code == 200
    assert "Not saved: Write something in at least one section" in empty.text
    assert "still here in the editor" in empty.text
    odd = web.post(url, data=note_form(csrf, minutes="lots"), headers=AUTOSAVE).text
    assert "Enter the minutes, a number from 1 to 1440" in odd
    assert "not_a_number" not in odd


def test_a_first_autosave_moves_the_page_to_the_drafts_own_address(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    admin = make_org(uows)
    prs = make_staff(uows, admin)
    peer = make_peer(uows, prs)
    csrf = web_login(web, prs.username)
    saved = web.post(f"/peers/{peer.id}/notes/draft", data=note_form(csrf), headers=AUTOSAVE)
    assert "Draft saved" in saved.text
    address = saved.headers["HX-Replace-Url"]
    assert address.startswith(f"/peers/{peer.id}/notes/")
    assert address.endswith("/edit")
    assert "met at the office" in web.get(address).text  # a reload shows the draft


def test_an_autosave_after_logout_answers_401_and_stays_on_the_page(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    admin = make_org(uows)
    prs = make_staff(uows, admin)
    peer = make_peer(uows, prs)
    csrf = web_login(web, prs.username)
    web.post("/logout-everywhere", data={"csrf": csrf})
    web.post("/logout", data={"csrf": csrf})
    web.cookies.set("confide_session", "ended-session-token", domain="testserver.local")
    answer = web.post(f"/peers/{peer.id}/notes/draft", data=note_form(csrf), headers=AUTOSAVE,
                      follow_redirects=False)  # fmt: skip
    assert answer.status_code in (401, 403)
    assert "HX-Redirect" not in answer.headers
    assert "location" not in answer.headers
