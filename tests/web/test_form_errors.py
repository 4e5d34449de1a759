"""A refused form comes back with what was typed still in it and the problem named in words,
never as a field code."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from confide.services import UnitOfWorkFactory, drafts
from tests.factories import ctx_for, draft, make_org, make_peer, make_staff
from tests.web.conftest import csrf_of, web_login


def test_an_empty_login_comes_back_naming_the_fields_and_keeping_the_username(
    web: TestClient,
) -> None:
    csrf = csrf_of(web.get("/login").text)
    empty = web.post("/login", data={"csrf": csrf, "username": "", "password": ""})
    assert empty.status_code == 422
    assert "Enter your username" in empty.text
    assert "Enter your password" in empty.text
    assert '<form method="post" action="/login"' in empty.text
    half = web.post("/login", data={"csrf": csrf, "username": "nina.k", "password": ""})
    assert half.status_code == 422
    assert 'value="nina.k"' in half.text
    assert "Enter your username" not in half.text
    wrong = web.post("/login", data={"csrf": csrf, "username": "nina.k", "password": "wrong pw"})
    assert wrong.status_code == 401
    assert 'value="nina.k"' in wrong.text
    assert "wrong pw" not in wrong.text  # a password is never sent back


def test_an_empty_amendment_comes_back_with_the_reason_typed(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    admin = make_org(uows)
    prs = make_staff(uows, admin)
    peer = make_peer(uows, prs)
    note = drafts.save_draft(ctx_for(prs), peer.id, None, draft(), version=1, sign=True,
                             uow=uows())  # fmt: skip
    csrf = web_login(web, prs.username)
    url = f"/notes/{note.id}/amendments"
    page = web.post(url, data={"csrf": csrf, "reason": "wrong room <b>", "text": " "})
    assert page.status_code == 422
    assert 'value="wrong room &lt;b&gt;"' in page.text
    assert "Write the amendment" in page.text
    assert "<details open>" in page.text
    assert "text: required" not in page.text
    assert "Amendments" not in page.text  # nothing was appended


def test_a_short_break_glass_reason_comes_back_in_the_form(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    admin = make_org(uows)
    prs, other = make_staff(uows, admin), make_staff(uows, admin)
    peer = make_peer(uows, prs)
    csrf = web_login(web, other.username)
    assert web.get(f"/peers/{peer.id}").status_code == 403
    page = web.post(f"/peers/{peer.id}/break-glass", data={"csrf": csrf, "reason": "EMS here"})
    assert page.status_code == 422
    assert ">EMS here</textarea>" in page.text
    assert "Emergency access was not opened." in page.text
    assert "Give the reason in at least 10 characters" in page.text
    assert "min_10" not in page.text
    assert web.get(f"/peers/{peer.id}?purpose=emergency").status_code == 403


def test_a_wrong_record_number_keeps_the_care_team_form(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    admin = make_org(uows)
    prs = make_staff(uows, admin)
    csrf = web_login(web, admin.username)
    form = {"csrf": csrf, "peer_id": "0000-not-a-record", "staff_id": prs.staff_id}
    page = web.post("/admin/care-team", data=form)
    assert page.status_code == 422
    assert 'value="0000-not-a-record"' in page.text
    assert f'<option value="{prs.staff_id}" selected>' in page.text
    assert "No peer has that record number" in page.text
    empty = web.post("/admin/care-team", data={"csrf": csrf, "staff_id": prs.staff_id})
    assert "Enter the peer&#39;s record number" in empty.text


def test_intake_problems_name_the_fields_in_words(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    admin = make_org(uows)
    prs = make_staff(uows, admin)
    csrf = web_login(web, prs.username)
    page = web.post("/peers/new", data={"csrf": csrf, "preferred_name": "Jo"})
    assert page.status_code == 422
    assert "Enter the peer&#39;s first name" in page.text
    assert "Confirm that the peer heard the confidentiality talk" in page.text
    assert "first name: required" not in page.text


def test_an_empty_disclosure_request_names_what_is_missing_in_words(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    admin = make_org(uows)
    prs = make_staff(uows, admin)
    peer = make_peer(uows, prs)
    csrf = web_login(web, prs.username)
    page = web.post(f"/peers/{peer.id}/disclosures", data={"csrf": csrf})
    assert page.status_code == 422
    assert "Enter who receives it" in page.text
    assert "Enter the basis for sharing" in page.text
    assert "recipient name" not in page.text


def test_the_docs_say_refused_forms_keep_what_was_typed(repo_root: Path) -> None:
    page = (repo_root / "docs" / "web.md").read_text("utf-8")
    assert "## Refused forms keep what was typed" in page
    assert "`web/problems.py`" in page
