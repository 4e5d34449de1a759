"""Every route x every role and relationship: the expected allow or deny, over real HTTP.

Routes come from the routers (`route_table`), never from a hand list; each route names the
policy actions it asks for (`x-confide-access`). A route without that, or naming an action no
rule grants, or with no expectation below, fails the suite.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection

from confide.api.app import route_table
from confide.api.deps import ACCESS_KEY, acts, clock
from confide.domain.actions import Action
from confide.domain.actors import Purpose, Role
from confide.domain.disclosures import (
    Basis,
    BasisType,
    Category,
    DisclosurePurpose,
    Recipient,
    RecipientKind,
)
from confide.domain.plans import GoalText
from confide.policy.rules import default_rules
from confide.services import UnitOfWorkFactory, notes, plans, staff
from confide.services.break_glass import start_break_glass
from confide.services.consents import export_consent, record_consent
from confide.services.consultations import share_note
from confide.services.disclosure_requests import DisclosureDraft, request_disclosure
from tests.e2e.conftest import login
from tests.factories import NOW, ctx_for, draft, make_org, make_peer, make_staff

# Who asks, and with which purpose.
SCENARIOS = {
    "care_team": Purpose.TREATMENT,
    "off_team": Purpose.TREATMENT,
    "supervisor": Purpose.SUPERVISION,
    "privacy_officer": Purpose.PRIVACY_REVIEW,
    "admin": Purpose.ADMINISTRATION,
    "auditor": Purpose.OPERATIONS,
    "break_glass": Purpose.EMERGENCY,
    "other_org": Purpose.TREATMENT,
    "consultant": Purpose.SUPERVISION,  # a supervisor a note was shared with, and nothing more
}
CARE_STAFF = {"care_team", "off_team", "supervisor", "break_glass", "other_org", "consultant"}
RECORD_READERS = {"care_team", "privacy_officer", "break_glass"}
EVERYONE = set(SCENARIOS)
EXPECTED: dict[Action, set[str]] = {
    Action.PEER_LIST: CARE_STAFF,
    Action.PEER_SEARCH: CARE_STAFF,
    Action.PEER_CREATE: CARE_STAFF,
    Action.PEER_READ: RECORD_READERS,
    Action.PEER_UPDATE: {"care_team"},
    Action.PEER_SHRED: {"privacy_officer", "admin"},
    Action.CARE_TEAM_ASSIGN: {"admin"},
    Action.NOTE_LIST: RECORD_READERS | {"supervisor"},
    Action.NOTE_CREATE: {"care_team"},
    Action.NOTE_READ: RECORD_READERS | {"supervisor"},
    Action.NOTE_UPDATE: {"care_team"},
    Action.NOTE_SIGN: {"care_team"},
    Action.NOTE_AMEND: {"care_team"},
    Action.PLAN_READ: RECORD_READERS,
    Action.PLAN_UPDATE: {"care_team"},
    Action.STAFF_LIST: {"admin"},
    Action.STAFF_CREATE: {"admin"},
    Action.STAFF_UPDATE: {"admin"},
    Action.SUPERVISION_ASSIGN: {"admin"},
    Action.BREAK_GLASS_START: CARE_STAFF - {"other_org"},
    Action.BREAK_GLASS_LIST: {"privacy_officer"},
    Action.BREAK_GLASS_REVIEW: {"privacy_officer"},
    Action.RESTRICTION_ADD: {"care_team"},
    Action.RESTRICTION_LIST: {"care_team"},
    Action.NOTIFICATION_LIST: EVERYONE,
    Action.AUDIT_REPORT: {"privacy_officer", "auditor", "care_team"},
    Action.CONSENT_CREATE: {"care_team"},
    Action.CONSENT_READ: RECORD_READERS,
    Action.CONSENT_UPDATE: {"care_team"},
    Action.CONSENT_SIGN: {"care_team"},
    Action.CONSENT_REVOKE: CARE_STAFF - {"other_org"} | {"privacy_officer"},
    Action.DISCLOSURE_REQUEST: {"care_team"},
    Action.FLAG_REQUEST: {"care_team"},  # asked with `flag_id`: the flag on the same record
    Action.DISCLOSURE_READ: RECORD_READERS,
    Action.DISCLOSURE_LIST: {"care_team", "privacy_officer"},
    Action.DISCLOSURE_REVIEW_LIST: {"privacy_officer"},
    Action.DISCLOSURE_REVIEW: {"privacy_officer"},
    Action.CONSULTATION_SHARE: {"care_team"},
    Action.CONSULTATION_LIST: CARE_STAFF,
    Action.CONSULTATION_READ: {"care_team", "consultant"},  # the sharer and the recipient
    Action.CONSULTATION_REVOKE: {"care_team"},
}
NOTE_BODY = {"occurred_on": "2026-11-20", "minutes": 30, "sections": {"data": "met"}}
CONSENT_BODY = {
    "form": "part2", "patient_name": "P", "discloser": "D", "information": ["attendance"],
    "information_description": "dates", "purposes": ["treatment"], "expires": "2027-12-31",
    "recipients": [{"name": "Clinic", "kind": "treating_provider"}],
    "revocation_statement": True, "redisclosure_statement": True,
}  # fmt: skip
DISCLOSURE_BODY = {
    "recipient": {"name": "Court", "kind": "court"}, "purpose": "legal_proceeding",
    "information": ["attendance"], "basis": {"type": "subpoena"},
}  # fmt: skip


def access_of(app: FastAPI) -> dict[tuple[str, str], Any]:
    """Each route's declared access, from the OpenAPI the routers generate."""
    paths = app.openapi()["paths"]
    return {
        (m.upper(), p): op.get(ACCESS_KEY) for p, ops in paths.items() for m, op in ops.items()
    }


