"""The PMO CV's rules and STAR evidence, on the fakes: what goes in, in which order, told how;
the choices a person may save; downloads audited; JSON Resume valid against the official schema."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from pmopath.domain.credentials import Credentials
from pmopath.domain.cv import (
    CvChoices,
    CvRecords,
    Quote,
    certifications_held,
    compose_cv,
    default_choices,
    roles_held,
)
from pmopath.domain.errors import InvalidRequest, NotFound, PermissionDenied, UnusableText
from pmopath.domain.framework import Framework
from pmopath.domain.people import AccountRole, Person, RoleSpell
from pmopath.domain.permissions import Viewer
from pmopath.domain.plans import Evidence
from pmopath.services.exports import cv as cv_export
from pmopath.services.exports.resume import json_resume
from pmopath.services.exports.schemas import JsonResumePublic
from pmopath.services.people import evidence as evidence_log
from pmopath.services.ports.store import Store
from tests.support.fake_ports import fake_store
from tests.support.fakes import FakeState
from tests.support.json_resume import resume_problems

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
TODAY = NOW.date()
BOSS, SAM, PRIYA = 1, 2, 3
boss = Viewer(AccountRole.MANAGER, BOSS)
sam = Viewer(AccountRole.MEMBER, SAM)
priya = Viewer(AccountRole.MEMBER, PRIYA)
admin = Viewer(AccountRole.ADMIN, None)
STAR = {
    "situation": "Status reports arrived late every week.",
    "task": "Get them to the board by Monday.",
    "action": "I automated the report from the plan data.",
    "result": "Reports on time for a quarter; four hours saved a week.",
}


@pytest.fixture
def store(small_framework: Framework) -> Store:
    state = FakeState()
    state.people[BOSS] = Person(BOSS, "boss@example.org", "Boss", "manager")
    state.people[SAM] = Person(
        SAM, "sam@example.org", "Sam Lee", "analyst", date(2024, 3, 1), manager_id=BOSS
    )
    state.people[PRIYA] = Person(PRIYA, "priya@example.org", "Priya", "admin", manager_id=BOSS)
    return fake_store(state, small_framework, NOW)


def _evidence(number: int, competencies: tuple[str, ...], **fields: object) -> Evidence:
    values: dict[str, object] = {
        "person_id": SAM,
        "title": f"Story {number}",
        "happened_on": date(2026, number, 1),
        "competencies": competencies,
        "id": number,
    }
    values.update(fields)
    return Evidence(**values)  # type: ignore[arg-type]


def _records(**fields: object) -> CvRecords:
    values: dict[str, object] = {
        "person": Person(SAM, "sam@example.org", "Sam Lee", "analyst", date(2024, 3, 1)),
        "history": (),
        "levels": {"reporting": 4, "planning": 2, "leadership": 3},
        "evidence": (),
        "verifiers": {BOSS: "Boss"},
        "credentials": Credentials(),
        "quotes": (),
    }
    values.update(fields)
    return CvRecords(**values)  # type: ignore[arg-type]


# ---- STAR evidence ------------------------------------------------------------------------------


def test_evidence_told_as_star_has_all_four_parts_trimmed(store: Store) -> None:
    padded = {**STAR, "situation": f"  {STAR['situation']}\n"}
    draft = Evidence(0, "Automated the report", date(2026, 10, 1), ("reporting",), **padded)
    saved = evidence_log.log_evidence(store, str(SAM), draft, viewer=sam, actor="t")
    assert saved.told_as_star and saved.situation == "Status reports arrived late every week."
    assert saved.star() == (
        "Status reports arrived late every week.",
        STAR["task"],
        STAR["action"],
        STAR["result"],
    )
    found = evidence_log.evidence_of(store, str(SAM), viewer=boss)
    assert found[0].result == STAR["result"]


def test_evidence_told_freely_stays_valid_and_reads_as_star(store: Store) -> None:
    draft = Evidence(
        0,
        "Ran the review",
        date(2026, 10, 1),
        ("planning",),
        "The portfolio had no review. I set one up monthly.",
        "Two projects stopped early.",
    )
    saved = evidence_log.log_evidence(store, str(SAM), draft, viewer=sam, actor="t")
    assert not saved.told_as_star and saved.situation == ""
    assert saved.star() == (
        "The portfolio had no review.",
        "I set one up monthly.",
        "Ran the review",
        "Two projects stopped early.",
    )


@pytest.mark.parametrize(
    ("given", "field", "words"),
    [
        ({"situation": "Late reports"}, "task", "all four parts"),
        ({**STAR, "result": "   "}, "result", "what changed"),
        ({**STAR, "action": ""}, "action", "what you did yourself"),
        ({**STAR, "situation": "x" * 1001}, "situation", "at most 1000 characters"),
        ({"task": "x" * 1001}, "task", "at most 1000 characters"),
    ],
)
def test_star_is_all_four_parts_or_none_each_within_its_limit(
    store: Store, given: dict[str, str], field: str, words: str
) -> None:
    draft = Evidence(0, "A story", date(2026, 10, 1), (), **given)
    with pytest.raises(InvalidRequest) as refused:
        evidence_log.log_evidence(store, str(SAM), draft, viewer=sam, actor="t")
    assert str(refused.value).startswith(f"{field}: ") and words in str(refused.value)
    with store.unit_of_work() as uow:
        assert uow.plans.evidence_for(SAM) == []  # a refused entry writes nothing


def test_a_star_part_with_a_control_character_is_refused_at_that_part(store: Store) -> None:
    draft = Evidence(0, "A story", date(2026, 10, 1), (), **{**STAR, "action": "I did\x00 it"})
    with pytest.raises(UnusableText) as refused:
        evidence_log.log_evidence(store, str(SAM), draft, viewer=sam, actor="t")
    assert refused.value.field == "action"


# ---- the CV's content rules -------------------------------------------------------------------


def test_without_choices_the_cv_shows_the_competencies_evidence_shows_strongest_first(
    small_framework: Framework,
) -> None:
    evidence = (
        _evidence(1, ("planning",)),
        _evidence(2, ("reporting",)),
        _evidence(3, ("reporting",), verified_by_id=BOSS),
        _evidence(4, ("reporting",), **STAR),
    )
    choices = default_choices(small_framework, _records(evidence=evidence))
    assert choices.competencies == ("reporting", "planning")  # level 4 before level 2
    assert choices.evidence_ids == (3, 4, 1)  # two strongest for reporting: verified, then STAR
    assert (choices.summary, choices.quote_keys, choices.show_levels) == ("", (), True)
    assert not choices.saved


def test_each_story_is_told_once_under_the_strongest_competency_it_shows(
    small_framework: Framework,
) -> None:
    both = _evidence(5, ("planning", "reporting"), **STAR)
    records = _records(evidence=(both, _evidence(6, ("planning",))))
    choices = CvChoices(SAM, "PMO analyst.", ("planning", "reporting"), (5, 6))
    cv = compose_cv(small_framework, records, choices, TODAY)
    assert [c.id for c in cv.competencies] == ["reporting", "planning"]
    reporting, planning = cv.competencies
    assert [s.title for s in reporting.stories] == ["Story 5"]
    assert reporting.stories[0].shows == ("Planning", "Reporting")
    assert [s.title for s in planning.stories] == ["Story 6"] and planning.also_shown_by == (
        "Story 5",
    )
    assert (reporting.level, reporting.level_label) == (4, "Advanced")
    assert [s.title for s in cv.stories] == ["Story 5", "Story 6"]
    hidden = compose_cv(small_framework, records, replace(choices, show_levels=False), TODAY)
    assert all(c.level is None and c.level_label == "" for c in hidden.competencies)


def test_what_no_longer_exists_is_left_out(small_framework: Framework) -> None:
    records = _records(evidence=(_evidence(1, ("planning",)),), quotes=(Quote("Great", "x"),))
    choices = CvChoices(SAM, "", ("planning", "retired_competency"), (1, 99), ("gone",))
    cv = compose_cv(small_framework, records, choices, TODAY)
    assert [c.id for c in cv.competencies] == ["planning"]
    assert [s.evidence_id for s in cv.stories] == [1] and cv.quotes == ()


def test_chosen_quotes_are_shown_with_their_competency_never_who_gave_them(
    small_framework: Framework,
) -> None:
    quotes = (
        Quote("Sam kept the board informed without being asked.", "reporting"),
        Quote("Calm in a crisis.", ""),
        Quote("Not chosen.", "planning"),
    )
    records = _records(quotes=quotes)
    choices = CvChoices(SAM, "", (), (), (quotes[0].key, quotes[1].key))
    cv = compose_cv(small_framework, records, choices, TODAY)
    assert [(q.text, q.competency) for q in cv.quotes] == [
        ("Sam kept the board informed without being asked.", "Reporting"),
        ("Calm in a crisis.", ""),
    ]
    assert quotes[0].key == Quote(quotes[0].text, "reporting").key != quotes[2].key


def test_roles_held_are_newest_first_and_the_current_role_is_open(
    small_framework: Framework,
) -> None:
    person = Person(SAM, None, "Sam", "analyst", date(2024, 3, 1))
    history = (
        RoleSpell("admin", date(2019, 1, 1), date(2021, 7, 1)),
        RoleSpell("coordinator", date(2021, 7, 1), date(2024, 3, 1)),
    )
    roles = roles_held(small_framework, person, history)
    assert [(r.title, r.started_on, r.ended_on) for r in roles] == [
        ("PMO Analyst", date(2024, 3, 1), None),
        ("Project Coordinator", date(2021, 7, 1), date(2024, 3, 1)),
        ("PMO Administrator", date(2019, 1, 1), date(2021, 7, 1)),
    ]
    assert [r.last_day for r in roles] == [None, date(2024, 2, 29), date(2021, 6, 30)]
    gone = roles_held(small_framework, replace(person, role=None), (RoleSpell("old_job", None),))
    assert [(r.title, r.ended_on) for r in gone] == [("Old job", None)]


def test_certifications_held_carry_when_earned_and_until_when_valid(
    small_framework: Framework,
) -> None:
    actions = tuple(
        replace(a, validity_months=36) if a.id == "practitioner" else a
        for a in small_framework.actions
    )
    framework = replace(small_framework, actions=actions)
    held = Credentials(
        ("foundation", "practitioner", "no_longer_offered"),
        earned_on={"practitioner": date(2025, 1, 31), "foundation": date(2023, 5, 2)},
    )
    found = certifications_held(framework, held)
    assert [(c.title, c.earned_on, c.valid_until) for c in found] == [
        ("Practitioner certificate", date(2025, 1, 31), date(2028, 1, 31)),
        ("Foundation certificate", date(2023, 5, 2), None),
    ]
    undated = certifications_held(framework, Credentials(("foundation",)))
    assert [(c.title, c.earned_on) for c in undated] == [("Foundation certificate", None)]


def test_the_profile_names_the_current_role_and_the_persons_summary(
    small_framework: Framework,
) -> None:
    choices = CvChoices(SAM, "Ten years in PMOs.", ())
    cv = compose_cv(small_framework, _records(), choices, TODAY)
    assert (cv.name, cv.current_role, cv.role_since, cv.summary) == (
        "Sam Lee",
        "PMO Analyst",
        date(2024, 3, 1),
        "Ten years in PMOs.",
    )


# ---- choosing, saving, downloading ---------------------------------------------------------------


def _log(store: Store, title: str, competencies: tuple[str, ...]) -> int:
    draft = Evidence(0, title, date(2026, 10, 1), competencies, **STAR)
    saved = evidence_log.log_evidence(store, str(SAM), draft, viewer=sam, actor="t")
    assert saved.id is not None
    return saved.id


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"summary": "x" * 701}, "summary: at most 700 characters"),
        ({"competencies": ("juggling",)}, "competencies: unknown juggling"),
        ({"evidence_ids": (999,)}, "evidence: a chosen piece is not in the evidence log"),
        ({"competencies": ("planning",)}, "evidence: “Automated it” shows none of the chosen"),
        ({"quote_keys": ("0123456789abcdef",)}, "quotes: a chosen quote is no longer available"),
    ],
)
def test_refused_choices_name_their_field_and_save_nothing(
    store: Store, change: dict[str, object], field: str
) -> None:
    mine = _log(store, "Automated it", ("reporting",))
    choices = replace(CvChoices(SAM, "Hello", ("reporting",), (mine,)), **change)  # type: ignore[arg-type]
    with pytest.raises(InvalidRequest) as refused:
        cv_export.save_cv_choices(store, str(SAM), choices, viewer=sam, actor="t")
    assert str(refused.value).startswith(field)
    with store.unit_of_work() as uow:
        assert uow.cv_choices.choices_for(SAM) is None


def test_too_many_of_anything_is_refused(small_framework: Framework) -> None:
    many = tuple(_evidence(n % 12 + 1, ("reporting",), id=n) for n in range(1, 22))
    records = _records(evidence=many)
    with pytest.raises(InvalidRequest, match="evidence: at most 20"):
        cv_export.check_choices(
            small_framework, records, CvChoices(SAM, "", ("reporting",), tuple(range(1, 22)))
        )
    quotes = tuple(Quote(f"Quote {n}") for n in range(9))
    with pytest.raises(InvalidRequest, match="quotes: at most 8"):
        cv_export.check_choices(
            small_framework,
            _records(quotes=quotes),
            CvChoices(SAM, quote_keys=tuple(q.key for q in quotes)),
        )


def test_the_person_or_an_admin_chooses_and_each_change_is_audited(store: Store) -> None:
    mine = _log(store, "Automated it", ("reporting",))
    chosen = CvChoices(SAM, "  PMO analyst.  ", ("planning", "reporting"), (mine,), (), False)
    saved = cv_export.save_cv_choices(store, str(SAM), chosen, viewer=sam, actor="web:sam")
    assert saved.saved and saved.summary == "PMO analyst."
    assert saved.competencies == ("reporting", "planning")  # strongest first (both unassessed)
    page = cv_export.cv_page(store, str(SAM), viewer=boss)
    assert page.choices == saved and not page.may_choose
    assert [s.title for s in page.cv.stories] == ["Automated it"]
    with pytest.raises(PermissionDenied):
        cv_export.save_cv_choices(store, str(SAM), chosen, viewer=boss, actor="t")
    with pytest.raises(PermissionDenied):
        cv_export.cv_page(store, str(SAM), viewer=boss, trying=chosen)
    with pytest.raises(NotFound):
        cv_export.cv_page(store, str(SAM), viewer=priya)
    cv_export.save_cv_choices(store, str(SAM), chosen, viewer=admin, actor="web:admin")
    with store.unit_of_work() as uow:
        entries = [e for e in uow.audit.entries() if e.action == "cv.choose"]
    assert [(e.actor, e.entity, e.entity_id) for e in entries] == [
        ("web:sam", "person", str(SAM)),
        ("web:admin", "person", str(SAM)),
    ]
    assert entries[0].after is not None and entries[0].after["summary_characters"] == 12
    assert "PMO analyst." not in str(entries[0].after)  # what was chosen, not the words
    assert entries[0].before is None and entries[1].before == entries[0].after


def test_a_preview_checks_the_choices_and_keeps_nothing(store: Store) -> None:
    trying = CvChoices(SAM, "Just trying", ("reporting",))
    page = cv_export.cv_page(store, str(SAM), viewer=sam, trying=trying)
    assert page.cv.summary == "Just trying" and not page.choices.saved
    with store.unit_of_work() as uow:
        assert uow.cv_choices.choices_for(SAM) is None and uow.audit.entries() == []


def test_each_download_is_audited_and_named_after_the_person(store: Store) -> None:
    _log(store, "Automated it", ("reporting",))
    content, name = cv_export.cv_pdf(store, str(SAM), viewer=boss, actor="web:boss")
    assert name == "cv-sam-lee.pdf" and content
    document, json_name = cv_export.cv_json_resume(store, "sam@example.org", viewer=sam, actor="t")
    assert json_name == "cv-sam-lee.json" and document["basics"]["name"] == "Sam Lee"
    with store.unit_of_work() as uow:
        exported = [e for e in uow.audit.entries() if e.action == "export.cv"]
    assert [(e.actor, e.entity_id, e.after) for e in exported] == [
        ("web:boss", str(SAM), {"format": "pdf"}),
        ("t", str(SAM), {"format": "json_resume"}),
    ]
    with pytest.raises(NotFound):
        cv_export.cv_pdf(store, str(SAM), viewer=priya, actor="t")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("José Ñúñez-O'Brien", "cv-jose-nunez-o-brien.json"),
        ("李小龍", "cv-person-2.json"),
        ('a"b\r\nContent-Type: x', "cv-a-b-content-type-x.json"),
    ],
)
def test_file_names_are_plain_ascii(small_framework: Framework, name: str, expected: str) -> None:
    person = Person(SAM, None, name)
    cv = compose_cv(small_framework, _records(person=person), CvChoices(SAM), TODAY)
    assert cv_export.cv_filename(cv, "json") == expected


# ---- JSON Resume --------------------------------------------------------------------------------


def _full_cv(small_framework: Framework, *, show_levels: bool = True) -> object:
    quotes = (Quote("Clear reports, every week.", "reporting"), Quote("Calm under pressure."))
    records = _records(
        history=(RoleSpell("admin", date(2019, 1, 1), date(2024, 3, 1)),),
        evidence=(
            _evidence(1, ("reporting",), verified_by_id=BOSS, **STAR),
            _evidence(2, ("planning",), description="Told freely.", impact=""),
        ),
        credentials=Credentials(("foundation",), earned_on={"foundation": date(2023, 5, 2)}),
        quotes=quotes,
    )
    choices = CvChoices(
        SAM,
        "A PMO analyst who makes reporting easy.",
        ("reporting", "planning"),
        (1, 2),
        tuple(q.key for q in quotes),
        show_levels,
    )
    return compose_cv(small_framework, records, choices, TODAY)


def test_the_json_resume_is_valid_against_the_official_schema(small_framework: Framework) -> None:
    cv = _full_cv(small_framework)
    document = json_resume(cv, NOW)  # type: ignore[arg-type]
    assert resume_problems(document) == []
    declared = JsonResumePublic.model_validate(document)  # the API's documented shape
    assert declared.model_dump(mode="json", exclude_defaults=True) == document
    assert document["meta"] == {"version": "v1.0.0", "lastModified": "2026-11-22T09:00:00"}
    assert document["basics"] == {
        "name": "Sam Lee",
        "label": "PMO Analyst",
        "email": "sam@example.org",
        "summary": "A PMO analyst who makes reporting easy.",
    }
    assert document["work"] == [
        {"position": "PMO Analyst", "startDate": "2024-03-01"},
        {"position": "PMO Administrator", "startDate": "2019-01-01", "endDate": "2024-02-29"},
    ]
    assert document["skills"] == [
        {"name": "Reporting", "level": "Level 4: Advanced"},
        {"name": "Planning", "level": "Level 2: Supported"},
    ]
    story = document["projects"][0]
    assert story["description"] == f"{STAR['situation']} {STAR['task']}"
    assert story["highlights"] == [
        f"Action: {STAR['action']}",
        f"Result: {STAR['result']}",
        "Verified by Boss",
    ]
    assert story["keywords"] == ["Reporting"] and story["startDate"] == "2026-01-01"
    assert document["projects"][1]["highlights"] == ["Action: Story 2"]  # no result: left out
    assert document["references"] == [
        {"name": "Stakeholder feedback on Reporting", "reference": "Clear reports, every week."},
        {"name": "Stakeholder feedback", "reference": "Calm under pressure."},
    ]
    assert document["certificates"] == [{"name": "Foundation certificate", "date": "2023-05-02"}]


def test_a_bare_cv_is_still_a_valid_json_resume_without_empty_values(
    small_framework: Framework,
) -> None:
    person = Person(SAM, None, "Sam", None)
    cv = compose_cv(small_framework, _records(person=person, levels={}), CvChoices(SAM), TODAY)
    document = json_resume(cv, NOW)
    assert resume_problems(document) == []
    assert JsonResumePublic.model_validate(document).model_dump(exclude_defaults=True) == document
    assert set(document) == {"$schema", "basics", "meta"}
    assert document["basics"] == {"name": "Sam"}


def test_the_schema_check_finds_a_misspelt_key_and_a_bad_date(small_framework: Framework) -> None:
    document = json_resume(_full_cv(small_framework, show_levels=False), NOW)  # type: ignore[arg-type]
    assert all("level" not in skill for skill in document["skills"])
    broken = {**document, "certificate": [], "work": [{"startDate": "1 May 2024"}]}
    problems = resume_problems(broken)
    assert any("certificate" in p for p in problems)
    assert any(p.startswith("schema: work/0/startDate") for p in problems)
