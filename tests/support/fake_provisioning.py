"""The in-memory provisioning repository: what SCIM clients provisioned (users, groups)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from typing import TYPE_CHECKING

from pmopath.domain.accounts import normalise_email
from pmopath.domain.provisioning import ProvisionedGroup, ProvisionedUser

if TYPE_CHECKING:
    from tests.support.fakes import FakeState


class FakeProvisioning:
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def user(self, person_id: int) -> ProvisionedUser | None:
        return self.state.provisioned_users.get(person_id)

    def users(self) -> list[ProvisionedUser]:
        return [self.state.provisioned_users[k] for k in sorted(self.state.provisioned_users)]

    def user_named(self, user_name: str) -> ProvisionedUser | None:
        wanted = normalise_email(user_name)
        return next((u for u in self.users() if normalise_email(u.user_name) == wanted), None)

    def provisioned_among(self, person_ids: Collection[int]) -> set[int]:
        return {p for p in person_ids if p in self.state.provisioned_users}

    def users_with_external_id(self, external_id: str) -> list[ProvisionedUser]:
        return [u for u in self.users() if u.external_id == external_id]

    def save_user(self, user: ProvisionedUser) -> None:
        self.state.provisioned_users[user.person_id] = user

    def remove_user(self, person_id: int) -> None:
        self.state.provisioned_users.pop(person_id, None)

    def add_group(self, group: ProvisionedGroup) -> ProvisionedGroup:
        stored = replace(group, id=max(self.state.provisioned_groups, default=0) + 1)
        self.state.provisioned_groups[stored.id] = stored  # type: ignore[index]
        return stored

    def group(self, group_id: int) -> ProvisionedGroup | None:
        return self.state.provisioned_groups.get(group_id)

    def groups(self) -> list[ProvisionedGroup]:
        return [self.state.provisioned_groups[k] for k in sorted(self.state.provisioned_groups)]

    def group_named(self, display_name: str) -> ProvisionedGroup | None:
        return next((g for g in self.groups() if g.display_name == display_name), None)

    def update_group(self, group: ProvisionedGroup) -> None:
        assert group.id is not None
        self.state.provisioned_groups[group.id] = group

    def remove_group(self, group_id: int) -> None:
        self.state.provisioned_groups.pop(group_id, None)
