"""The SQLAlchemy repository of the spells of people's role history, with their ids."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmopath.adapters.db.tables import RoleSpellRow
from pmopath.domain.people import RoleSpell
from pmopath.domain.role_history import StoredSpell


def _stored(row: RoleSpellRow) -> StoredSpell:
    return StoredSpell(
        row.id, RoleSpell(row.role, row.started_on, row.ended_on, tuple(row.kinds or ()))
    )


class SqlRoleHistory:
    def __init__(self, session: Session) -> None:
        self.session = session

    def spells(self, person_id: int) -> list[StoredSpell]:
        rows = self.session.scalars(select(RoleSpellRow).where(RoleSpellRow.person_id == person_id))
        found = [_stored(row) for row in rows]
        return sorted(found, key=lambda s: (s.spell.started_on or date.min, s.id))

    def add(self, person_id: int, spell: RoleSpell) -> StoredSpell:
        row = RoleSpellRow(
            person_id=person_id,
            role=spell.role,
            started_on=spell.started_on,
            ended_on=spell.ended_on,
            kinds=list(spell.kinds) or None,
        )
        self.session.add(row)
        self.session.flush()
        return _stored(row)

    def remove(self, person_id: int, spell_id: int) -> bool:
        row = self.session.get(RoleSpellRow, spell_id)
        if row is None or row.person_id != person_id:
            return False
        self.session.delete(row)
        self.session.flush()
        return True
