"""A manager's calibration view: the disagreements in their team (or a group an admin names)."""

from __future__ import annotations

from dataclasses import dataclass

from pmopath.domain.calibration import GroupKind
from pmopath.domain.permissions import Viewer
from pmopath.services.calibration.comparison import Flag, compare_people, flags_among
from pmopath.services.calibration.groups import Group, group_of
from pmopath.services.ports.store import Store


@dataclass(frozen=True, slots=True)
class FlagsReport:
    group: Group
    flags: tuple[Flag, ...]
    calibrated: int
    """How many of the group's disagreements a calibration has already settled."""


def team_flags(
    store: Store, *, viewer: Viewer, kind: GroupKind | None = None, reference: str = ""
) -> FlagsReport:
    """The open flags in a group (by default the viewer's tree), widest first.

    Raises PermissionDenied for a member, InvalidRequest for a group that cannot be named,
    NotFound for a manager the viewer cannot read (see ``groups.group_of``)."""
    with store.unit_of_work() as uow:
        group = group_of(uow, store.framework, viewer, kind, reference)
        ids = [p.id for p in group.people if p.id is not None]
        compared = compare_people(
            uow, store.framework.competencies, ids, store.ports.feedback_policy
        )
    settled = sum(
        1 for rows in compared.values() for row in rows if row.disagree and not row.flagged
    )
    return FlagsReport(group, tuple(flags_among(group.people, compared)), settled)
