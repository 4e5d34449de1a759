"""Every web page and form x every role and relationship, like the API's route matrix.

Routes come from the web routers (`confide.web.app.route_table`); each declares its access. A
page without a declaration, naming an action no rule grants, or missing from WEB_EXPECTED below
fails the suite. Pages act under fixed purposes (record pages take ?purpose=), so expectations
are written per route.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.testclient import TestClient
from sqlalchemy import Connection

from confide.domain.actions import Action
from confide.domain.ids import new_id
from confide.policy.rules import default_rules
from confide.services import UnitOfWorkFactory, safety_flags
from confide.web.app import route_table
from confide.web.deps import SESSION_COOKIE, WebRoute, acts, clock, csrf_for
from confide.web.purposes import RECORD_PURPOSES
from tests.factories import NOW, ctx_for
from tests.security.test_route_matrix import (
    CARE_STAFF,
    EVERYONE,
    RECORD_READERS,
    SCENARIOS,
    World,
)

WEB_EXPECTED: dict[tuple[str, str], set[str]] = {
    ("GET", "/"): EVERYONE,
    ("GET", "/peers"): CARE_STAFF,
    ("POST", "/peers/search"): CARE_STAFF,
    ("POST", "/peers/new"): CARE_STAFF,
    ("GET", "/peers/{peer_id}"): RECORD_READERS,
    ("POST", "/peers/{peer_id}/break-glass"): CARE_STAFF - {"other_org"},
    ("POST", "/peers/{peer_id}/plan/goals"): {"care_team"},
    ("GET", "/peers/{peer_id}/notes/new"): {"care_team", "break_glass"},
    ("GET", "/peers/{peer_id}/notes/{note_id}/edit"): {"care_team"},
    ("POST", "/peers/{peer_id}/notes/draft"): {"care_team"},
    ("POST", "/peers/{peer_id}/notes/sign"): {"care_team"},
    ("POST", "/peers/{peer_id}/notes/delete"): {"care_team"},
    ("GET", "/drafts"): CARE_STAFF,
    ("GET", "/notes/{note_id}"): RECORD_READERS | {"supervisor"},
    ("POST", "/notes/{note_id}/amendments"): {"care_team"},
    ("GET", "/reviews"): {"supervisor", "consultant"},
    ("POST", "/notes/{note_id}/cosign"): {"supervisor"},
    ("GET", "/break-glass"): {"privacy_officer"},
    ("POST", "/break-glass/{grant_id}/review"): {"privacy_officer"},
    ("GET", "/admin/staff"): {"admin"},
    ("POST", "/admin/staff"): {"admin"},
    ("POST", "/admin/staff/{staff_id}/supervisor"): {"admin"},
    ("POST", "/admin/staff/{staff_id}/mandated-reporter"): {"admin"},
    ("POST", "/admin/care-team"): {"admin"},
    ("POST", "/peers/{peer_id}/notes/flags"): {"care_team"},
    ("POST", "/safety/flags/{flag_id}/notify"): {"care_team"},
    ("POST", "/safety/flags/{flag_id}/dismiss"): {"care_team"},
    ("POST", "/safety/flags/{flag_id}/decision"): {"care_team"},
    ("POST", "/safety/flags/{flag_id}/supervisor-decision"): {"supervisor"},
    ("GET", "/safety"): {"supervisor", "consultant"},
    ("GET", "/admin/crisis-protocol"): {"admin"},
    ("POST", "/admin/crisis-protocol"): {"admin"},
    ("GET", "/peers/{peer_id}/consents"): {"care_team", "break_glass"},
    ("POST", "/peers/{peer_id}/consents"): {"care_team"},
    ("POST", "/consents/{consent_id}/sign"): {"care_team"},
    ("POST", "/consents/{consent_id}/revoke"): CARE_STAFF - {"other_org"} | {"privacy_officer"},
    ("GET", "/consents/{consent_id}/pdf"): {"care_team", "break_glass"},
    ("GET", "/peers/{peer_id}/disclosures"): {"care_team", "privacy_officer"},
    ("GET", "/peers/{peer_id}/disclosures/new"): {"care_team", "break_glass"},
    ("POST", "/peers/{peer_id}/disclosures"): {"care_team"},
    ("GET", "/disclosures/{disclosure_id}"): {"care_team", "break_glass"},
    ("GET", "/disclosures/{disclosure_id}/package"): {"care_team", "break_glass"},
    ("GET", "/disclosure-reviews"): {"privacy_officer"},
    ("POST", "/disclosures/{disclosure_id}/review"): {"privacy_officer"},
    ("GET", "/notes/{note_id}/share"): {"care_team", "break_glass"},  # a note read (a preview)
    ("POST", "/notes/{note_id}/share"): {"care_team"},
    ("GET", "/consultations"): CARE_STAFF,
    ("GET", "/consultations/{consultation_id}"): {"care_team", "consultant"},
    ("POST", "/consultations/{consultation_id}/revoke"): {"care_team"},
}
WITH_PURPOSE = {("GET", "/peers/{peer_id}"), ("GET", "/notes/{note_id}")}
CONSENT_FORM = {
    "form": "part2", "patient_name": "P", "discloser": "D", "information": "attendance",
    "information_description": "dates", "purposes": "treatment", "expiry": "date",
    "expires": "2027-12-31", "recipient_name": "Clinic", "recipient_kind": "treating_provider",
    "revocation_statement": "true", "redisclosure_statement": "true",
    "redisclosure_potential_statement": "true", "refusal_consequences_statement": "true",
}  # fmt: skip
RISK = "She said she wants to kill herself and has pills saved up."
NOTE_FORM = {
    "note_format": "dap", "note_id": "", "version": "1", "occurred_on": "2026-11-20",
    "minutes": "30", "data": "met at the library", "labels": "sud",
}  # fmt: skip


def problems_of(table: list[tuple[str, str, object]]) -> list[str]:
    granted = set().union(*default_rules().capabilities.values())
    problems = []
    for method, path, access in table:
        if access in ("public", "own_session"):
            continue
        if not access or not isinstance(access, list):
            problems.append(f"{method} {path}: no declared access")
            continue
        for action in access:
            if Action(action) not in granted:
                problems.append(f"{method} {path}: {action} has no rule")
        if (method, path) not in WEB_EXPECTED:
            problems.append(f"{method} {path}: no expectation in WEB_EXPECTED")
    return problems


def test_a_page_without_declared_access_is_caught() -> None:
    router = APIRouter(route_class=WebRoute)

    @router.get("/naked")
    def naked() -> None: ...

    @router.get("/unexpected", **acts(Action.PEER_READ))
    def unexpected() -> None: ...

    table = [
        (m, r.path, (r.openapi_extra or {}).get("x-confide-access"))
        for r in router.routes
        for m in r.methods  # type: ignore[attr-defined]
    ]
    problems = problems_of(table)
    assert "GET /naked: no declared access" in problems
    assert "GET /unexpected: no expectation in WEB_EXPECTED" in problems


def test_every_web_route_declares_a_policed_access() -> None:
    assert problems_of(route_table()) == []
    declared = {(m, p) for m, p, a in route_table() if a not in ("public", "own_session")}
    assert declared == set(WEB_EXPECTED)


def form_for(world: World, method: str, path: str) -> dict[str, Any]:
    samples: dict[tuple[str, str], dict[str, Any]] = {
        ("POST", "/peers/search"): {"name": "Ida Moss"},
        ("POST", "/peers/new"): {"first_name": "Ida", "last_name": "Moss", "acknowledged": "true"},
        ("POST", "/peers/{peer_id}/break-glass"): {"reason": "EMS on scene asking"},
        ("POST", "/peers/{peer_id}/plan/goals"): {"description": "walk daily"},
        ("POST", "/peers/{peer_id}/notes/draft"): NOTE_FORM,
        ("POST", "/peers/{peer_id}/notes/sign"): NOTE_FORM,
        ("POST", "/peers/{peer_id}/notes/delete"): {
            "note_id": world.note.id, "confirm_delete": "true",
        },
        ("POST", "/notes/{note_id}/amendments"): {"reason": "typo", "text": "fixed"},
        ("POST", "/notes/{note_id}/cosign"): {},
        ("POST", "/break-glass/{grant_id}/review"): {"justified": "true", "note": "EMS confirmed"},
        ("POST", "/admin/staff"): {
            "username": "newbie", "display_name": "N", "password": "x" * 12,
            "roles": "peer_specialist",
        },
        ("POST", "/admin/staff/{staff_id}/supervisor"): {
            "supervisor_id": world.supervisor.staff_id
        },
        ("POST", "/admin/staff/{staff_id}/mandated-reporter"): {
            "mandated_reporter_child": "true"
        },
        ("POST", "/admin/care-team"): {"peer_id": world.peer.id, "staff_id": world.prs.staff_id},
        ("POST", "/peers/{peer_id}/notes/flags"): NOTE_FORM | {
            "data": RISK, "flag_editor": "0f8b1a62-2d7c-4c55-9a3e-1f1d2b3c4d5e",
        },
        ("POST", "/safety/flags/{flag_id}/notify"): {},
        ("POST", "/safety/flags/{flag_id}/dismiss"): {"reason": "quoting a song lyric"},
        ("POST", "/safety/flags/{flag_id}/decision"): {"outcome": "supervisor says: ER now"},
        ("POST", "/safety/flags/{flag_id}/supervisor-decision"): {
            "outcome": "I called her; ER evaluation"
        },
        ("POST", "/peers/{peer_id}/consents"): CONSENT_FORM,
        ("POST", "/consents/{consent_id}/sign"): {
            "signer_name": "P", "signer_type": "patient", "version": "1",
        },
        ("POST", "/consents/{consent_id}/revoke"): {"source": "peer", "confirm": "true"},
        ("POST", "/peers/{peer_id}/disclosures"): {
            "recipient_name": "Court", "recipient_kind": "court", "purpose": "legal_proceeding",
            "information": "attendance", "basis": "subpoena",
        },
        ("POST", "/disclosures/{disclosure_id}/review"): {
            "approve": "false", "justification": "not enough grounds",
        },
        ("POST", "/notes/{note_id}/share"): {
            "recipient_id": world.consultant.staff_id, "ends": "30",
        },
        ("POST", "/consultations/{consultation_id}/revoke"): {},
        ("POST", "/admin/crisis-protocol"): {
            "local_line_name": "County Crisis Line", "local_line_phone": "555-0100",
            "steps": "Stay with the peer", "contacts": "On-call supervisor",
        },
    }  # fmt: skip
    if method == "GET":
        return {}
    assert (method, path) in samples, f"add a sample form for {method} {path}"
    return dict(samples[(method, path)])


def a_flag(uows: UnitOfWorkFactory, world: World) -> str:
    """A crisis flag on the world's note, recorded as its author writes."""
    panel = safety_flags.check_note(
        ctx_for(world.prs), world.peer.id, note_id=world.note.id, editor_id=new_id(),
        sections={"data": RISK}, uow=uows(),
    )  # fmt: skip
    return panel.flags[0].id


