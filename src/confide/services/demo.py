"""Synthetic data for `confide serve --demo`: Faker people, never real ones."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from faker import Faker

from confide.domain.actors import Actor, Purpose, RequestContext, Role
from confide.domain.encounters import Label, Modality, NoteBody, NoteFormat
from confide.domain.ids import OrgId, StaffId
from confide.domain.peers import PeerIdentity, SafeContact
from confide.domain.plans import GoalText
from confide.services import UnitOfWorkFactory, notes, peers, plans, staff
from confide.services.mfa import new_secret, provision_totp

DEMO_PASSWORD_LENGTH = 20
SKETCHES = (
    "Met at the library. Talked about the week and the cravings after work.",
    "Phone check-in. Reports going to two meetings and calling sponsor daily.",
    "Walked to the food bank together; discussed budgeting and the housing list.",
    "Reviewed the recovery plan; picked one step to try before next visit.",
)
GOALS = (
    "Keep a steady place to live",
    "Reconnect with my kids on weekends",
    "Find part-time work I can keep",
    "Go to a meeting three times a week",
)


@dataclass(frozen=True, slots=True)
class DemoLogin:
    username: str
    role: Role
    password: str
    totp_secret: str  # pre-enrolled: add it to an authenticator app to get the codes


def seed_demo(
    admin: Actor,
    *,
    now: datetime,
    uow_factory: UnitOfWorkFactory,
    rng: random.Random,
    peers_n: int,
) -> list[DemoLogin]:
    """Staff, peers with care teams, notes and plans; returns the logins to print."""
    fake = Faker()
    fake.seed_instance(rng.random())
    password = "".join(rng.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(20))
    admin_ctx = RequestContext(admin, Purpose.ADMINISTRATION, now)
    made = {
        name: staff.add_staff(
            admin_ctx,
            username=name,
            display_name=fake.name(),
            password=password,
            roles=frozenset({role}),
            uow=uow_factory(),
        )
        for name, role in (
            ("sam", Role.PEER_SPECIALIST),
            ("alex", Role.PEER_SPECIALIST),
            ("jordan", Role.SUPERVISOR),
            ("pat", Role.PRIVACY_OFFICER),
        )
    }
    for name in ("sam", "alex"):
        staff.assign_supervisor(admin_ctx, made["jordan"].id, made[name].id, uow=uow_factory())
    for i in range(peers_n):
        author = made["sam" if i % 2 == 0 else "alex"]
        _seed_peer(fake, rng, now, author.id, admin.organization_id, uow_factory)
    logins = []
    for view in made.values():
        secret = new_secret()
        provision_totp(admin.organization_id, view.id, secret, now=now, uow=uow_factory())
        logins.append(DemoLogin(view.username, next(iter(view.roles)), password, secret))
    return logins


def _seed_peer(
    fake: Faker,
    rng: random.Random,
    now: datetime,
    author_id: StaffId,
    org: OrgId,
    uow_factory: UnitOfWorkFactory,
) -> None:
    actor = Actor(author_id, org, frozenset({Role.PEER_SPECIALIST}))
    ctx = RequestContext(actor, Purpose.TREATMENT, now)
    first, last = fake.first_name(), fake.last_name()
    identity = PeerIdentity(
        preferred_name=first,
        first_name=first,
        last_name=last,
        date_of_birth=fake.date_of_birth(minimum_age=19, maximum_age=70),
        phone=fake.numerify("(###) 555-####"),
        email=fake.free_email(),
        safe_contact=frozenset(rng.sample(list(SafeContact), k=rng.randint(0, 2))),
    )
    peer = peers.add_peer(ctx, identity, uow=uow_factory())
    for n in range(rng.randint(1, 3)):
        body = NoteBody(
            NoteFormat.DAP,
            {"data": rng.choice(SKETCHES), "assessment": "Engaged.", "plan": "Meet next week."},
        )
        draft = notes.NoteDraft(
            (now - timedelta(days=7 * n + rng.randint(0, 6))).date(),
            rng.choice((30, 45, 60)),
            body,
            rng.choice(list(Modality)),
            labels=frozenset({Label.SUD}),
        )
        note = notes.write_note(ctx, peer.id, draft, uow=uow_factory())
        if n:
            notes.sign_note(ctx, note.id, version=note.version, uow=uow_factory())
    for goal in rng.sample(GOALS, k=2):
        plans.add_goal(
            ctx, peer.id, GoalText(goal, ("Talk it over at the next visit",)), uow=uow_factory()
        )
