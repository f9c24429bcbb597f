"""In-app notices of mentoring: a proposal to agree or decline, a start, an end."""

from __future__ import annotations

from datetime import datetime

from pmopath.domain.framework import Framework
from pmopath.domain.mentoring import Relationship
from pmopath.domain.notifications import NoticeKind, Notification
from pmopath.services.ports.repositories import UnitOfWork


def notify_pair(
    uow: UnitOfWork,
    framework: Framework,
    relationship: Relationship,
    event: str,
    *,
    by: int | None,
    now: datetime,
) -> None:
    """Tell the mentor and the mentee (not whoever did it) that ``event`` happened: "proposed",
    "started" or "ended"."""
    people = uow.people.by_ids([relationship.mentor_id, relationship.mentee_id])
    mentor = people.get(relationship.mentor_id)
    mentee = people.get(relationship.mentee_id)
    if mentor is None or mentee is None:
        return
    known = framework.competencies_by_id.get(relationship.competency)
    topic = known.name if known else relationship.competency
    words = {
        "proposed": (
            f"You are proposed as {mentee.name}'s mentor for {topic}: agree or decline.",
            f"{mentor.name} is proposed as your mentor for {topic}: agree or decline.",
        ),
        "started": (
            f"Your mentoring of {mentee.name} has started.",
            f"Your mentoring with {mentor.name} has started.",
        ),
        "ended": (
            f"Your mentoring of {mentee.name} has ended with a review.",
            f"Your mentoring with {mentor.name} has ended with a review.",
        ),
    }[event]
    link = f"/mentoring/{relationship.id}"
    for person, message in zip((mentor, mentee), words, strict=True):
        if person.id is None or person.id == by:
            continue
        key = f"mentoring:{relationship.id}:{event}"
        uow.notifications.add(
            Notification(person.id, NoticeKind.MENTORING, message, link, now, key)
        )
