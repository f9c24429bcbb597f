"""What changes between two framework versions, and what stored data a change would orphan."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from pmopath.domain.framework import Framework

KINDS = ("role", "competency", "action")


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
    return change
