"""What changes between two framework versions, and what stored data a change would orphan."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from pmopath.domain.framework import Action, Competency, Framework, Requirement, Role

KINDS = ("role", "competency", "action")


@dataclass(frozen=True, slots=True)
class ItemChange:
    """One role, competency or action both versions hold (under the rename mapping), or the
    routes, and what changed in it: one sentence each."""

    kind: str
    """"role", "competency", "action" or "routes"."""
    id: str
    title: str
    lines: tuple[str, ...]


def _ids(framework: Framework, kind: str) -> set[str]:
    if kind == "role":
        return set(framework.roles_by_id)
    if kind == "competency":
        return set(framework.competencies_by_id)
    return set(framework.actions_by_id)


@dataclass
class FrameworkChange:
    """Ids added, removed and renamed per kind; and the problems that block activation."""

    added: dict[str, list[str]] = field(default_factory=dict)
    removed: dict[str, list[str]] = field(default_factory=dict)
    renamed: dict[str, dict[str, str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)
    """What changed inside the roles, competencies and actions both versions hold (see
    ``changes_within``), and the routes added and removed."""

    @property
    def is_empty(self) -> bool:
        """Nothing added, removed, renamed or changed."""
        moved = any(self.added.values()) or any(self.removed.values())
        return not (moved or any(self.renamed.values()) or self.changed)

    @property
    def is_safe(self) -> bool:
        return not self.problems


def compare(
    current: Framework,
    new: Framework,
    mapping: Mapping[str, Mapping[str, str]],
    stored: Mapping[str, Counter[str]],
) -> FrameworkChange:
    """Compare two versions under a rename ``mapping`` (kind -> old id -> new id).

    A stored reference to an id the new version lacks, and the mapping does not move, is a
    problem: activating would orphan that data.
    """
    change = FrameworkChange()
    for kind in KINDS:
        old_ids, new_ids = _ids(current, kind), _ids(new, kind)
        renames = dict(mapping.get(kind, {}))
        for old, target in renames.items():
            if target not in new_ids:
                change.problems.append(
                    f"the mapping sends {kind} '{old}' to '{target}', which the new framework lacks"
                )
            if old in new_ids:
                change.problems.append(
                    f"the mapping renames {kind} '{old}', which the new framework still has"
                )
        change.renamed[kind] = renames
        change.added[kind] = sorted(new_ids - old_ids - set(renames.values()))
        change.removed[kind] = sorted(old_ids - new_ids - set(renames))
        for used, count in sorted(stored.get(kind, Counter()).items()):
            if used not in new_ids and used not in renames:
                change.problems.append(
                    f"{count} stored record(s) use {kind} '{used}', which the new framework "
                    f"removes; say where it goes in a mapping file ({kind}s: {{{used}: NEW_ID}})"
                )
    change.changed = changes_within(current, new, mapping)
    return change


def _flags(requirement: Requirement) -> str:
    found = [f for f, on in (("critical", requirement.critical), ("core", requirement.core)) if on]
    return " and ".join(found) if found else "neither core nor critical"


def _requirement_lines(old: Role, new: Role, names: Mapping[str, str]) -> list[str]:
    before = {r.competency: r for r in old.requirements}
    after = {r.competency: r for r in new.requirements}
    lines = []
    for competency, req in after.items():
        name = names.get(competency, competency)
        was = before.get(competency)
        if was is None:
            lines.append(f"requires {name} at level {req.level} (new requirement)")
            continue
        if was.level != req.level:
            lines.append(f"{name}: level {was.level} → {req.level}")
        if (was.critical, was.core) != (req.critical, req.core):
            lines.append(f"{name}: {_flags(was)} → {_flags(req)}")
        if was.weight != req.weight:
            lines.append(f"{name}: weight {was.weight:g} → {req.weight:g}")
    for competency, was in before.items():
        if competency not in after:
            name = names.get(competency, competency)
            lines.append(f"no longer requires {name} (was level {was.level})")
    return lines


def _role_lines(old: Role, new: Role, names: Mapping[str, str]) -> list[str]:
    lines = []
    if old.title != new.title:
        lines.append(f"title '{old.title}' → '{new.title}'")
    if old.track != new.track:
        lines.append(f"track {old.track} → {new.track}")
    if old.seniority != new.seniority:
        lines.append(f"seniority {old.seniority} → {new.seniority}")
    return lines + _requirement_lines(old, new, names)


def _competency_lines(was: Competency, now: Competency) -> list[str]:
    lines = []
    if was.name != now.name:
        lines.append(f"name '{was.name}' → '{now.name}'")
    if was.area != now.area:
        lines.append(f"area {was.area} → {now.area}")
    return lines


def _action_lines(before: Action, after: Action) -> list[str]:
    lines = []
    if before.title != after.title:
        lines.append(f"title '{before.title}' → '{after.title}'")
    if before.kind != after.kind:
        lines.append(f"kind {before.kind.value} → {after.kind.value}")
    if dict(before.develops) != dict(after.develops):
        lines.append("what it develops changed")
    return lines


def changes_within(
    current: Framework, new: Framework, mapping: Mapping[str, Mapping[str, str]]
) -> list[ItemChange]:
    """What changed in each role (title, track, seniority, requirements: level, core and
    critical flags, weight, added and removed), competency (name, area) and action (title,
    kind, what it develops) that both versions hold, an id renamed by ``mapping`` compared
    with its new id; and the routes (source → target) added and removed."""
    names = {c.id: c.name for c in current.competencies}
    names.update({c.id: c.name for c in new.competencies})
    found: list[ItemChange] = []
    roles = dict(mapping.get("role", {}))
    for old in current.roles:
        role = new.roles_by_id.get(roles.get(old.id, old.id))
        if role is not None and (lines := _role_lines(old, role, names)):
            found.append(ItemChange("role", role.id, role.title, tuple(lines)))
    competencies = dict(mapping.get("competency", {}))
    for was in current.competencies:
        now = new.competencies_by_id.get(competencies.get(was.id, was.id))
        if now is not None and (lines := _competency_lines(was, now)):
            found.append(ItemChange("competency", now.id, now.name, tuple(lines)))
    actions = dict(mapping.get("action", {}))
    for before in current.actions:
        after = new.actions_by_id.get(actions.get(before.id, before.id))
        if after is not None and (lines := _action_lines(before, after)):
            found.append(ItemChange("action", after.id, after.title, tuple(lines)))
    routes = _route_lines(current, new, roles)
    if routes:
        found.append(ItemChange("routes", "", "Routes between roles", tuple(routes)))
    return found


def _route_lines(current: Framework, new: Framework, roles: Mapping[str, str]) -> list[str]:
    titles = {r.id: r.title for r in current.roles}
    titles.update({roles.get(r.id, r.id): r.title for r in current.roles})
    titles.update({r.id: r.title for r in new.roles})

    def shown(route: tuple[str, str]) -> str:
        return f"{titles.get(route[0], route[0])} → {titles.get(route[1], route[1])}"

    before = {
        (roles.get(t.source, t.source), roles.get(t.target, t.target)) for t in current.transitions
    }
    after = {(t.source, t.target) for t in new.transitions}
    lines = [f"added: {shown(r)}" for r in sorted(after - before)]
    return lines + [f"removed: {shown(r)}" for r in sorted(before - after)]
