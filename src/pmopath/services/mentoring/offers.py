"""Offers to mentor: made for competencies held at level 4 or more, changed, withdrawn."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pmopath.domain.errors import NotFound
from pmopath.domain.framework import Competency
from pmopath.domain.mentoring import OFFER_LEVEL, Offer, check_offer
from pmopath.domain.people import AuditEntry
from pmopath.domain.permissions import Viewer, require_admin
from pmopath.services.people.access import own_person, readable_person
from pmopath.services.ports.store import Store


@dataclass(frozen=True, slots=True)
class OfferPicture:
    """A person's offer (None when they made none), the competencies they may offer (held at
    OFFER_LEVEL or more, with the level) and how many mentees they have now."""

    person_id: int
    name: str
    offer: Offer | None
    offerable: tuple[tuple[Competency, int], ...]
    mentees_now: int


def offer_picture(store: Store, viewer: Viewer, reference: str) -> OfferPicture:
    """The person's offer and what they could offer, if the viewer may read their records."""
    with store.unit_of_work() as uow:
        person = readable_person(uow, viewer, reference)
        assert person.id is not None
        levels = uow.assessments.current_levels(person.id)
        offer = uow.mentoring.offer_of(person.id)
        taken = sum(1 for mentor, _ in uow.mentoring.live_pairs() if mentor == person.id)
    offerable = tuple(
        (c, levels[c.id])
        for c in store.framework.competencies
        if levels.get(c.id, 0) >= OFFER_LEVEL
    )
    return OfferPicture(person.id, person.name, offer, offerable, taken)


def offer_to_mentor(
    store: Store,
    viewer: Viewer,
    reference: str,
    *,
    competencies: Sequence[str],
    capacity: int,
    availability: str,
    actor: str,
) -> Offer:
    """Make or change the person's offer (theirs or an admin's to make).

    Raises NotFound, PermissionDenied, InvalidRequest naming the field: a competency not held
    at level 4 or more, a capacity outside 1 to 10, an availability too long."""
    now = store.clock()
    with store.unit_of_work() as uow:
        person = own_person(uow, viewer, reference)
        assert person.id is not None
        levels = uow.assessments.current_levels(person.id)
        wanted, text = check_offer(store.framework, competencies, capacity, availability, levels)
        before = uow.mentoring.offer_of(person.id)
        offer = Offer(person.id, wanted, capacity, text, now)
        uow.mentoring.save_offer(offer)
        uow.audit.record(
            AuditEntry(
                now,
                actor,
                "mentoring.offer",
                "person",
                str(person.id),
                _shown(before) if before else None,
                _shown(offer),
            )
        )
        uow.commit()
    return offer


def withdraw_offer(store: Store, viewer: Viewer, reference: str, *, actor: str) -> Offer:
    """Withdraw the person's offer; mentees they have now keep them. Raises NotFound when there
    is no offer, PermissionDenied."""
    now = store.clock()
    with store.unit_of_work() as uow:
        person = own_person(uow, viewer, reference)
        assert person.id is not None
        before = uow.mentoring.offer_of(person.id)
        if before is None:
            raise NotFound("mentoring offer", reference)
        uow.mentoring.remove_offer(person.id)
        uow.audit.record(
            AuditEntry(
                now, actor, "mentoring.offer_withdraw", "person", str(person.id), _shown(before)
            )
        )
        uow.commit()
    return before


def _shown(offer: Offer) -> dict[str, object]:
    return {"competencies": list(offer.competencies), "capacity": offer.capacity}


@dataclass(frozen=True, slots=True)
class OfferLine:
    offer: Offer
    name: str
    mentees_now: int


def every_offer(store: Store, viewer: Viewer) -> list[OfferLine]:
    """Every offer to mentor with the person's name and mentees now, by name (admins only)."""
    require_admin(viewer)
    with store.unit_of_work() as uow:
        found = uow.mentoring.offers()
        people = uow.people.by_ids([o.person_id for o in found])
        taken = Counter(mentor for mentor, _ in uow.mentoring.live_pairs())
    lines = [
        OfferLine(o, people[o.person_id].name, taken[o.person_id])
        for o in found
        if o.person_id in people
    ]
    return sorted(lines, key=lambda line: (line.name, line.offer.person_id))
