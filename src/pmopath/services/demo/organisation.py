"""A demo organisation for a first look: a PMO of a dozen people at different stages.

Seeded only into a database with nobody in it. Levels are drawn from each person's current
role with a fixed seed, so every demo looks the same.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from pmopath.domain.assessment import Assessment
from pmopath.domain.framework import Framework
from pmopath.domain.people import AccountRole, AssessmentSource, Person
from pmopath.domain.permissions import SYSTEM
from pmopath.domain.plans import CheckIn, Evidence, PlanItem, PlanStatus
from pmopath.services.accounts import management as accounts
from pmopath.services.careers.gaps import analyse_gap
from pmopath.services.insight.home import actions_for_gaps
from pmopath.services.people.records import record_assessment, set_target
from pmopath.services.plans import records as plans
from pmopath.services.ports.store import Store

DEMO_PASSWORD = "pathways-demo-2026"
DEMO_DOMAIN = "demo.pmopath.org"
ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"

# email local part, name, current role, years in role, manager, target, account role
_PEOPLE = [
    ("alex", "Alex Morgan", "head_of_pmo", 4, None, "chief_project_officer", "manager"),
    ("maria", "Maria Lopez", "pmo_manager", 3, "alex", "head_of_pmo", "manager"),
    ("sam", "Sam Patel", "pmo_administrator", 2, "maria", "pmo_analyst", "member"),
    ("priya", "Priya Shah", "pmo_analyst", 3, "maria", "portfolio_analyst", "member"),
    ("tom", "Tom Becker", "reporting_lead", 2, "maria", "pmo_manager", "member"),
    ("lena", "Lena Novak", "planning_controls_specialist", 1, "maria", None, "member"),
    ("omar", "Omar Haddad", "change_control_lead", 5, "alex", "pmo_manager", "member"),
    ("grace", "Grace Okafor", "portfolio_analyst", 2, "alex", "portfolio_manager", "member"),
    ("jin", "Jin Park", "project_manager", 3, "alex", "pmo_manager", "member"),
    ("ruth", "Ruth Evans", "business_analyst", 2, "alex", "pmo_analyst", "member"),
    ("dev", "Dev Raman", "project_coordinator", 1, "jin", "project_manager", "member"),
    ("ella", "Ella Fischer", "admin_coordinator", 1, "maria", "pmo_administrator", "member"),
]


@dataclass(frozen=True, slots=True)
class DemoSummary:
    people: int
    accounts: tuple[tuple[str, str], ...]
    """(e-mail, account role) of every demo account; all share ``DEMO_PASSWORD``."""


def _levels(framework: Framework, role_id: str, rng: random.Random) -> dict[str, int]:
    needed = framework.roles_by_id[role_id].required_levels
    top = framework.scale.maximum
    return {c: max(0, min(top, needed.get(c, 1) + rng.choice((-1, 0, 0, 1)))) for c in needed}


def seed_demo(store: Store) -> DemoSummary | None:
    """Create the demo organisation, its accounts and some history; None if people exist.

    Everything is dated by the store's clock (a store with a stopped clock seeds the same
    organisation every time)."""
    now = store.clock()
    with store.unit_of_work() as uow:
        if uow.people.everyone():
            return None
        ids: dict[str, int] = {}
        for key, name, role, years, manager, _, _ in _PEOPLE:
            since = now.date() - timedelta(days=365 * years)
            person = uow.people.add(
                Person(
                    None, f"{key}@{DEMO_DOMAIN}", name, role, since, ids.get(manager or ""), "PMO"
                )
            )
            assert person.id is not None
            ids[key] = person.id
            uow.people.start_role(person.id, role, since)
        uow.readiness.refresh()
        uow.commit()
    rng = random.Random(2026)
    made: list[tuple[str, str]] = []
    for key, _, role, _, manager, target, account_role in _PEOPLE:
        email = f"{key}@{DEMO_DOMAIN}"
        record_assessment(
            store,
            email,
            Assessment(_levels(store.framework, role, rng)),
            AssessmentSource.SELF,
            actor="demo",
            note="first self-assessment",
        )
        if manager:
            record_assessment(
                store,
                email,
                Assessment(_levels(store.framework, role, rng)),
                AssessmentSource.MANAGER,
                actor="demo",
                assessor=f"{manager}@{DEMO_DOMAIN}",
            )
        if target:
            set_target(store, email, target, actor="demo")
        accounts.add_account(
            store,
            email=email,
            role=account_role,
            person=email,
            password=DEMO_PASSWORD,
            actor="demo",
        )
        made.append((email, account_role))
    accounts.add_account(
        store,
        email=ADMIN_EMAIL,
        role=AccountRole.ADMIN,
        person=None,
        password=DEMO_PASSWORD,
        actor="demo",
    )
    made.append((ADMIN_EMAIL, "admin"))
    _sam_has_a_plan(store, ids["sam"], now.date())
    _maria_mentors_omar(store, ids["maria"], ids["omar"], now.date())
    _omar_hears_from_three_colleagues(store, ids["omar"])
    return DemoSummary(len(_PEOPLE), tuple(made))


def _sam_has_a_plan(store: Store, sam: int, today: date) -> None:
    """Sam's submitted plan towards PMO analyst, two check-ins and a piece of evidence."""
    with store.unit_of_work() as uow:
        levels = uow.assessments.current_levels(sam)
    report = analyse_gap(store.framework, "pmo_analyst", Assessment(levels))
    items = tuple(
        PlanItem(
            next(iter(action.develops)),
            action.id,
            target_level=None,
            start_on=today,
            due_on=today + timedelta(days=90 * (number + 1)),
            effort_hours=action.effort_hours or 0.0,
        )
        for number, action in enumerate(actions_for_gaps(store.framework, report.analysis.gaps))
    )
    actor = f"web:sam@{DEMO_DOMAIN}"  # as if Sam had done it in the browser: a history to show
    plan = plans.create_plan(store, str(sam), "pmo_analyst", items, actor=actor)
    assert plan.id is not None
    plans.update_plan(store, plan.id, plan.revision, status=PlanStatus.SUBMITTED, actor=actor)
    with store.unit_of_work() as uow:
        for months_ago, readiness in (
            (6, report.analysis.readiness - 8),
            (3, report.analysis.readiness - 3),
        ):
            uow.plans.add_checkin(
                CheckIn(
                    plan.id,
                    today - timedelta(days=30 * months_ago),
                    "demo review",
                    {},
                    dict(levels),
                    max(0.0, readiness),
                )
            )
        uow.plans.add_evidence(
            Evidence(
                sam,
                "Rebuilt the weekly RAID log",
                today - timedelta(days=40),
                ("risk_issue_dependency", "information_management"),
                "Moved the programme's RAID log from e-mail to one shared register.",
                "Risks reviewed weekly instead of monthly; two escalations caught early.",
            )
        )
        uow.commit()


