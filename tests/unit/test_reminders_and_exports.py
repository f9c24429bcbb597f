"""Reminders, digests and exports on the fakes: feeds, dates, STAR evidence, the plan CSV."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from pmopath.bootstrap.files import default_framework
from pmopath.domain.errors import NotFound, PermissionDenied
from pmopath.domain.people import AccountRole, Person
from pmopath.domain.permissions import Viewer
from pmopath.domain.plans import Evidence, ItemStatus, PlanItem, PlanStatus
from pmopath.domain.reminders import ReminderKind
from pmopath.services.exports import documents as exports
from pmopath.services.plans import digests, reminders
from pmopath.services.plans import records as plans
from pmopath.services.plans import reviews as plan_reviews
from pmopath.services.ports.outputs import MailNotConfigured
from pmopath.services.ports.store import Store
from tests.support.fake_plans import FakePlans
from tests.support.fake_ports import FakePorts, fake_store
from tests.support.fakes import FakeState

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
TODAY = NOW.date()
MARIA, SAM, PRIYA = 1, 2, 3
SAM_V = Viewer(AccountRole.MEMBER, SAM)
PRIYA_V = Viewer(AccountRole.MEMBER, PRIYA)
MARIA_V = Viewer(AccountRole.MANAGER, MARIA)
ADMIN_V = Viewer(AccountRole.ADMIN, None)


def ports(store: Store) -> FakePorts:
    assert isinstance(store.ports, FakePorts)
    return store.ports


@pytest.fixture
def store() -> Store:
    state = FakeState()
    state.people[MARIA] = Person(MARIA, "maria@example.org", "Maria")
    state.people[SAM] = Person(SAM, "sam@example.org", "Sam", "pmo_administrator", None, MARIA)
    state.people[PRIYA] = Person(PRIYA, "priya@example.org", "Priya", manager_id=MARIA)
    return fake_store(state, default_framework(), NOW)


def _sams_plan(store: Store, *, agreed: bool = True) -> int:
    items = [
        PlanItem("performance_reporting", "essentials_pmo_analysts", due_on=TODAY + timedelta(5)),
        PlanItem(None, None, "Shadow a portfolio review", due_on=TODAY - timedelta(3)),
        PlanItem(None, None, "Done already", due_on=TODAY, status=ItemStatus.DONE),
        PlanItem(None, None, "No date"),
    ]
    plan = plans.create_plan(store, "sam@example.org", "pmo_analyst", items, actor="t")
    assert plan.id is not None
    if agreed:
        plans.update_plan(store, plan.id, 1, status=PlanStatus.SUBMITTED, actor="t")
        plans.update_plan(store, plan.id, 2, status=PlanStatus.AGREED, actor="t")
    return plan.id


def test_reminders_list_unfinished_dated_items_and_the_next_review(store: Store) -> None:
    plan_id = _sams_plan(store)
    found = reminders.reminders_of(store, "sam@example.org")
    kinds = [(r.kind, r.day) for r in found]
    assert kinds == [
        (ReminderKind.ITEM_DUE, TODAY - timedelta(3)),
        (ReminderKind.ITEM_DUE, TODAY + timedelta(5)),
        (ReminderKind.REVIEW, date(2027, 2, 22)),  # a quarter after agreement
    ]
    assert found[1].summary == "Due: Essentials for PMO Analysts"
    assert all(r.plan_id == plan_id for r in found)
    review = plan_reviews.plan_review(store, SAM_V, plan_id, TODAY)
    assert found[-1].day == review.due_on  # the plan's own cadence decides
    with pytest.raises(NotFound):
        reminders.reminders_of(store, "sam@example.org", viewer=PRIYA_V)


def test_every_plans_review_comes_from_one_read_of_last_check_ins(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _sams_plan(store), _sams_plan(store)
    plans.record_checkin(store, second, TODAY + timedelta(20), "", {}, actor="t")
    asked: list[list[int]] = []
    read = FakePlans.last_checkins

    def counting(self: FakePlans, plan_ids: Collection[int]) -> dict[int, date]:
        asked.append(sorted(plan_ids))
        return read(self, plan_ids)

    monkeypatch.setattr(FakePlans, "last_checkins", counting)
    found = reminders.reminders_of(store, "sam@example.org")
    monkeypatch.undo()
    reviews = {r.plan_id: r.day for r in found if r.kind is ReminderKind.REVIEW}
    assert asked == [sorted([first, second])]  # once for both plans, not once per plan
    assert reviews == {
        first: plan_reviews.plan_review(store, SAM_V, first, TODAY).due_on,
        second: plan_reviews.plan_review(store, SAM_V, second, TODAY).due_on,
    }
    assert reviews[first] != reviews[second]  # the check-in moved the second plan's review


def test_item_uids_survive_edits_to_other_items(store: Store) -> None:
    plan_id = _sams_plan(store, agreed=False)
    before = {r.summary: r.uid for r in reminders.reminders_of(store, "2")}
    with store.unit_of_work() as uow:
        plan = uow.plans.get(plan_id)
    assert plan is not None
    plans.update_plan(store, plan_id, 1, items=plan.items[1:], actor="t")
    after = {r.summary: r.uid for r in reminders.reminders_of(store, "2")}
    assert after.items() <= before.items() and len(after) == len(before) - 1


def test_a_feed_is_made_by_its_owner_shown_once_and_replaced(store: Store) -> None:
    _sams_plan(store)
    spy = ports(store).calendars
    feed, token = reminders.create_calendar_feed(store, "2", viewer=SAM_V, actor="sam")
    assert token not in repr(feed) and len(token) >= 40
    assert reminders.calendar_for_token(store, token) == b"BEGIN:VCALENDAR"
    name, found, stamp = spy.calls[0]
    assert name == "PMO Pathways: Sam" and len(found) == 3 and stamp == NOW
    _, newer = reminders.create_calendar_feed(store, "2", viewer=ADMIN_V, actor="admin")
    with pytest.raises(NotFound):
        reminders.calendar_for_token(store, token)  # the old URL stopped working
    reminders.calendar_for_token(store, newer)
    assert reminders.revoke_calendar_feed(store, "2", viewer=SAM_V, actor="sam") == 1
    with pytest.raises(NotFound):
        reminders.calendar_for_token(store, newer)
    assert reminders.calendar_feed_of(store, "2", viewer=SAM_V) is None
    for bad in ("", "x" * 500, "unknown"):
        with pytest.raises(NotFound):
            reminders.calendar_for_token(store, bad)


def test_only_the_person_or_an_admin_makes_their_feed(store: Store) -> None:
    with pytest.raises(PermissionDenied):
        reminders.create_calendar_feed(store, "2", viewer=MARIA_V, actor="maria")
    with pytest.raises(NotFound):
        reminders.create_calendar_feed(store, "2", viewer=PRIYA_V, actor="priya")
    with pytest.raises(NotFound):
        reminders.revoke_calendar_feed(store, "2", viewer=PRIYA_V, actor="priya")


def test_digests_go_to_people_with_dates_and_say_what_is_late(store: Store) -> None:
    _sams_plan(store)
    sender = ports(store).mail
    assert sender is not None
    sent = digests.send_digests(store, TODAY, "https://pmo.example", dry_run=False)
    assert sent == sender.sent and [m.to for m in sent] == ["sam@example.org"]
    mail = sent[0]
    assert mail.subject == "PMO Pathways: 1 overdue and 1 coming up on your development plan"
    assert "Shadow a portfolio review (3 days late)" in mail.body
    assert "https://pmo.example/plans/" in mail.body and "Done already" not in mail.body
    dry = replace(store, ports=FakePorts())
    assert digests.send_digests(dry, TODAY, "x", dry_run=True)
    assert ports(dry).mail is not None and ports(dry).mail.sent == []
    unconfigured = replace(store, ports=FakePorts(mail=None))
    with pytest.raises(MailNotConfigured, match="PMOPATH_SMTP_HOST"):
        digests.send_digests(unconfigured, TODAY, "x", dry_run=False)


def test_star_from_evidence_and_the_strongest_wins() -> None:
    weak = Evidence(SAM, "Helped out", date(2026, 1, 1), ("risk",), "Short.", "")
    strong = Evidence(
        SAM,
        "Rebuilt the RAID log",
        date(2025, 1, 1),
        ("risk",),
        "The log lived in e-mail. I owned its move.",
        "Risks reviewed weekly",
        verified_by_id=1,
    )
    assert exports.strongest([weak, strong], "risk") == strong
    assert exports.strongest([weak, strong], "other") is None
    star = exports.star_of(strong, "Maria")
    assert star.situation == "The log lived in e-mail."
    assert star.task == "I owned its move."
    assert (star.action, star.result, star.verified_by) == (
        "Rebuilt the RAID log",
        "Risks reviewed weekly",
        "Maria",
    )


def test_plan_and_pack_pdfs_go_through_the_renderer(store: Store) -> None:
    plan_id = _sams_plan(store)
    docs = ports(store).documents
    assert exports.plan_pdf(store, SAM_V, plan_id) == b"%PDF"
    assert docs.calls[0][0] == "plan_print.html" and docs.calls[0][1]["plan"].id == plan_id
    with pytest.raises(NotFound):
        exports.plan_pdf(store, PRIYA_V, plan_id)
    exports.readiness_pack_pdf(store, MARIA_V, "2", "pmo_analyst")
    template, context = docs.calls[-1]
    assert template == "pack_print.html" and context["role"].id == "pmo_analyst"
    assert context["plan"].id == plan_id and context["agreed_by"] is None  # the system agreed
    awareness = store.framework.rules.awareness_level
    assert {line.competency for line in context["lines"]} == {
        r.competency
        for r in store.framework.roles_by_id["pmo_analyst"].requirements
        if r.level > awareness
    }
    with pytest.raises(NotFound, match="target role"):
        exports.readiness_pack_pdf(store, SAM_V, "2", None)  # no primary target
    assert exports.current_plan_id(store, "2") == plan_id
    with pytest.raises(NotFound):
        exports.current_plan_id(store, "3")


def test_the_plan_csv_is_for_admins_and_neutralises_formulas(store: Store) -> None:
    plan_id = _sams_plan(store)
    plans.create_plan(store, "3", "pmo_analyst", [PlanItem(None, None, "+1 call me")], actor="t")
    plans.create_plan(store, "1", "head_of_pmo", [], actor="t")
    rows = exports.plan_rows(store, ADMIN_V)
    assert rows[0] == list(exports.CSV_COLUMNS)
    assert len(rows) == 1 + 4 + 1 + 1  # sam's four items, priya's one, maria's empty plan
    assert rows[1][:5] == ["2", "Sam", "sam@example.org", str(plan_id), "agreed"]
    assert [r[11] for r in rows if r[1] == "Priya"] == ["'+1 call me"]
    assert [r[8] for r in rows if r[1] == "Maria"] == [""]
    assert exports.plans_csv(store, ADMIN_V).startswith("person_id,person,email,plan_id")
    for viewer in (SAM_V, MARIA_V):
        with pytest.raises(PermissionDenied):
            exports.plan_rows(store, viewer)
    assert [exports.neutralised(v) for v in ("=1", "-2", "@x", "\tx", "ok", None, 3)] == [
        "'=1",
        "'-2",
        "'@x",
        "'\tx",
        "ok",
        "",
        "3",
    ]


def test_certifications_held_recorded_or_done_come_before_planned(store: Store) -> None:
    fw = store.framework
    certs = [a for a in fw.actions if a.kind.value == "certification"][:3]
    assert len(certs) == 3
    plan = plans.create_plan(
        store,
        "2",
        "pmo_analyst",
        [
            PlanItem(None, certs[1].id, due_on=date(2027, 3, 1)),
            PlanItem(None, certs[2].id, status=ItemStatus.DONE),
        ],
        actor="t",
    )
    found = exports.certifications_in(fw, [plan], held=[certs[0].id, "unknown"])
    assert [(c.title, c.status) for c in found] == sorted(
        [(certs[0].title, "held"), (certs[2].title, "held")]
    ) + [(certs[1].title, "planned")]
