"""Sessions of a mentoring pair: logged by either of them; notes and actions private to the
pair unless the mentee shares them."""

from __future__ import annotations

from datetime import date

from pmopath.domain.errors import InvalidRequest, NotFound
from pmopath.domain.mentoring import MentoringSession, RelationshipStatus, check_session
from pmopath.domain.people import AuditEntry
from pmopath.domain.permissions import Viewer
from pmopath.services.mentoring.access import Part, of_the_pair
from pmopath.services.ports.store import Store


def log_session(
    store: Store,
    viewer: Viewer,
    relationship_id: int,
    *,
    held_on: date,
    notes: str,
    actions: str,
    shared: bool = False,
    actor: str,
) -> MentoringSession:
    """Log a session of an active relationship (the mentor or the mentee). Only the mentee's
    own log can share it at once; the mentor's stays private until the mentee shares it.
    Raises InvalidRequest naming the field, PermissionDenied, NotFound."""
    now = store.clock()
    with store.unit_of_work() as uow:
        relationship, part = of_the_pair(uow, viewer, relationship_id)
        if relationship.status is not RelationshipStatus.ACTIVE:
            raise InvalidRequest("status: sessions are logged while the mentoring is active")
        text, todo = check_session(notes, actions, held_on, relationship.started_on, now.date())
        assert viewer.person_id is not None
        saved = uow.mentoring.add_session(
            MentoringSession(
                relationship_id,
                held_on,
                text,
                todo,
                shared and part is Part.MENTEE,
                viewer.person_id,
            )
        )
        uow.audit.record(
            AuditEntry(
                now,
                actor,
                "mentoring.session",
                "mentoring",
                str(relationship_id),
                None,
                {"session_id": saved.id, "held_on": held_on.isoformat(), "shared": saved.shared},
            )
        )
        uow.commit()
    return saved


def share_session(
    store: Store, viewer: Viewer, session_id: int, shared: bool, *, actor: str
) -> MentoringSession:
    """The mentee shares a session's notes and actions beyond the pair, or takes them back."""
    now = store.clock()
    with store.unit_of_work() as uow:
        session = uow.mentoring.session(session_id)
        if session is None:
            raise NotFound("mentoring session", str(session_id))
        try:
            of_the_pair(uow, viewer, session.relationship_id, only=Part.MENTEE)
        except NotFound:
            raise NotFound("mentoring session", str(session_id)) from None
        uow.mentoring.set_shared(session_id, shared)
        uow.audit.record(
            AuditEntry(
                now,
                actor,
                "mentoring.session_share",
                "mentoring",
                str(session.relationship_id),
                {"session_id": session_id, "shared": session.shared},
                {"session_id": session_id, "shared": shared},
            )
        )
        uow.commit()
    return MentoringSession(
        session.relationship_id,
        session.held_on,
        session.notes,
        session.actions,
        shared,
        session.recorded_by_id,
        session.id,
    )
