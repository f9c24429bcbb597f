"""The in-memory fake of the role history repository (spells with their ids)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from pmopath.domain.people import RoleSpell
from pmopath.domain.role_history import StoredSpell

if TYPE_CHECKING:
    from tests.support.fakes import FakeState


class FakeRoleHistory:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def spells(self, person_id: int) -> list[StoredSpell]:
        found = self.state.history.get(person_id, [])
        return sorted(found, key=lambda s: (s.spell.started_on or date.min, s.id))

    def add(self, person_id: int, spell: RoleSpell) -> StoredSpell:
        self.state.spell_ids += 1
        stored = StoredSpell(self.state.spell_ids, spell)
        self.state.history.setdefault(person_id, []).append(stored)
        return stored

    def remove(self, person_id: int, spell_id: int) -> bool:
        spells = self.state.history.get(person_id, [])
        kept = [s for s in spells if s.id != spell_id]
        if len(kept) == len(spells):
            return False
        self.state.history[person_id] = kept
        return True
