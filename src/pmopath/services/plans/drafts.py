"""A first draft of a development plan from a person's gaps to a target role.

A simple greedy generator (the plans issue replaces it with an optimiser behind the same
function): for each gapped competency, most important first, take the catalogue action that
raises it furthest for the least effort, with the actions its prerequisites need placed before
it. Actions whose every prerequisite option asks for experience the person's history does not
show are skipped; education is not recorded, so it is taken as met.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from pmopath.domain.assessment import Assessment
from pmopath.domain.framework import Action, ExperienceNeed, Framework, PrerequisiteOption
from pmopath.domain.people import RoleSpell
from pmopath.domain.plans import PlanItem
from pmopath.domain.readiness import CompetencyGap
from pmopath.services.careers.gaps import analyse_gap

MAX_DRAFT_ACTIONS = 8
STAGGER = timedelta(days=30)
"""Each action starts a month after the one before (or when its prerequisites end)."""
DEFAULT_WEEKS = 4


def months_of_experience(history: Sequence[RoleSpell], today: date) -> dict[str, int]:
    """Whole months spent in each role, from the recorded role history up to ``today``."""
    months: dict[str, int] = {}
    for spell in history:
        if spell.started_on is None:
            continue
        end = min(spell.ended_on or today, today)
        days = max((end - spell.started_on).days, 0)
        months[spell.role] = months.get(spell.role, 0) + days * 12 // 365
    return months


@dataclass
class _Draft:
    framework: Framework
    experience: Mapping[str, int]
    held: frozenset[str] = frozenset()
    """Certifications already held: never planned again, and they meet prerequisites."""
    chosen: list[tuple[Action, str]] = field(default_factory=list)
    meetable: dict[str, bool] = field(default_factory=dict)

    def has(self, action_id: str) -> bool:
        return action_id in self.held or any(action.id == action_id for action, _ in self.chosen)

    def can_meet(self, action: Action) -> bool:
        if action.id not in self.meetable:
            self.meetable[action.id] = False  # a cycle in the data counts as unmeetable
            self.meetable[action.id] = not action.prerequisites or any(
                self._option_possible(o) for o in action.prerequisites
            )
        return self.meetable[action.id]

    def _option_possible(self, option: PrerequisiteOption) -> bool:
        actions = self.framework.actions_by_id
        if not all(self._has_experience(need) for need in option.experience):
            return False
        if not all(a in actions and self.can_meet(actions[a]) for a in option.actions):
            return False
        return not option.any_of_actions or any(
            a in actions and self.can_meet(actions[a]) for a in option.any_of_actions
        )

    def _has_experience(self, need: ExperienceNeed) -> bool:
        roles = self.framework.roles_by_id
        counted = sum(
            months
            for role, months in self.experience.items()
            if (not need.roles and not need.tracks)
            or role in need.roles
            or (role in roles and roles[role].track in need.tracks)
        )
        return counted >= need.months

    def add(self, action: Action, competency: str) -> None:
        """Add ``action`` after whatever its first meetable prerequisite option needs."""
        if self.has(action.id):
            return
        option = next((o for o in action.prerequisites if self._option_possible(o)), None)
        if option is not None:
            actions = self.framework.actions_by_id
            for needed in option.actions:
                self.add(actions[needed], _aim(actions[needed], competency))
            if option.any_of_actions and not any(self.has(a) for a in option.any_of_actions):
                possible = [
                    actions[a]
                    for a in option.any_of_actions
                    if a in actions and self.can_meet(actions[a])
                ]
                cheapest = min(possible, key=lambda a: (a.effort_hours, a.id))
                self.add(cheapest, _aim(cheapest, competency))
        self.chosen.append((action, competency))


def _aim(action: Action, wanted: str) -> str:
    """The competency an item is for: the gap it serves when it develops it, else its first."""
    if wanted in action.develops or not action.develops:
        return wanted
    return next(iter(action.develops))


def _priority(gap: CompetencyGap) -> tuple[bool, float, str]:
    return (not gap.critical, -gap.gap * gap.weight, gap.competency)


def draft_plan_for_target(
    framework: Framework,
    target_role: str,
    assessment: Assessment,
    today: date,
    *,
    history: Sequence[RoleSpell] = (),
    max_actions: int = MAX_DRAFT_ACTIONS,
) -> tuple[PlanItem, ...]:
    """Return plan items (catalogue actions, prerequisites first) that develop the gaps.

    Each item names the competency it was chosen for, the level it aims at (the required level,
    or what the action develops if less), a start and a due date and its effort in hours.
    Raises UnknownRole or InvalidRequest as ``analyse_gap`` does.
    """
    analysis = analyse_gap(framework, target_role, assessment).analysis
    draft = _Draft(
        framework, months_of_experience(history, today), frozenset(assessment.certifications)
    )
    reached = dict(assessment.levels)
    for gap in sorted(analysis.open_gaps, key=_priority):
        while reached.get(gap.competency, 0) < gap.required and len(draft.chosen) < max_actions:
            best = _best_action(draft, gap, reached.get(gap.competency, 0))
            if best is None:
                break
            draft.add(best, gap.competency)
            for action, _ in draft.chosen:
                for competency, level in action.develops.items():
                    reached[competency] = max(reached.get(competency, 0), level)
    required = analysis.role.required_levels
    return _schedule(draft.chosen[:max_actions], required, today)


def _best_action(draft: _Draft, gap: CompetencyGap, current: int) -> Action | None:
    """The unchosen, meetable action raising ``gap`` furthest, then the least effort."""
    candidates = [
        a
        for a in draft.framework.actions
        if a.develops.get(gap.competency, 0) > current and not draft.has(a.id) and draft.can_meet(a)
    ]
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda a: (-min(a.develops[gap.competency], gap.required), a.effort_hours, a.id),
    )


def _schedule(
    chosen: Sequence[tuple[Action, str]], required: Mapping[str, int], today: date
) -> tuple[PlanItem, ...]:
    due_by_action: dict[str, date] = {}
    items = []
    for number, (action, competency) in enumerate(chosen):
        start = today + STAGGER * number
        for needed in action.prerequisite_actions():
            if needed in due_by_action:
                start = max(start, due_by_action[needed])
        due = start + timedelta(weeks=action.duration_weeks or DEFAULT_WEEKS)
        due_by_action[action.id] = due
        level = action.develops.get(competency, 0)
        items.append(
            PlanItem(
                competency,
                action.id,
                target_level=min(level, required.get(competency, level)) or None,
                start_on=start,
                due_on=due,
                effort_hours=action.effort_hours,
            )
        )
    return tuple(items)
