"""Authorization speed: confide's decide() against pycasbin's FastEnforcer on the same facts.

Builds 100 organizations, 10,000 staff, 100,000 peers and 50,000 role and care-team facts,
then times decisions for the same sampled requests in both, in the same process, and checks
that both agree on every sampled request where the two models overlap (roles grant
capabilities within an organization; care-team membership opens a peer's record).
Prints one JSON line: {"confide_us", "casbin_us", "ratio", ...}.
"""

from __future__ import annotations

import json
import random
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import casbin

from confide.domain.actions import Action
from confide.domain.actors import Actor, Purpose, Role
from confide.domain.encounters import EncounterStatus
from confide.domain.ids import OrgId, StaffId
from confide.policy import Relationships, Resource, decide
from confide.policy.rules import default_rules

ORGS, STAFF, PEERS = 100, 10_000, 100_000
ROLE_FACTS, TEAM_FACTS = 10_000, 40_000  # 50,000 facts in all
ACTIONS = (Action.PEER_READ, Action.NOTE_READ, Action.PLAN_READ, Action.NOTE_CREATE)
ROLES = (Role.PEER_SPECIALIST, Role.SUPERVISOR, Role.PRIVACY_OFFICER, Role.ADMIN, Role.AUDITOR)
CARE_ROLES = (Role.PEER_SPECIALIST, Role.SUPERVISOR)
NOW = datetime(2026, 11, 24, tzinfo=UTC)
SAMPLES = 2_000

MODEL = """
[request_definition]
r = sub, dom, obj, act

[policy_definition]
p = sub, dom, obj, act

[role_definition]
g = _, _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = g(r.sub, p.sub, r.dom) && r.dom == p.dom && r.act == p.act && g(r.sub, r.obj, r.dom)
"""


@dataclass(frozen=True)
class World:
    actors: dict[str, Actor]
    peer_org: dict[str, str]
    team: dict[str, set[str]]


def build(rng: random.Random) -> World:
    org_of_staff = {f"s{i}": f"o{i % ORGS}" for i in range(STAFF)}
    peer_org = {f"p{i}": f"o{i % ORGS}" for i in range(PEERS)}
    actors = {
        s: Actor(
            StaffId(s),
            OrgId(org),
            frozenset({ROLES[0] if rng.random() < 0.6 else rng.choice(ROLES)}),
        )
        for s, org in org_of_staff.items()
    }
    team: dict[str, set[str]] = {p: set() for p in peer_org}
    peers_by_org: dict[str, list[str]] = {}
    for p, org in peer_org.items():
        peers_by_org.setdefault(org, []).append(p)
    staff_ids = list(org_of_staff)
    for _ in range(TEAM_FACTS):
        s = rng.choice(staff_ids)
        team[rng.choice(peers_by_org[org_of_staff[s]])].add(s)
    return World(actors, peer_org, team)


def casbin_enforcer(world: World, model_path: str) -> casbin.FastEnforcer:
    # cache_key_order indexes both the request and the policy: (dom, act) in each
    enforcer = casbin.FastEnforcer(model_path, cache_key_order=[1, 3])
    rules = default_rules()
    policies = [
        [role.value, f"o{o}", "*", action.value]
        for o in range(ORGS)
        for role in CARE_ROLES  # in confide a care team opens records to care roles only
        for action in ACTIONS
        if action in rules.capabilities.get(role, frozenset())
    ]
    enforcer.add_policies(policies)
    enforcer.add_grouping_policies(
        [[s, next(iter(a.roles)).value, a.organization_id] for s, a in world.actors.items()]
    )
    # Care-team membership as a grouping fact staff -> peer in the peer's organization. (A
    # second role definition, g2, would be the natural spelling, but FastModel loads only the
    # first definition of each section in this version of pycasbin.)
    enforcer.add_grouping_policies(
        [[s, p, world.peer_org[p]] for p, members in world.team.items() for s in members]
    )
    return enforcer


def requests(world: World, rng: random.Random) -> list[tuple[str, str, Action]]:
    staff = list(world.actors)
    on_team = [(s, p) for p, members in world.team.items() for s in members]
    out = []
    for i in range(SAMPLES):
        if i % 2:  # half on a care team, half anyone
            s, p = rng.choice(on_team)
        else:
            s, p = rng.choice(staff), f"p{rng.randrange(PEERS)}"
        out.append((s, p, rng.choice(ACTIONS)))
    return out


def confide_inputs(world: World, reqs: list[tuple[str, str, Action]]) -> list[tuple]:  # type: ignore[type-arg]
    """Actor, resource and per-request facts, as the service layer loads them."""
    facts = {
        p: Relationships(care_team=frozenset(StaffId(s) for s in world.team[p]))
        for p in {p for _, p, _ in reqs}
    }
    return [
        (
            world.actors[s],
            a,
            Resource("encounter" if a is Action.NOTE_READ else "peer", world.peer_org[p], p,
                     "someone", EncounterStatus.SIGNED),
            facts[p],
        )
        for s, p, a in reqs
    ]  # fmt: skip


def time_confide(inputs: list[tuple]) -> float:  # type: ignore[type-arg]
    rules = default_rules()
    per_call = []
    for _ in range(15):
        start = time.perf_counter_ns()
        for actor, action, resource, facts in inputs:
            decide(actor, action, resource, Purpose.TREATMENT, facts, NOW, rules)
        per_call.append((time.perf_counter_ns() - start) / len(inputs) / 1000)
    return statistics.median(per_call)


def time_casbin(enforcer: casbin.FastEnforcer, world: World, reqs: list) -> float:  # type: ignore[type-arg]
    per_call = []
    for s, p, a in reqs[:400]:
        org = world.actors[s].organization_id
        start = time.perf_counter_ns()
        enforcer.enforce(s, org, p, a.value)
        per_call.append((time.perf_counter_ns() - start) / 1000)
    return statistics.median(per_call)


def main() -> None:
    rng = random.Random(20261124)
    world = build(rng)
    with tempfile.TemporaryDirectory() as tmp:
        model_path = Path(tmp) / "model.conf"
        model_path.write_text(MODEL)
        enforcer = casbin_enforcer(world, str(model_path))
    reqs = requests(world, rng)
    inputs = confide_inputs(world, reqs)
    disagree = 0
    for (s, p, a), (actor, action, resource, facts) in zip(reqs, inputs, strict=True):
        ours = decide(actor, action, resource, Purpose.TREATMENT, facts, NOW).allowed
        theirs = enforcer.enforce(s, actor.organization_id, p, a.value)
        disagree += ours != theirs
    confide_us, casbin_us = time_confide(inputs), time_casbin(enforcer, world, reqs)
    allowed = sum(decide(a, ac, r, Purpose.TREATMENT, f, NOW).allowed for a, ac, r, f in inputs)
    print(
        json.dumps(
            {
                "benchmark": "authz",
                "confide_us": round(confide_us, 3),
                "casbin_us": round(casbin_us, 2),
                "ratio": round(casbin_us / confide_us, 1),
                "sampled": len(reqs),
                "allowed": allowed,
                "disagreements": disagree,
                "facts": ROLE_FACTS + TEAM_FACTS,
                "budget": {
                    "confide_us_lt_5": confide_us < 5,
                    "ratio_ge_20": casbin_us / confide_us >= 20,
                },
            }
        )
    )


if __name__ == "__main__":
    main()
