"""Assessing people: the step-by-step self-assessment, recording checked levels, and history."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from pmopath.domain.assessment import Assessment
from pmopath.domain.errors import InvalidRequest, NotFound
from pmopath.domain.framework import Competency, Framework, ScaleLevel
from pmopath.domain.people import AssessmentSource, Person, RecordedAssessment
from pmopath.domain.permissions import Viewer
from pmopath.domain.text import usable_text
from pmopath.services.people.access import readable_person
from pmopath.services.people.records import record_assessment
from pmopath.services.ports.store import Store

NOTE_MAX = 2000
ANSWER_MAX = 100


@dataclass(frozen=True, slots=True)
class AssessmentStep:
    """One competency of the self-assessment: what it is, its anchors, and where we are."""

    competency: Competency
    levels: tuple[tuple[ScaleLevel, str], ...]
    """Each level of the scale with this competency's anchor text for it ('' if none)."""
    selected: int | None
    """The level answered in this draft, else the person's current level, else None."""
    position: int
    total: int
    previous: str | None
    next: str | None


@dataclass(frozen=True, slots=True)
class PastAssessment:
    recorded: RecordedAssessment
    assessor: Person | None


@dataclass(frozen=True, slots=True)
class LevelChange:
    competency: str
    before: int
    after: int

    @property
    def rose(self) -> bool:
        return self.after > self.before


def check_levels(framework: Framework, levels: Mapping[str, int]) -> dict[str, int]:
    """Return ``levels`` when every competency exists and every level is on the scale.

    Raises InvalidRequest naming the offending competency (the field) otherwise.
    """
    low, high = framework.scale.minimum, framework.scale.maximum
    for competency, level in levels.items():
        if competency not in framework.competencies_by_id:
            raise InvalidRequest(f"levels.{competency}: there is no such competency")
        if type(level) is not int or not low <= level <= high:
            raise InvalidRequest(
                f"levels.{competency}: the level must be a whole number from {low} to {high}"
            )
    return dict(levels)


def levels_from_answers(answers: Iterable[str]) -> dict[str, int]:
    """Levels from form answers written ``competency:level`` (blank answers are skipped).

    Raises InvalidRequest for an answer that is not of that form; a later answer for the same
    competency wins. Competencies and levels are checked by ``check_levels``.
    """
    levels: dict[str, int] = {}
    for answer in answers:
        if not answer.strip():
            continue
        competency, _, level = answer.partition(":")
        if not competency or not level.strip().lstrip("-").isdigit() or len(answer) > ANSWER_MAX:
            raise InvalidRequest(f"levels: '{answer[:ANSWER_MAX]}' is not competency:level")
        levels[competency.strip()] = int(level)
    return levels


def answers_of(levels: Mapping[str, int]) -> list[str]:
    """The form answers for ``levels`` (the inverse of ``levels_from_answers``)."""
    return [f"{competency}:{level}" for competency, level in levels.items()]


def assessment_step(
    framework: Framework,
    current: Mapping[str, int],
    competency_id: str | None,
    answers: Mapping[str, int],
) -> AssessmentStep:
    """The step for ``competency_id`` (the first when None); raises NotFound for an unknown id."""
    order = [c.id for c in framework.competencies]
    chosen = competency_id or order[0]
    if chosen not in framework.competencies_by_id:
        raise NotFound("competency", chosen)
    competency = framework.competencies_by_id[chosen]
    index = order.index(chosen)
    selected = answers.get(chosen, current.get(chosen))
    return AssessmentStep(
        competency,
        tuple((s, competency.anchors.get(s.level, "")) for s in framework.scale.levels),
        selected,
        index + 1,
        len(order),
        order[index - 1] if index > 0 else None,
        order[index + 1] if index + 1 < len(order) else None,
    )


def my_current_levels(store: Store, viewer: Viewer) -> dict[str, int]:
    """The viewer's own current levels; NotFound for an account with no person."""
    if viewer.person_id is None:
        raise NotFound("person", "of this account")
    with store.unit_of_work() as uow:
        readable_person(uow, viewer, str(viewer.person_id))
        return uow.assessments.current_levels(viewer.person_id)


def my_assessment(store: Store, viewer: Viewer) -> Assessment | None:
    """The viewer's own current levels and role as an assessment (what their paths and gaps
    are measured from); None for an account with no person."""
    if viewer.person_id is None:
        return None
    framework = store.framework
    with store.unit_of_work() as uow:
        person = readable_person(uow, viewer, str(viewer.person_id))
        levels = uow.assessments.current_levels(viewer.person_id)
    known = {c: v for c, v in levels.items() if c in framework.competencies_by_id}
    return Assessment(known, person.role if person.role in framework.roles_by_id else None)


def assess(
    store: Store,
    reference: str,
    levels: Mapping[str, int],
    source: AssessmentSource,
    *,
    viewer: Viewer,
    actor: str,
    note: str = "",
) -> RecordedAssessment:
    """Record one checked assessment; a manager's carries the viewer as assessor."""
    checked = check_levels(store.framework, levels)
    if len(usable_text("note", note)) > NOTE_MAX:
        raise InvalidRequest(f"note: at most {NOTE_MAX} characters")
    if source not in (AssessmentSource.SELF, AssessmentSource.MANAGER):
        raise InvalidRequest("source: the web records self or manager assessments")
    assessor = None
    if source is AssessmentSource.MANAGER and viewer.person_id is not None:
        assessor = str(viewer.person_id)
    return record_assessment(
        store,
        reference,
        Assessment(checked),
        source,
        actor=actor,
        assessor=assessor,
        note=note,
        viewer=viewer,
    )


def assessment_history(store: Store, reference: str, *, viewer: Viewer) -> list[PastAssessment]:
    """Every assessment of a person the viewer may read, newest first, with its assessor."""
    with store.unit_of_work() as uow:
        person = readable_person(uow, viewer, reference)
        assert person.id is not None
        recorded = uow.assessments.for_person(person.id)
        assessors: dict[int, Person | None] = {}
        for a in recorded:
            if a.assessor_id is not None and a.assessor_id not in assessors:
                assessors[a.assessor_id] = uow.people.by_id(a.assessor_id)
    return [
        PastAssessment(a, assessors.get(a.assessor_id) if a.assessor_id else None)
        for a in reversed(recorded)
    ]


def changes_since_last(history: Sequence[PastAssessment]) -> list[LevelChange]:
    """Competencies whose level rose or fell between the two latest self-assessments.

    ``history`` is newest first, as ``assessment_history`` returns it. A competency rated in
    only one of the two is not a change (there is nothing to compare it with).
    """
    selves = [p.recorded for p in history if p.recorded.source is AssessmentSource.SELF][:2]
    if len(selves) < 2:
        return []
    latest, before = selves[0].levels, selves[1].levels
    return [
        LevelChange(c, before[c], latest[c])
        for c in sorted(latest)
        if c in before and before[c] != latest[c]
    ]
