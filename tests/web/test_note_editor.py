"""The note editor never loses typed text silently: a reader who may not write is told before
typing, a refused or failed autosave says so in the status line, and a saved draft has its own
address."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, text

from confide.domain.actors import Purpose
from confide.domain.ids import new_id
from confide.errors import Conflict, Denied
from confide.services import UnitOfWorkFactory, break_glass, drafts, safety_flags
from tests.factories import ctx_for, draft, logged, make_org, make_peer, make_staff
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
    note_id = address.split("/")[-2]
    again = web.post(f"/peers/{peer.id}/notes/draft", headers=AUTOSAVE,
                     data=note_form(csrf, note_id=note_id, version="1"))  # fmt: skip
    assert "Draft saved" in again.text
    assert "HX-Replace-Url" not in again.headers  # the address is already the draft's


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


def test_my_drafts_lists_my_unsigned_drafts_without_their_text(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    admin = make_org(uows)
    prs, colleague = make_staff(uows, admin), make_staff(uows, admin)
    peer = make_peer(uows, prs, preferred_name="Wren")
    mine = drafts.save_draft(ctx_for(prs), peer.id, None, draft("mine"), version=1, uow=uows())
    drafts.save_draft(ctx_for(prs), peer.id, None, draft("signed"), version=1, sign=True,
                      uow=uows())  # fmt: skip
    theirs = make_peer(uows, colleague, preferred_name="Ash")
    drafts.save_draft(ctx_for(colleague), theirs.id, None, draft(), version=1, uow=uows())
    web_login(web, prs.username)
    page = web.get("/drafts").text
    assert f'href="/peers/{peer.id}/notes/{mine.id}/edit">Wren</a>' in page
    assert page.count("/edit") == 1  # the signed note and a colleague's draft are not listed
    assert "Ash" not in page
    assert "mine" not in page  # no note text in the list
    assert 'href="/drafts"' in web.get("/").text


def test_deleting_a_draft_takes_the_box_and_is_recorded(
    uows: UnitOfWorkFactory, web: TestClient, connection: Connection
) -> None:
    admin = make_org(uows)
    prs = make_staff(uows, admin)
    peer = make_peer(uows, prs)
    view = drafts.save_draft(ctx_for(prs), peer.id, None, draft(), version=1, uow=uows())
    csrf = web_login(web, prs.username)
    url = f"/peers/{peer.id}/notes/delete"
    editor = web.get(f"/peers/{peer.id}/notes/{view.id}/edit").text
    assert f'formaction="{url}"' in editor
    unticked = web.post(url, data={"csrf": csrf, "note_id": view.id}, follow_redirects=False)
    assert unticked.status_code == 422
    assert web.get(f"/peers/{peer.id}/notes/{view.id}/edit").status_code == 200  # still there
    form = {"csrf": csrf, "note_id": view.id, "confirm_delete": "true"}
    done = web.post(url, data=form, follow_redirects=False)
    assert done.status_code == 303
    assert done.headers["location"] == "/drafts?deleted=1"
    assert "The draft was deleted." in web.get("/drafts?deleted=1").text
    assert web.get(f"/peers/{peer.id}/notes/{view.id}/edit").status_code == 404
    deletions = [e for e in logged(connection) if e.action == "note:delete_draft"]
    assert [(e.resource_id, e.outcome) for e in deletions] == [(view.id, "allow")]


def test_a_signed_note_or_someone_elses_draft_is_never_deleted(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    admin = make_org(uows)
    prs, colleague = make_staff(uows, admin), make_staff(uows, admin)
    peer = make_peer(uows, prs)
    signed = drafts.save_draft(ctx_for(prs), peer.id, None, draft(), version=1, sign=True,
                               uow=uows())  # fmt: skip
    with pytest.raises(Conflict):
        drafts.delete_draft(ctx_for(prs), peer.id, signed.id, uow=uows())
    view = drafts.save_draft(ctx_for(prs), peer.id, None, draft(), version=1, uow=uows())
    with pytest.raises(Denied):
        drafts.delete_draft(ctx_for(colleague), peer.id, view.id, uow=uows())
    assert drafts.open_draft(ctx_for(prs), peer.id, view.id, uow=uows()).note is not None


def test_a_deleted_draft_keeps_the_crisis_flags_noticed_while_it_was_typed(
    uows: UnitOfWorkFactory, connection: Connection
) -> None:
    admin = make_org(uows)
    prs = make_staff(uows, admin)
    peer = make_peer(uows, prs)
    risk = "She said she wants to kill herself and has pills saved up."
    view = drafts.save_draft(ctx_for(prs), peer.id, None, draft(risk), version=1, uow=uows())
    panel = safety_flags.check_note(ctx_for(prs), peer.id, note_id=view.id, editor_id=new_id(),
                                    sections={"data": risk}, uow=uows())  # fmt: skip
    assert panel.flags
    drafts.delete_draft(ctx_for(prs), peer.id, view.id, uow=uows())
    kept = connection.execute(text("SELECT count(*), count(encounter_id) FROM safety_flags"))
    assert tuple(kept.one()) == (len(panel.flags), 0)


def test_the_docs_name_the_drafts_pages_and_the_emergency_editor(repo_root: Path) -> None:
    page = (repo_root / "docs" / "web.md").read_text("utf-8")
    for words in ("`/drafts`", "`POST /peers/{id}/notes/delete`", "`note:delete_draft`",
                  "HX-Replace-Url", "Emergency readers get a read-only editor"):  # fmt: skip
        assert words in page, words
