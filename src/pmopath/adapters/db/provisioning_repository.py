"""SQLAlchemy repository of what SCIM clients provisioned: users and groups."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from pmopath.adapters.db.tables import ProvisionedGroupRow, ProvisionedUserRow
from pmopath.domain.accounts import normalise_email
from pmopath.domain.ids import storable_id
from pmopath.domain.provisioning import ProvisionedGroup, ProvisionedUser

_CHUNK = 500  # bound IN (...) lists for every database


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _user(row: ProvisionedUserRow) -> ProvisionedUser:
    return ProvisionedUser(
        row.person_id,
        row.user_name,
        row.external_id,
        _utc(row.created_at),
        _utc(row.updated_at),
        dict(row.attributes or {}),
    )


def _group(row: ProvisionedGroupRow) -> ProvisionedGroup:
    return ProvisionedGroup(
        row.id, row.display_name, row.external_id, _utc(row.created_at), _utc(row.updated_at)
    )


class SqlProvisioning:
    def __init__(self, session: Session) -> None:
        self.session = session

    def user(self, person_id: int) -> ProvisionedUser | None:
        row = self.session.get(ProvisionedUserRow, person_id)
        return _user(row) if row else None

    def users(self) -> list[ProvisionedUser]:
        rows = self.session.scalars(
            select(ProvisionedUserRow).order_by(ProvisionedUserRow.person_id)
        )
        return [_user(row) for row in rows]

    def user_named(self, user_name: str) -> ProvisionedUser | None:
        row = self.session.scalar(
            select(ProvisionedUserRow).where(
                ProvisionedUserRow.user_name_key == normalise_email(user_name)
            )
        )
        return _user(row) if row else None

    def provisioned_among(self, person_ids: Collection[int]) -> set[int]:
        wanted = sorted({p for p in person_ids if storable_id(p)})
        found: set[int] = set()
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            found.update(
                self.session.scalars(
                    select(ProvisionedUserRow.person_id).where(
                        ProvisionedUserRow.person_id.in_(chunk)
                    )
                )
            )
        return found

    def users_with_external_id(self, external_id: str) -> list[ProvisionedUser]:
        rows = self.session.scalars(
            select(ProvisionedUserRow)
            .where(ProvisionedUserRow.external_id == external_id)
            .order_by(ProvisionedUserRow.person_id)
        )
        return [_user(row) for row in rows]

    def save_user(self, user: ProvisionedUser) -> None:
        row = self.session.get(ProvisionedUserRow, user.person_id)
        if row is None:
            row = ProvisionedUserRow(person_id=user.person_id, created_at=user.created_at)
            self.session.add(row)
        row.user_name = user.user_name
        row.user_name_key = normalise_email(user.user_name)
        row.external_id = user.external_id
        row.attributes = dict(user.attributes)
        row.updated_at = user.updated_at
        self.session.flush()

    def remove_user(self, person_id: int) -> None:
        self.session.execute(
            delete(ProvisionedUserRow).where(ProvisionedUserRow.person_id == person_id)
        )

    def add_group(self, group: ProvisionedGroup) -> ProvisionedGroup:
        row = ProvisionedGroupRow(
            display_name=group.display_name,
            external_id=group.external_id,
            created_at=group.created_at,
            updated_at=group.updated_at,
        )
        self.session.add(row)
        self.session.flush()
        return _group(row)

    def group(self, group_id: int) -> ProvisionedGroup | None:
        row = self.session.get(ProvisionedGroupRow, group_id)
        return _group(row) if row else None

    def groups(self) -> list[ProvisionedGroup]:
        rows = self.session.scalars(select(ProvisionedGroupRow).order_by(ProvisionedGroupRow.id))
        return [_group(row) for row in rows]

    def group_named(self, display_name: str) -> ProvisionedGroup | None:
        row = self.session.scalar(
            select(ProvisionedGroupRow).where(ProvisionedGroupRow.display_name == display_name)
        )
        return _group(row) if row else None

    def update_group(self, group: ProvisionedGroup) -> None:
        row = self.session.get(ProvisionedGroupRow, group.id)
        if row is None:
            return
        row.display_name = group.display_name
        row.external_id = group.external_id
        row.updated_at = group.updated_at
        self.session.flush()

    def remove_group(self, group_id: int) -> None:
        self.session.execute(delete(ProvisionedGroupRow).where(ProvisionedGroupRow.id == group_id))
