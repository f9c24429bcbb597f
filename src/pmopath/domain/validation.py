"""Meaning-level checks of a framework: references, ranges, duplicates and cycles."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from difflib import get_close_matches

import networkx as nx

from pmopath.domain.errors import Problem
from pmopath.domain.framework import (
    Action,
    Competency,
    ExperienceNeed,
    Framework,
    Role,
    Transition,
    normalise_name,
)

Path = tuple[str | int, ...]


def check_framework(framework: Framework) -> list[Problem]:
    """Return every problem found in ``framework`` (empty when it is sound)."""
    checks = (
        _check_scale,
        _check_rules,
        _check_duplicate_ids,
        _check_competencies,
        _check_roles,
        _check_role_names,
        _check_transitions,
        _check_actions,
        _check_services,
        _check_prerequisite_cycles,
    )
    return [problem for check in checks for problem in check(framework)]


def _check_scale(fw: Framework) -> Iterator[Problem]:
    levels = [entry.level for entry in fw.scale.levels]
    if len(levels) < 2:
        yield Problem("the scale needs at least two levels", ("scale",))
        return
    expected = list(range(levels[0], levels[0] + len(levels)))
    if levels[0] != 0 or levels != expected:
        yield Problem(
            f"scale levels must be consecutive from 0 (found {levels})",
            ("scale",),
        )


def _check_rules(fw: Framework) -> Iterator[Problem]:
    rules, top = fw.rules, fw.scale.maximum
    if not 0 <= rules.awareness_level < top:
        yield Problem(
            f"awareness_level must be a level below the scale's top ({top}), not "
            f"{rules.awareness_level}",
            ("rules", "awareness_level"),
        )
    missing = [level for level in range(1, top + 1) if level not in rules.months_to_level]
    if missing:
        yield Problem(
            f"months_to_level needs the months for every level from 1 to {top} "
            f"(missing {', '.join(map(str, missing))})",
            ("rules", "months_to_level"),
        )
    for level in sorted(rules.months_to_level):
        if not 1 <= level <= top:
            yield Problem(
                f"months_to_level names level {level}, outside the scale (1-{top})",
                ("rules", "months_to_level", level),
            )
    if rules.critical_cap >= rules.ready_threshold and rules.ready_threshold < 100:
        yield Problem(
            f"critical_cap ({rules.critical_cap:g}) must be below ready_threshold "
            f"({rules.ready_threshold:g}): someone who is not ready must not look ready",
            ("rules", "critical_cap"),
        )


def _duplicates(ids: Iterable[str]) -> dict[str, list[int]]:
    positions: dict[str, list[int]] = {}
    for index, item_id in enumerate(ids):
        positions.setdefault(item_id, []).append(index)
    return {item_id: where for item_id, where in positions.items() if len(where) > 1}


def _check_duplicate_ids(fw: Framework) -> Iterator[Problem]:
    sections: dict[str, Iterable[str]] = {
        "areas": (a.id for a in fw.areas),
        "tracks": (t.id for t in fw.tracks),
        "competencies": (c.id for c in fw.competencies),
        "roles": (r.id for r in fw.roles),
        "actions": (a.id for a in fw.actions),
        "services": (s.id for s in fw.services),
    }
    for section, ids in sections.items():
        for item_id, where in _duplicates(ids).items():
            for index in where[1:]:
                yield Problem(
                    f"duplicate id '{item_id}': an earlier entry of {section} already uses it",
                    (section, index, "id"),
                )
    pairs = Counter((t.source, t.target) for t in fw.transitions)
    seen: set[tuple[str, str]] = set()
    for index, transition in enumerate(fw.transitions):
        pair = (transition.source, transition.target)
        if pairs[pair] > 1 and pair in seen:
            yield Problem(
                f"duplicate transition from '{pair[0]}' to '{pair[1]}'",
                ("transitions", index),
            )
        seen.add(pair)


def _level_problem(fw: Framework, level: int, path: Path, *, minimum: int = 0) -> Problem | None:
    low, high = max(minimum, fw.scale.minimum), fw.scale.maximum
    if low <= level <= high:
        return None
    return Problem(f"level {level} is outside the scale ({low}-{high})", path)


def _check_competencies(fw: Framework) -> Iterator[Problem]:
    areas = {a.id for a in fw.areas}
    for index, competency in enumerate(fw.competencies):
        if competency.area not in areas:
            yield _unknown("area", competency.area, areas, ("competencies", index, "area"))
        yield from _check_anchors(fw, competency, index)


def _check_anchors(fw: Framework, competency: Competency, index: int) -> Iterator[Problem]:
    for level in competency.anchors:
        problem = _level_problem(fw, level, ("competencies", index, "anchors", level))
        if problem:
            yield problem
    missing = [
        level
        for level in range(max(1, fw.scale.minimum), fw.scale.maximum + 1)
        if not competency.anchors.get(level, "").strip()
    ]
    if missing:
        yield Problem(
            f"competency '{competency.id}' has no anchor for level(s) "
            f"{', '.join(map(str, missing))}",
            ("competencies", index, "anchors"),
        )


def _check_roles(fw: Framework) -> Iterator[Problem]:
    tracks = {t.id for t in fw.tracks}
    competencies = set(fw.competencies_by_id)
    for index, role in enumerate(fw.roles):
        if role.track not in tracks:
            yield _unknown("track", role.track, tracks, ("roles", index, "track"))
        yield from _check_requirements(fw, role, index, competencies)


def _check_requirements(
    fw: Framework, role: Role, index: int, competencies: set[str]
) -> Iterator[Problem]:
    for requirement in role.requirements:
        path: Path = ("roles", index, "requirements", requirement.competency)
        if requirement.competency not in competencies:
            yield _unknown("competency", requirement.competency, competencies, path)
        problem = _level_problem(fw, requirement.level, path)
        if problem:
            yield problem
        if requirement.core and requirement.level <= fw.rules.awareness_level:
            yield Problem(
                f"a core requirement must be above the awareness level "
                f"({fw.rules.awareness_level}): level {requirement.level} counts for nothing",
                (*path, "core"),
            )
    if role.salary is not None and role.salary.low > role.salary.high:
        yield Problem(
            f"salary low ({role.salary.low:g}) is above high ({role.salary.high:g})",
            ("roles", index, "salary"),
        )


def _check_role_names(fw: Framework) -> Iterator[Problem]:
    """Every id, title and alias must point at one role only, or lookups become ambiguous."""
    owner: dict[str, str] = {}
    for index, role in enumerate(fw.roles):
        for name in dict.fromkeys(normalise_name(n) for n in role.names()):
            other = owner.setdefault(name, role.id)
            if other != role.id:
                yield Problem(
                    f"role name '{name}' of '{role.id}' is already used by role '{other}'",
                    ("roles", index, "aliases"),
                )


def _check_transitions(fw: Framework) -> Iterator[Problem]:
    roles = set(fw.roles_by_id)
    competencies = set(fw.competencies_by_id)
    for index, transition in enumerate(fw.transitions):
        yield from _check_transition(transition, ("transitions", index), roles, competencies)


def _check_transition(
    transition: Transition, path: Path, roles: set[str], competencies: set[str]
) -> Iterator[Problem]:
    for field, role_id in (("from", transition.source), ("to", transition.target)):
        if role_id not in roles:
            yield _unknown("role", role_id, roles, (*path, field))
    if transition.source == transition.target:
        yield Problem(f"transition from '{transition.source}' to itself", path)
    if transition.min_months > transition.typical_months:
        yield Problem(
            f"min_months ({transition.min_months}) is more than typical_months "
            f"({transition.typical_months})",
            (*path, "min_months"),
        )
    for competency in transition.drops:
        if competency not in competencies:
            yield _unknown("competency", competency, competencies, (*path, "drops", competency))


def _check_actions(fw: Framework) -> Iterator[Problem]:
    names = {
        "competency": set(fw.competencies_by_id),
        "role": set(fw.roles_by_id),
        "track": {t.id for t in fw.tracks},
        "action": set(fw.actions_by_id),
    }
    for index, action in enumerate(fw.actions):
        yield from _check_action(fw, action, ("actions", index), names)


def _check_action(
    fw: Framework, action: Action, path: Path, names: dict[str, set[str]]
) -> Iterator[Problem]:
    if not any(level > 0 for level in action.develops.values()):
        yield Problem(f"action '{action.id}' develops nothing", (*path, "develops"))
    for competency, level in action.develops.items():
        where: Path = (*path, "develops", competency)
        if competency not in names["competency"]:
            yield _unknown("competency", competency, names["competency"], where)
        problem = _level_problem(fw, level, where, minimum=1)
        if problem:
            yield problem
    for position, role_id in enumerate(action.suits):
        if role_id not in names["role"]:
            yield _unknown("role", role_id, names["role"], (*path, "suits", position))
    yield from _check_renewal(action, path)
    yield from _check_prerequisites(action, path, names)


def _check_renewal(action: Action, path: Path) -> Iterator[Problem]:
    validity = action.validity_months
    if validity is not None and validity <= 0:
        yield Problem(
            f"action '{action.id}': validity_months must be at least 1 (leave it out when the "
            "pass does not expire)",
            (*path, "validity_months"),
        )
    if validity is not None and not action.renewal.strip():
        yield Problem(
            f"action '{action.id}' expires after {validity} months but does not say how it is "
            "renewed (renewal)",
            (*path, "renewal"),
        )
    if action.renewal_units is not None and validity is None:
        yield Problem(
            f"action '{action.id}' has renewal_units but no validity_months: units are logged "
            "per validity period",
            (*path, "renewal_units"),
        )


def _check_prerequisites(
    action: Action, path: Path, names: dict[str, set[str]]
) -> Iterator[Problem]:
    for number, option in enumerate(action.prerequisites):
        base: Path = (*path, "prerequisites", number)
        for field in ("actions", "any_of_actions"):
            for position, action_id in enumerate(getattr(option, field)):
                if action_id not in names["action"]:
                    yield _unknown("action", action_id, names["action"], (*base, field, position))
        for need_index, need in enumerate(option.experience):
            yield from _check_need(need, (*base, "experience", need_index), names)


def _check_need(
    need: ExperienceNeed, need_path: Path, names: dict[str, set[str]]
) -> Iterator[Problem]:
    if not need.roles and not need.tracks:
        yield Problem("experience must name at least one role or track", need_path)
    window = need.within_months
    if window is not None and window < max(need.months, 1):
        yield Problem(
            f"experience: a look-back window of {window} months (within_months) cannot "
            f"hold {need.months} months of experience",
            (*need_path, "within_months"),
        )
    for kind, ids in (("role", need.roles), ("track", need.tracks)):
        for position, item_id in enumerate(ids):
            if item_id not in names[kind]:
                yield _unknown(kind, item_id, names[kind], (*need_path, f"{kind}s", position))


def _check_services(fw: Framework) -> Iterator[Problem]:
    """Each service needs known competencies at levels above 0 on the scale."""
    competencies = set(fw.competencies_by_id)
    for index, service in enumerate(fw.services):
        for competency, level in service.needs.items():
            path: Path = ("services", index, "needs", competency)
            if competency not in competencies:
                yield _unknown("competency", competency, competencies, path)
            problem = _level_problem(fw, level, path, minimum=1)
            if problem:
                yield problem


def _check_prerequisite_cycles(fw: Framework) -> Iterator[Problem]:
    graph: nx.DiGraph[str] = nx.DiGraph()
    for action in fw.actions:
        for required in action.prerequisite_actions():
            if required in fw.actions_by_id:
                graph.add_edge(action.id, required)
    index_of = {action.id: index for index, action in enumerate(fw.actions)}
    reported: set[frozenset[str]] = set()
    for component in nx.strongly_connected_components(graph):
        members = frozenset(component)
        is_loop = len(members) > 1 or any(graph.has_edge(m, m) for m in members)
        if not is_loop or members in reported:
            continue
        reported.add(members)
        cycle = nx.find_cycle(graph.subgraph(members))
        chain = " -> ".join([str(edge[0]) for edge in cycle] + [str(cycle[0][0])])
        first = min(members, key=index_of.__getitem__)
        yield Problem(
            f"prerequisite cycle: {chain}",
            ("actions", index_of[first], "prerequisites"),
        )


def _unknown(kind: str, value: str, known: Iterable[str], path: Path) -> Problem:
    close = get_close_matches(value, sorted(known), n=3, cutoff=0.6)
    hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
    return Problem(f"unknown {kind} '{value}'{hint}", path, reference=(kind, value))
