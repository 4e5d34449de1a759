"""Share for supervision in the staff app: the author sees the copy before sharing it, the
recipient reads only the copy, and no page the recipient sees names the peer."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from confide.domain.actions import Action
from confide.domain.actors import Role
from confide.domain.encounters import NoteBody, NoteFormat
from confide.services import UnitOfWorkFactory, notes
from confide.services.notes import NoteView
from confide.services.peers import PeerView
from confide.web import consultations
from tests.factories import ctx_for, draft, make_org, make_peer, make_staff
from tests.web.conftest import web_login


def world(uows: UnitOfWorkFactory, extra: str = "") -> tuple[PeerView, NoteView, str]:
    admin = make_org(uows)
    prs = make_staff(uows, admin, username="c_prs")
    consultant = make_staff(uows, admin, Role.SUPERVISOR, username="c_sup")
    peer = make_peer(uows, prs)
    who = peer.identity
    text = f"{who.preferred_name} ({who.first_name} {who.last_name}) called from {who.phone}."
    body = NoteBody(NoteFormat.DAP, {"data": text + extra, "assessment": "", "plan": "meet"})
    written = notes.write_note(ctx_for(prs), peer.id, draft(body=body), uow=uows())
    note = notes.sign_note(ctx_for(prs), written.id, version=written.version, uow=uows())
    return peer, note, consultant.staff_id


def shared_id(web: TestClient, note: NoteView, consultant_id: str) -> str:
    csrf = web_login(web, "c_prs")
    form = {"csrf": csrf, "recipient_id": consultant_id, "ends": "30"}
    response = web.post(f"/notes/{note.id}/share", data=form, follow_redirects=False)
    assert response.status_code == 303
    found = re.fullmatch(r"/consultations/([0-9a-f-]{36})", response.headers["location"])
    assert found
    return found.group(1)


def secrets_of(peer: PeerView, note: NoteView) -> list[str]:
    who = peer.identity
    return [who.preferred_name, who.first_name, who.last_name, who.phone, peer.id, note.id]


def test_the_author_sees_the_copy_before_sharing_it(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    peer, note, consultant_id = world(uows)
    web_login(web, "c_prs")
    assert f'href="/notes/{note.id}/share"' in web.get(f"/notes/{note.id}").text
    page = web.get(f"/notes/{note.id}/share").text
    assert "[NAME] ([NAME]) called from [PHONE]." in page
    assert f'value="{consultant_id}"' in page
    assert peer.identity.first_name not in page


def test_the_recipient_reads_only_the_copy_and_never_the_peers_name(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    peer, note, consultant_id = world(uows)
    cid = shared_id(web, note, consultant_id)
    web_login(web, "c_sup")
    listing = web.get("/consultations")
    assert f'href="/consultations/{cid}"' in listing.text
    page = web.get(f"/consultations/{cid}")
    assert page.status_code == 200
    assert "<title>Case consultation · confide</title>" in page.text
    assert "[NAME] ([NAME]) called from [PHONE]." in page.text
    for secret in secrets_of(peer, note):
        assert secret not in listing.text
        assert secret not in page.text
    assert web.get(f"/notes/{note.id}?purpose=supervision").status_code == 403
    assert web.get(f"/peers/{peer.id}?purpose=supervision").status_code == 403


def test_the_sharer_revokes_and_the_recipient_is_refused(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    _, note, consultant_id = world(uows)
    cid = shared_id(web, note, consultant_id)
    csrf = web_login(web, "c_prs")
    assert "Revoke" in web.get("/consultations").text
    response = web.post(
        f"/consultations/{cid}/revoke", data={"csrf": csrf}, follow_redirects=False
    )
    assert response.headers["location"] == "/consultations"
    assert "revoked, copy destroyed" in web.get("/consultations").text
    web_login(web, "c_sup")
    refused = web.get(f"/consultations/{cid}")
    assert refused.status_code == 403
    assert "consultation.ended" in refused.text


def test_sharing_without_the_csrf_token_is_refused(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    _, note, consultant_id = world(uows)
    web_login(web, "c_prs")
    form = {"recipient_id": consultant_id, "ends": "30"}
    assert web.post(f"/notes/{note.id}/share", data=form).status_code == 403
    assert "Shared by you" in web.get("/consultations").text
    assert "You have not shared a note" in web.get("/consultations").text


def test_typed_text_is_escaped_on_the_copy_page(uows: UnitOfWorkFactory, web: TestClient) -> None:
    _, note, consultant_id = world(uows, extra=" <script>alert(1)</script>")
    cid = shared_id(web, note, consultant_id)
    web_login(web, "c_sup")
    page = web.get(f"/consultations/{cid}").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_docs_list_every_consultation_page_and_action(repo_root: Path) -> None:
    web_doc = (repo_root / "docs" / "web.md").read_text()
    auth_doc = (repo_root / "docs" / "authorization.md").read_text()
    for route in consultations.router.routes:
        path = str(getattr(route, "path", "")).replace("{note_id}", "{id}")
        assert path.replace("{consultation_id}", "{id}") in web_doc, path
    for action in Action:
        if action.value.startswith("consultation:"):
            assert f"`{action.value}`" in auth_doc, action