def unpoliced(app: FastAPI) -> list[str]:
    """Routes with no declared access, or naming an action that no rule grants to anyone."""
    granted = set().union(*default_rules().capabilities.values())
    problems = []
    for (method, path), access in access_of(app).items():
        if access in ("public", "own_session"):
            continue
        if not access:
            problems.append(f"{method} {path}: no x-confide-access")
        for action in access or ():
            if Action(action) not in granted or Action(action) not in EXPECTED:
                problems.append(f"{method} {path}: {action} has no rule or expectation")
    return problems


def test_a_route_without_a_policy_is_caught() -> None:
    router = APIRouter()

    @router.get("/x/naked")
    def naked() -> None: ...

    @router.get("/x/unruled", **acts(Action.IMPORT_RUN))
    def unruled() -> None: ...

    app = FastAPI()
    app.include_router(router)
    problems = unpoliced(app)
    assert any("GET /x/naked: no x-confide-access" in p for p in problems)
    assert any("import:run has no rule or expectation" in p for p in problems)


def test_every_route_declares_a_policed_action(client: TestClient) -> None:
    assert unpoliced(client.app) == []  # type: ignore[arg-type]
    assert sorted(access_of(client.app)) == route_table()  # type: ignore[arg-type]


class World:
    """One organization with every kind of actor, and one in another organization."""

    def __init__(self, uows: UnitOfWorkFactory, client: TestClient) -> None:
        client.app.dependency_overrides[clock] = lambda: NOW  # type: ignore[attr-defined]
        admin = make_org(uows)
        prs = make_staff(uows, admin, username="m_prs")
        make_staff(uows, admin, username="m_off")
        supervisor = make_staff(uows, admin, Role.SUPERVISOR, username="m_sup")
        make_staff(uows, admin, Role.PRIVACY_OFFICER, username="m_po")
        make_staff(uows, admin, Role.AUDITOR, username="m_aud")
        glass = make_staff(uows, admin, username="m_glass")
        make_staff(uows, make_org(uows), username="m_foreign")
        consultant = make_staff(uows, admin, Role.SUPERVISOR, username="m_cons")
        staff.assign_supervisor(ctx_for(admin), supervisor.staff_id, prs.staff_id, uow=uows())
        self.peer = make_peer(uows, prs)
        self.second = make_peer(uows, prs)
        note = notes.write_note(ctx_for(prs), self.peer.id, draft(), uow=uows())
        self.note = notes.sign_note(ctx_for(prs), note.id, version=note.version, uow=uows())
        goal = GoalText("keep my job")
        self.goal = plans.add_goal(ctx_for(prs), self.peer.id, goal, uow=uows())
        emergency = ctx_for(glass, Purpose.EMERGENCY)
        reason = "found unresponsive, EMS asking"
        self.grant = start_break_glass(emergency, self.peer.id, reason=reason, uow=uows())
        self.consent = record_consent(ctx_for(prs), self.peer.id, CONSENT_BODY, uow=uows())
        subpoena = DisclosureDraft(
            Recipient("Court", RecipientKind.COURT),
            DisclosurePurpose.LEGAL_PROCEEDING,
            frozenset({Category.ATTENDANCE}),
            Basis(BasisType.SUBPOENA),
        )
        self.disclosure = request_disclosure(ctx_for(prs), self.peer.id, subpoena, uow=uows())
        self.prs, self.supervisor = prs, supervisor
        self.fhir_consent = export_consent(ctx_for(prs), self.consent.id, uow=uows())
        self.consultant = consultant
        self.consultation = share_note(
            ctx_for(prs), self.note.id, recipient_id=consultant.staff_id, uow=uows()
        ).summary
        users = {
            "care_team": "m_prs", "off_team": "m_off", "supervisor": "m_sup",
            "privacy_officer": "m_po", "admin": admin.username, "auditor": "m_aud",
            "break_glass": "m_glass", "other_org": "m_foreign", "consultant": "m_cons",
        }  # fmt: skip
        self.headers = {
            name: login(client, user) | {"X-Confide-Purpose": SCENARIOS[name]}
            for name, user in users.items()
        }

    def path(self, template: str) -> str:
        values = {
            "{peer_id}": self.peer.id, "{note_id}": self.note.id, "{goal_id}": self.goal.id,
            "{staff_id}": self.prs.staff_id, "{grant_id}": self.grant.id,
            "{consent_id}": self.consent.id, "{disclosure_id}": self.disclosure.id,
            "{consultation_id}": self.consultation.id,
        }  # fmt: skip
        for key, value in values.items():
            template = template.replace(key, value)
        assert "{" not in template, f"add a value for the parameter in {template}"
        return template

    def body(self, method: str, path: str) -> dict[str, Any] | None:
        samples: dict[tuple[str, str], dict[str, Any]] = {
            ("POST", "/api/peers"): {"first_name": "Ida", "last_name": "Moss"},
            ("POST", "/api/peers/search"): {"name": "Ida Moss"},
            ("PUT", "/api/peers/{peer_id}"): {"first_name": "A", "last_name": "B", "version": 2},
            ("POST", "/api/peers/{peer_id}/care-team"): {"staff_id": self.prs.staff_id},
            ("POST", "/api/peers/{peer_id}/notes"): NOTE_BODY,
            ("POST", "/api/group-notes"): NOTE_BODY
            | {"attendees": [self.peer.id, self.second.id]},
            ("PUT", "/api/notes/{note_id}"): NOTE_BODY | {"version": self.note.version},
            ("POST", "/api/notes/{note_id}/sign"): {"version": self.note.version},
            ("POST", "/api/notes/{note_id}/amendments"): {"reason": "typo", "text": "fixed"},
            ("POST", "/api/peers/{peer_id}/plan/goals"): {"description": "walk daily"},
            ("PUT", "/api/peers/{peer_id}/plan/goals/{goal_id}"): {"status": "met"},
            ("POST", "/api/staff"): {
                "username": "newbie",
                "display_name": "N",
                "password": "x" * 12,
                "roles": ["peer_specialist"],
            },
            ("POST", "/api/staff/{staff_id}/supervisor"): {
                "supervisor_id": self.supervisor.staff_id
            },
            ("PUT", "/api/staff/{staff_id}/mandated-reporter"): {"child": True, "adult": False},
            ("POST", "/api/peers/{peer_id}/break-glass"): {"reason": "EMS on scene asking"},
            ("POST", "/api/break-glass/{grant_id}/review"): {
                "justified": True,
                "note": "EMS confirmed it",
            },
            ("POST", "/api/peers/{peer_id}/restrictions"): {"staff_id": self.prs.staff_id},
            ("POST", "/api/peers/{peer_id}/consents"): CONSENT_BODY,
            ("POST", "/api/peers/{peer_id}/consents/fhir"): self.fhir_consent,
            ("PUT", "/api/consents/{consent_id}"): CONSENT_BODY | {"version": 1},
            ("POST", "/api/consents/{consent_id}/sign"): {
                "signer_name": "P",
                "signer_type": "patient",
                "version": 1,
            },
            ("POST", "/api/consents/{consent_id}/revoke"): {"source": "peer"},
            ("POST", "/api/peers/{peer_id}/disclosures"): DISCLOSURE_BODY,
            ("POST", "/api/notes/{note_id}/consultations"): {
                "recipient_id": self.consultant.staff_id
            },
            ("POST", "/api/consultations/{consultation_id}/revoke"): {},
            ("POST", "/api/disclosures/{disclosure_id}/review"): {
                "approve": False,
                "justification": "not enough grounds",
            },
        }
        if method in ("GET", "DELETE"):
            return None
        assert (method, path) in samples, f"add a sample body for {method} {path}"
        return samples[(method, path)]


def outcome(status: int) -> str:
    """403/404 is a refusal; anything past policy (2xx, 409, 410) is an allow."""
    if status in (403, 404):
        return "deny"
    assert status not in (401, 422, 500), status
    return "allow"


def expected(access: Iterable[str] | str, scenario: str) -> str:
    if access == "own_session":
        return "allow"
    return "allow" if all(scenario in EXPECTED[Action(a)] for a in access) else "deny"


def test_route_matrix(uows: UnitOfWorkFactory, client: TestClient, connection: Connection) -> None:
    world = World(uows, client)
    mismatches = []
    calls = 0
    for (method, path), access in sorted(access_of(client.app).items()):  # type: ignore[arg-type]
        if access == "public":
            continue
        for scenario, headers in world.headers.items():
            savepoint = connection.begin_nested()
            response = client.request(
                method, world.path(path), json=world.body(method, path), headers=headers
            )
            savepoint.rollback()
            calls += 1
            got, want = outcome(response.status_code), expected(access, scenario)
            if got != want:
                mismatches.append(
                    f"{method} {path} as {scenario}: {response.status_code}, want {want}"
                )
    assert calls >= 25 * len(SCENARIOS)
    assert mismatches == [], "\n".join(mismatches)
