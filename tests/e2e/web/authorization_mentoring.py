"""Authorization rows for mentoring: offers, my mentoring, asking for a mentor, matching, and
one relationship with its goals, agreement, sessions, sharing and end.

Each call gets fresh data (``params`` and ``body`` run per caller). Relationship owners:
``sam`` (Sam the mentee, Omar the mentor: Maria and Alex are above Sam), ``priya`` (Priya the
mentor, Dev the mentee: Maria is above Priya, Alex above both), ``unknown``. A manager above
either of the pair sees the relationship but changes nothing in it (403); only the mentee
shares; a session's private notes are checked in tests/e2e/web/test_mentoring.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from pmopath.domain.mentoring import Goal, MentoringSession, Offer, Relationship, RelationshipStatus
from tests.e2e.web.authorization import (
    CALLERS,
    DENY_403,
    DENY_404,
    EVERYONE_SIGNED_IN,
    Row,
    rows,
)

DEMO = "demo.pmopath.org"
UNKNOWN = "987654"
NOBODY = {c: DENY_404 for c in CALLERS if c != "anonymous"}
MANAGERS_ONLY = {**EVERYONE_SIGNED_IN, "sam": DENY_403, "priya": DENY_403}


def _id(uow: Any, key: str) -> int:
    person = uow.people.by_email(f"{key}@{DEMO}")
    assert person is not None and person.id is not None
    return int(person.id)


def _relationship(status: RelationshipStatus, *, session: bool = False) -> Callable[..., Any]:
    """A params builder: a new relationship of the owner's in ``status`` (with a session)."""

    def build(world: Any, owner: str) -> dict[str, str]:
        if owner == "unknown":
            return {"relationship_id": UNKNOWN, "session_id": UNKNOWN}
        now = datetime.now(UTC)
        active = status is RelationshipStatus.ACTIVE
        with world.runtime.unit_of_work() as uow:
            mentor, mentee = ("omar", "sam") if owner == "sam" else ("priya", "dev")
            made = uow.mentoring.add(
                Relationship(
                    None,
                    _id(uow, mentor),
                    _id(uow, mentee),
                    "data_analysis",
                    status,
                    "Matched for the authorization matrix.",
                    now,
                    mentor_agreed_at=now if active else None,
                    mentee_agreed_at=now if active else None,
                    started_on=now.date() if active else None,
                    goals=(Goal("Read a dashboard", "data_analysis"),),
                )
            )
            assert made.id is not None
            found = {"relationship_id": str(made.id)}
            if session:
                added = uow.mentoring.add_session(
                    MentoringSession(made.id, now.date(), "private", "", False, _id(uow, mentor))
                )
                found["session_id"] = str(added.id)
            uow.commit()
        return found

    return build


def _offer_of_owner(world: Any, owner: str) -> dict[str, str]:
    if owner != "unknown":
        with world.runtime.unit_of_work() as uow:
            offer = Offer(_id(uow, owner), ("data_analysis",), 2, "", datetime.now(UTC))
            uow.mentoring.save_offer(offer)
            uow.commit()
    return {}


def _owner_holds_coaching(world: Any, owner: str) -> dict[str, str]:
    if owner != "unknown":
        _assess(world, [owner], {"coaching_mentoring": 4})
    return {}


def _assess(world: Any, keys: list[str], levels: dict[str, int]) -> None:
    from pmopath.domain.assessment import Assessment
    from pmopath.domain.people import AssessmentSource
    from pmopath.services.people.records import record_assessment

    store = world.runtime.store()
    for key in keys:
        record_assessment(
            store, f"{key}@{DEMO}", Assessment(levels), AssessmentSource.SELF, actor="matrix"
        )


def _everyone_offers(world: Any) -> dict[str, Any]:
    """Every demo caller with a person holds coaching at level 4 and offers it."""
    keys = ["sam", "priya", "maria", "alex"]
    _assess(world, keys, {"coaching_mentoring": 4})
    for key in keys:
        _offer_of_owner(world, key)
    return {"competencies": ["coaching_mentoring"], "capacity": "1"}


