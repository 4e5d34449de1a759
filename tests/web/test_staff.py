"""The administrator's staff page over HTTP: each person's mandated-reporter status is shown,
set when the account is added and changed later; CSRF as every form; the docs name it."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from confide.domain.actors import Purpose
from confide.services import UnitOfWorkFactory, staff
from tests.factories import PASSWORD, ctx_for, make_org, make_staff
from tests.web.conftest import web_login


def statuses(uows: UnitOfWorkFactory, admin) -> dict[str, tuple[bool, bool]]:  # type: ignore[no-untyped-def]
    views = staff.list_staff(ctx_for(admin, Purpose.ADMINISTRATION), uow=uows())
    return {v.username: (v.mandated_child, v.mandated_adult) for v in views}


def test_an_administrator_sets_who_is_a_mandated_reporter(
    uows: UnitOfWorkFactory, web: TestClient
) -> None:
    admin = make_org(uows)
    prs = make_staff(uows, admin, username="s_prs")
    csrf = web_login(web, admin.username)
    page = web.get("/admin/staff").text
    assert "Mandated reporter" in page
    assert f'action="/admin/staff/{prs.staff_id}/mandated-reporter"' in page
    added = web.post("/admin/staff", follow_redirects=False, data={
        "csrf": csrf, "username": "s_nurse", "display_name": "Nurse", "password": PASSWORD,
        "roles": "peer_specialist", "mandated_reporter_adult": "true",
    })  # fmt: skip
    assert added.status_code == 303
    assert statuses(uows, admin)["s_nurse"] == (False, True)
    url = f"/admin/staff/{prs.staff_id}/mandated-reporter"
    both = {"csrf": csrf, "mandated_reporter_child": "true", "mandated_reporter_adult": "true"}
    assert web.post(url, data=both, follow_redirects=False).status_code == 303
    assert statuses(uows, admin)["s_prs"] == (True, True)
    assert "children and adults" in web.get("/admin/staff").text
    assert web.post(url, data={"csrf": csrf}, follow_redirects=False).status_code == 303
    assert statuses(uows, admin)["s_prs"] == (False, False)  # unticked is no
    forged = web.post(url, data={"mandated_reporter_child": "true"})
    assert forged.status_code == 403
    assert statuses(uows, admin)["s_prs"] == (False, False)


def test_the_docs_name_the_staff_page_fields_and_route(repo_root: Path) -> None:
    page = (repo_root / "docs" / "web.md").read_text("utf-8")
    for words in ("`mandated_reporter_child`", "`mandated_reporter_adult`",
                  "POST /admin/staff/{id}/mandated-reporter"):  # fmt: skip
        assert words in page, words
