"""Who reaches a mentoring relationship, and as what.

The pair (mentor and mentee) reach everything of theirs; a manager above either of them and an
admin see that it exists, its goals and when sessions were held, but a session's notes and
actions only when the mentee shared them, and then only the mentee's managers and admins; the
mentor sees the mentee's levels and plan items on the goals only when the mentee shares their
progress. Anyone else is told it does not exist.
"""

from __future__ import annotations

from enum import StrEnum

from pmopath.domain.errors import NotFound, PermissionDenied
from pmopath.domain.mentoring import Relationship
from pmopath.domain.permissions import Viewer, manages
from pmopath.services.ports.repositories import UnitOfWork


class Part(StrEnum):
    MENTOR = "mentor"
    MENTEE = "mentee"
    MENTEES_MANAGER = "mentees_manager"
    MENTORS_MANAGER = "mentors_manager"
    ADMIN = "admin"


PAIR = frozenset({Part.MENTOR, Part.MENTEE})


def part_in(uow: UnitOfWork, viewer: Viewer, relationship: Relationship) -> Part:
    """The viewer's part in the relationship; NotFound when they have none."""
    if viewer.person_id is not None and viewer.person_id == relationship.mentor_id:
        return Part.MENTOR
    if viewer.person_id is not None and viewer.person_id == relationship.mentee_id:
        return Part.MENTEE
    if viewer.is_admin:
        return Part.ADMIN
    if manages(viewer, uow.people.managers_above(relationship.mentee_id)):
        return Part.MENTEES_MANAGER
    if manages(viewer, uow.people.managers_above(relationship.mentor_id)):
        return Part.MENTORS_MANAGER
    raise NotFound("mentoring relationship", str(relationship.id))


def visible(uow: UnitOfWork, viewer: Viewer, relationship_id: int) -> tuple[Relationship, Part]:
    """The relationship and the viewer's part in it; NotFound when it is not theirs to see."""
    relationship = uow.mentoring.get(relationship_id)
    if relationship is None:
        raise NotFound("mentoring relationship", str(relationship_id))
    return relationship, part_in(uow, viewer, relationship)


def of_the_pair(
    uow: UnitOfWork, viewer: Viewer, relationship_id: int, *, only: Part | None = None
) -> tuple[Relationship, Part]:
    """The relationship when the viewer is the mentor or the mentee (``only`` one of them);
    PermissionDenied for someone who may only see it, NotFound for anyone else."""
    relationship, part = visible(uow, viewer, relationship_id)
    if part not in PAIR:
        raise PermissionDenied("only the mentor and the mentee do this")
    if only is not None and part is not only:
        raise PermissionDenied(f"only the {only.value} does this")
    return relationship, part


def sees_progress(part: Part, relationship: Relationship) -> bool:
    """Whether this part sees the mentee's levels and plan items on the goals."""
    if part is Part.MENTOR:
        return relationship.shares_progress
    return part in (Part.MENTEE, Part.MENTEES_MANAGER, Part.ADMIN)


def sees_notes(part: Part, shared: bool) -> bool:
    """Whether this part reads a session's notes and actions: the pair always; the mentee's
    managers and admins once the mentee shared them; the mentor's managers never (the notes
    are about the mentee)."""
    return part in PAIR or (shared and part in (Part.MENTEES_MANAGER, Part.ADMIN))
