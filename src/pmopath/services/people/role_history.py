"""A person's role history: past spells recorded by hand (role, dates, kinds of work).

The person themselves, a manager above them or an admin records, and removes, past spells; the
current spell (no end) follows the person's role and is kept by the people import. Eligibility
counts every spell, with its kinds (see pmopath.domain.experience).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from pmopath.domain.errors import InvalidRequest, NotFound, UnknownRole
from pmopath.domain.people import AuditEntry, RoleSpell
from pmopath.domain.permissions import SYSTEM, Viewer
from pmopath.domain.role_history import (
    MAX_SPELLS,
    SPELL_KINDS,
    StoredSpell,
    overlapping,
    past_spell,
    spell_text,
)
from pmopath.services.careers.roles import resolve_role
from pmopath.services.people.access import readable_person
from pmopath.services.ports.store import Store


@dataclass(frozen=True, slots=True)
class History:
    """A person's spells, oldest first, and the kinds a spell may be tagged with."""

    person_id: int
    spells: tuple[StoredSpell, ...]
    kinds: tuple[str, ...] = SPELL_KINDS


def history_of(store: Store, reference: str, *, viewer: Viewer = SYSTEM) -> History:
    """The role history of a person the viewer may read; raises NotFound."""
    with store.unit_of_work() as uow:
        person = readable_person(uow, viewer, reference)
        assert person.id is not None
        return History(person.id, tuple(uow.role_history.spells(person.id)))


def add_spell(
    store: Store,
    reference: str,
    role: str,
    started: str,
    ended: str,
    kinds: Collection[str] = (),
    *,
    actor: str,
    viewer: Viewer = SYSTEM,
) -> StoredSpell:
    """Record a past spell (first and last day or month, inclusive) for a person.

    Raises NotFound (a person the viewer may not read), InvalidRequest naming the field: an
    unknown role or kind, a malformed or future date, an end before the start, an overlap with
    another spell of theirs, too many spells. Nothing is written when it raises.
    """
    framework = store.framework
    try:
        role_id = resolve_role(framework, role.strip()).id
    except UnknownRole as error:
        raise InvalidRequest(f"role: {error}") from None
    spell = past_spell(role_id, started, ended, kinds, store.clock().date())
    with store.unit_of_work() as uow:
        person = readable_person(uow, viewer, reference)
        assert person.id is not None
        spells = uow.role_history.spells(person.id)
        if len(spells) >= MAX_SPELLS:
            raise InvalidRequest(f"history: at most {MAX_SPELLS} spells")
        clash = overlapping(spell, spells)
        if clash is not None:
            raise InvalidRequest(
                f"started_on: overlaps the spell as {_title(store, clash.spell)} "
                f"({spell_text(clash)})"
            )
        stored = uow.role_history.add(person.id, spell)
        uow.audit.record(
            AuditEntry(
                store.clock(),
                actor,
                "person.history.add",
                "person",
                str(person.id),
                None,
                _audited(stored),
            )
        )
        uow.commit()
    return stored


def remove_spell(
    store: Store, reference: str, spell_id: int, *, actor: str, viewer: Viewer = SYSTEM
) -> StoredSpell:
    """Remove one past spell of a person's history; the current spell is the import's.

    Raises NotFound (the person, or a spell of theirs with that id), InvalidRequest (the
    current spell).
    """
    with store.unit_of_work() as uow:
        person = readable_person(uow, viewer, reference)
        assert person.id is not None
        found = next((s for s in uow.role_history.spells(person.id) if s.id == spell_id), None)
        if found is None:
            raise NotFound("role history spell", str(spell_id))
        if found.current:
            raise InvalidRequest(
                "spell: the current role is kept with the person's record, not removed here"
            )
        uow.role_history.remove(person.id, spell_id)
        uow.audit.record(
            AuditEntry(
                store.clock(),
                actor,
                "person.history.remove",
                "person",
                str(person.id),
                _audited(found),
                None,
            )
        )
        uow.commit()
    return found


def _title(store: Store, spell: RoleSpell) -> str:
    role = store.framework.roles_by_id.get(spell.role)
    return role.title if role is not None else spell.role


def _audited(stored: StoredSpell) -> dict[str, object]:
    spell = stored.spell
    return {
        "spell_id": stored.id,
        "role": spell.role,
        "started_on": spell.started_on.isoformat() if spell.started_on else None,
        "ended_on": spell.ended_on.isoformat() if spell.ended_on else None,
        "kinds": list(spell.kinds),
    }