def _omar_mentors_everything(world: Any) -> dict[str, Any]:
    """Omar (below Alex, outside Sam's and Priya's lines) holds everything at 5 and offers it."""
    store = world.runtime.store()
    every = [c.id for c in store.framework.competencies]
    _assess(world, ["omar"], dict.fromkeys(every, 5))
    with world.runtime.unit_of_work() as uow:
        uow.mentoring.save_offer(Offer(_id(uow, "omar"), tuple(every), 10, "", datetime.now(UTC)))
        uow.commit()
    return {}


def _sam_with_omar(world: Any) -> dict[str, Any]:
    _omar_mentors_everything(world)
    with world.runtime.unit_of_work() as uow:
        pair = f"{_id(uow, 'sam')}-{_id(uow, 'omar')}"
    return {"pair": [pair]}


PAIR = {
    "sam": {**NOBODY, "sam": "allow", "maria": DENY_403, "alex": DENY_403, "admin": DENY_403},
    "priya": {**NOBODY, "priya": "allow", "maria": DENY_403, "alex": DENY_403, "admin": DENY_403},
    "unknown": NOBODY,
}
MENTEE = {**PAIR, "priya": {**PAIR["priya"], "priya": DENY_403}}
SEEN_BY = {
    "sam": {**EVERYONE_SIGNED_IN, "priya": DENY_404},
    "priya": {**EVERYONE_SIGNED_IN, "sam": DENY_404},
    "unknown": NOBODY,
}
OFFER_READERS = {
    "sam": {**EVERYONE_SIGNED_IN, "priya": DENY_404},
    "alex": {**EVERYONE_SIGNED_IN, "sam": DENY_404, "priya": DENY_404, "maria": DENY_404},
    "unknown": NOBODY,
}
OFFER_WRITERS = {
    "sam": {**OFFER_READERS["sam"], "maria": DENY_403, "alex": DENY_403},
    "alex": OFFER_READERS["alex"],
    "unknown": NOBODY,
}
NO_PERSON = {**EVERYONE_SIGNED_IN, "admin": DENY_404}  # the admin account has no person
API = "/api/v1/mentoring"

for owner in ("sam", "alex", "unknown"):
    offer_path = "/api/v1/people/{person_id}/mentoring-offer"
    rows(
        Row("GET", offer_path, owner, OFFER_READERS[owner], params=_offer_of_owner),
        Row(
            "PUT",
            offer_path,
            owner,
            OFFER_WRITERS[owner],
            params=_owner_holds_coaching,
            body=lambda w: {"competencies": ["coaching_mentoring"], "capacity": 1},
        ),
        Row("DELETE", offer_path, owner, OFFER_WRITERS[owner], params=_offer_of_owner),
    )

rows(
    Row("GET", "/mentoring", expect=EVERYONE_SIGNED_IN),
    Row("GET", API, expect=EVERYONE_SIGNED_IN),
    Row("POST", "/mentoring/offer", form=True, expect=NO_PERSON, body=_everyone_offers),
    Row(
        "POST",
        "/mentoring/offer/withdraw",
        form=True,
        expect=NO_PERSON,
        body=lambda w: {**_everyone_offers(w), "confirmed": "yes"},
    ),
    Row("POST", "/mentoring/request", form=True, expect=NO_PERSON, body=_omar_mentors_everything),
    Row("POST", f"{API}/requests", expect=NO_PERSON, body=_omar_mentors_everything),
    Row("GET", "/mentoring/matching", expect=MANAGERS_ONLY),
    Row("POST", f"{API}/match", expect=MANAGERS_ONLY, body=lambda w: {}),
    # Maria proposes Sam with Omar; the same pair is no longer proposed for Alex and the admin
    Row(
        "POST",
        "/mentoring/matching",
        form=True,
        expect={**MANAGERS_ONLY, "alex": 400, "admin": 400},
        body=_sam_with_omar,
    ),
)