def outcome(response: Any) -> str:
    """403/404 is a refusal; a page, a redirect past the form, 409 or 410 is an allow."""
    if response.status_code in (403, 404):
        return "deny"
    location = response.headers.get("location", "")
    assert response.status_code not in (401, 422, 500), response.status_code
    assert not location.startswith("/login"), "the session was not accepted"
    return "allow"


def test_web_route_matrix(
    uows: UnitOfWorkFactory, client: TestClient, connection: Connection
) -> None:
    world = World(uows, client)
    client.app.dependency_overrides[clock] = lambda: NOW  # type: ignore[attr-defined]
    tokens = {
        name: h["Authorization"].removeprefix("Bearer ") for name, h in world.headers.items()
    }
    flag_id = a_flag(uows, world)
    mismatches, calls = [], 0
    for method, path, access in route_table():
        if access in ("public", "own_session"):
            continue
        for scenario, token in tokens.items():
            url = world.path(path.replace("{flag_id}", flag_id))
            purpose = SCENARIOS[scenario]
            if (method, path) in WITH_PURPOSE and purpose in RECORD_PURPOSES:
                url += f"?purpose={purpose}"
            data = form_for(world, method, path) | (
                {"csrf": csrf_for(token)} if method == "POST" else {}
            )
            savepoint = connection.begin_nested()
            response = client.request(
                method, url, data=data or None, follow_redirects=False,
                headers={"Cookie": f"{SESSION_COOKIE}={token}"},
            )  # fmt: skip
            savepoint.rollback()
            calls += 1
            got = outcome(response)
            want = "allow" if scenario in WEB_EXPECTED[(method, path)] else "deny"
            if got != want:
                mismatches.append(
                    f"{method} {path} as {scenario}: {response.status_code}, want {want}"
                )
    assert calls == len(WEB_EXPECTED) * len(SCENARIOS)
    assert mismatches == [], "\n".join(mismatches)