_FEEDBACK = (
    (
        "Kim Ortega",
        "The change board had a backlog of forty requests and sponsors were losing patience.",
        "Clear the backlog before the quarter's release freeze.",
        "Omar sorted the requests by impact, took the small ones out of the board's hands and "
        "ran two extra sessions.",
        "The backlog was down to six a week before the freeze.",
    ),
    (
        "Dev Mistry",
        "Two projects wanted the same test environment in the same fortnight.",
        "Find a way through without an escalation to the portfolio board.",
        "He put both teams' plans side by side and proposed a split both could live with.",
        "Both releases went out on time and nobody escalated.",
    ),
    (
        "Ana Silva",
        "New project managers kept sending change requests back and forth for missing facts.",
        "Make the change request form something people fill in right the first time.",
        "He rewrote the form with three examples and walked each new PM through it once.",
        "Requests sent back for missing facts fell from about half to a handful.",
    ),
)


def _omar_hears_from_three_colleagues(store: Store, omar: int) -> None:
    """Omar asked three colleagues about his two strongest competencies, and all three
    answered by their links (each at his current level, so they agree with the other sources):
    his feedback page shows the answers together, unattributed."""
    from pmopath.domain.feedback import FeedbackPolicy, StarExample
    from pmopath.services.feedback import requests, respondents
    from pmopath.services.feedback.checks import Invitee

    with store.unit_of_work() as uow:
        levels = uow.assessments.current_levels(omar)
    rated = sorted(levels, key=lambda c: (-levels[c], c))[:2]
    if len(rated) < 2:
        return
    policy = FeedbackPolicy()
    invitees = [
        Invitee(name, f"{name.split()[0].lower()}@partner.example.org") for name, *_ in _FEEDBACK
    ]
    sent = requests.request_feedback(
        store,
        str(omar),
        competencies=rated,
        question="What should I keep doing, and what should I do differently?",
        invitees=invitees,
        viewer=SYSTEM,
        actor=f"web:omar@{DEMO_DOMAIN}",
        policy=policy,
        base_url="http://127.0.0.1:8000",
    )
    for link, (_, situation, task, action, result) in zip(sent.links, _FEEDBACK, strict=True):
        answer = respondents.Answer(
            {c: str(levels[c]) for c in rated},
            StarExample(rated[0], situation, task, action, result),
            "Keep making the board's work smaller before it meets.",
        )
        token = link.url.rsplit("/", 1)[1]
        respondents.answer_link(store, token, answer, client_address="127.0.0.1", policy=policy)


def _maria_mentors_omar(store: Store, maria: int, omar: int, today: date) -> None:
    """Maria offers to mentor what she holds at level 4 or more; matching proposes her for
    Omar (outside his line of management), and the two have agreed and met once (written as
    history: nobody is notified of it)."""
    from pmopath.domain.mentoring import (
        OFFER_LEVEL,
        MentoringSession,
        Relationship,
        RelationshipStatus,
    )
    from pmopath.services.mentoring import offers
    from pmopath.services.mentoring.matching import match_people
    from pmopath.services.mentoring.relationships import first_goal

    with store.unit_of_work() as uow:
        levels = uow.assessments.current_levels(maria)
    strong = sorted(c for c, level in levels.items() if level >= OFFER_LEVEL)
    if not strong:
        return
    offers.offer_to_mentor(
        store,
        SYSTEM,
        str(maria),
        competencies=strong,
        capacity=2,
        availability="Thursday afternoons, an hour a fortnight",
        actor=f"web:maria@{DEMO_DOMAIN}",
    )
    now = store.clock()
    with store.unit_of_work() as uow:
        mentee = uow.people.by_id(omar)
        assert mentee is not None
        proposals = match_people(store, uow, [mentee]).proposals
        if not proposals:
            return  # Omar has no gap Maria offers: the demo shows her offer alone
        proposal = proposals[0]
        made = uow.mentoring.add(
            Relationship(
                None,
                maria,
                omar,
                proposal.competency,
                RelationshipStatus.ACTIVE,
                proposal.explanation,
                now,
                omar,
                now,
                now,
                today,
                goals=(first_goal(store.framework, proposal),),
            )
        )
        assert made.id is not None
        uow.mentoring.add_session(
            MentoringSession(
                made.id,
                today,
                "Agreed what good looks like and how often to meet.",
                "Omar drafts a one-page view of his service; we review it next time.",
                False,
                maria,
            )
        )
        uow.commit()
