"""Authorization in the service layer: which person and plan records a viewer may reach.

Someone else's record answers exactly like a record that does not exist (``NotFound``), so
the answer never tells a curious member who exists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pmopath.domain.errors import NotFound, PermissionDenied
from pmopath.domain.people import AssessmentSource, Person
from pmopath.domain.permissions import (
    Viewer,
    can_agree_plan,
    can_edit_own,
    can_read,
    manages,
)
from pmopath.domain.plans import Plan
from pmopath.services.ports.repositories import UnitOfWork


def _lookup(uow: UnitOfWork, reference: str) -> Person | None:
    text = reference.strip()
    if text.isdigit():
        return uow.people.by_id(int(text))
    return uow.people.by_email(text) if "@" in text else None


def readable_person(uow: UnitOfWork, viewer: Viewer, reference: str) -> Person:
    """The person (by id or e-mail) if the viewer may read their records; else NotFound."""
    person = _lookup(uow, reference)
    if person is None or person.id is None:
        raise NotFound("person", reference)
    if viewer.is_admin or person.id == viewer.person_id:
        return person
    if not can_read(viewer, person.id, uow.people.managers_above(person.id)):
        raise NotFound("person", reference)
    return person


def own_person(uow: UnitOfWork, viewer: Viewer, reference: str) -> Person:
    """The person if the viewer may change their own records (themselves or an admin).

    A manager asking to change a report's own records is told the record was not found
    unless they can read it, and otherwise that the change is not theirs to make.
    """
    person = readable_person(uow, viewer, reference)
    assert person.id is not None
    if not can_edit_own(viewer, person.id):
        raise PermissionDenied(f"only {person.name} or an admin can change this")
    return person


def assessable_person(
    uow: UnitOfWork, viewer: Viewer, reference: str, source: AssessmentSource
) -> Person:
    """The person if the viewer may record an assessment of this source for them."""
    person = readable_person(uow, viewer, reference)
    assert person.id is not None
    if source is AssessmentSource.SELF and not can_edit_own(viewer, person.id):
        raise PermissionDenied(f"only {person.name} records their self-assessment")
    if source is AssessmentSource.MANAGER and not (
        viewer.is_admin or manages(viewer, uow.people.managers_above(person.id))
    ):
        raise PermissionDenied(f"only a manager of {person.name} records a manager assessment")
    return person


def readable_plan(uow: UnitOfWork, viewer: Viewer, plan_id: int) -> Plan:
    """The plan if the viewer may read its owner's records; else NotFound."""
    plan = uow.plans.get(plan_id)
    if plan is None:
        raise NotFound("plan", str(plan_id))
    try:
        readable_person(uow, viewer, str(plan.person_id))
    except NotFound:
        raise NotFound("plan", str(plan_id)) from None
    return plan


def may_agree(uow: UnitOfWork, viewer: Viewer, plan: Plan) -> bool:
    """Whether the viewer may agree this plan or ask for changes (a manager above, or admin)."""
    return can_agree_plan(viewer, plan.person_id, uow.people.managers_above(plan.person_id))


def own_name(unit_of_work: Callable[[], UnitOfWork], viewer: Viewer) -> str | None:
    """The name of the viewer's own person (the nav shows it instead of the e-mail), or None
    for an account with no person."""
    if viewer.person_id is None:
        return None
    with unit_of_work() as uow:
        person = uow.people.by_id(viewer.person_id)
    return person.name if person is not None else None


def names_of(unit_of_work: Callable[[], UnitOfWork], person_ids: Iterable[int]) -> dict[int, str]:
    """The names of these people (for an admin's list of accounts: names, not ids)."""
    wanted = set(person_ids)
    if not wanted:
        return {}
    with unit_of_work() as uow:
        return {i: p.name for i, p in uow.people.by_ids(wanted).items()}