PROPOSED = _relationship(RelationshipStatus.PROPOSED)
ACTIVE = _relationship(RelationshipStatus.ACTIVE)
WITH_SESSION = _relationship(RelationshipStatus.ACTIVE, session=True)
GOALS_FORM = {"goal_text": "Run a reporting cycle", "goal_competency": "data_analysis"}
TODAY = {"held_on": datetime.now(UTC).date().isoformat(), "notes": "We met."}
ONE = "/mentoring/{relationship_id}"

for owner in ("sam", "priya", "unknown"):
    rows(
        Row("GET", ONE, owner, SEEN_BY[owner], params=PROPOSED),
        Row("GET", API + "/{relationship_id}", owner, SEEN_BY[owner], params=ACTIVE),
        Row(
            "POST",
            ONE + "/goals",
            owner,
            PAIR[owner],
            params=PROPOSED,
            form=True,
            body=lambda w: GOALS_FORM,
        ),
        Row(
            "PUT",
            API + "/{relationship_id}/goals",
            owner,
            PAIR[owner],
            params=PROPOSED,
            body=lambda w: {"goals": [{"text": "Run a reporting cycle"}]},
        ),
        Row("POST", ONE + "/agree", owner, PAIR[owner], params=PROPOSED, form=True),
        Row("POST", API + "/{relationship_id}/agree", owner, PAIR[owner], params=PROPOSED),
        Row(
            "POST",
            ONE + "/decline",
            owner,
            PAIR[owner],
            params=PROPOSED,
            form=True,
            body=lambda w: {"confirmed": "yes"},
        ),
        Row("POST", API + "/{relationship_id}/decline", owner, PAIR[owner], params=PROPOSED),
        Row(
            "POST",
            ONE + "/sharing",
            owner,
            MENTEE[owner],
            params=ACTIVE,
            form=True,
            body=lambda w: {"shares": "yes"},
        ),
        Row(
            "PUT",
            API + "/{relationship_id}/progress-sharing",
            owner,
            MENTEE[owner],
            params=ACTIVE,
            body=lambda w: {"shared": True},
        ),
        Row(
            "POST",
            ONE + "/sessions",
            owner,
            PAIR[owner],
            params=ACTIVE,
            form=True,
            body=lambda w: TODAY,
        ),
        Row(
            "POST",
            API + "/{relationship_id}/sessions",
            owner,
            PAIR[owner],
            params=ACTIVE,
            body=lambda w: TODAY,
        ),
        Row(
            "POST",
            "/mentoring/sessions/{session_id}/sharing",
            owner,
            MENTEE[owner],
            params=WITH_SESSION,
            form=True,
            body=lambda w: {"shared": "yes"},
        ),
        Row(
            "PUT",
            API + "/sessions/{session_id}/sharing",
            owner,
            MENTEE[owner],
            params=WITH_SESSION,
            body=lambda w: {"shared": True},
        ),
        Row(
            "POST",
            ONE + "/end",
            owner,
            PAIR[owner],
            params=ACTIVE,
            form=True,
            body=lambda w: {"review": "It helped.", "confirmed": "yes"},
        ),
        Row(
            "POST",
            API + "/{relationship_id}/end",
            owner,
            PAIR[owner],
            params=ACTIVE,
            body=lambda w: {"review": "It helped."},
        ),
    )

# Putting the goals into a plan: Sam (the mentee) has an open plan; Dev, Priya's mentee, none.
for owner in ("sam", "priya", "unknown"):
    rows(
        Row("POST", ONE + "/plan", owner, MENTEE[owner], params=ACTIVE, form=True),
        Row("POST", API + "/{relationship_id}/plan", owner, MENTEE[owner], params=ACTIVE),
    )
