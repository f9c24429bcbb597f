"""SCIM groups: teams. A group's members are the people whose team it is.

A person is in one team at a time, so making someone a member of one group takes them out of
the group they were in. Creating a group named like a team that already exists takes that team
over with the people already in it; replacing a group's members states the whole team.
Deleting a group leaves its people without a team (nothing else about them changes).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from pmopath.domain.errors import AlreadyExists, InvalidRequest, NotFound
from pmopath.domain.people import Person
from pmopath.domain.provisioning import ProvisionedGroup
from pmopath.services.ports.repositories import UnitOfWork
from pmopath.services.ports.store import Store
from pmopath.services.provisioning.records import (
    NAME_MAX,
    GroupFields,
    GroupRecord,
    checked_text,
    optional_text,
    person_id_of,
    record,
    stored_id,
)


def find_groups(
    store: Store, *, display_name: str | None = None, external_id: str | None = None
) -> list[GroupRecord]:
    """The provisioned groups, by id, matching every criterion given (exact match)."""
    with store.unit_of_work() as uow:
        groups = uow.provisioning.groups()
        if display_name is not None:
            groups = [g for g in groups if g.display_name == display_name]
        if external_id is not None:
            groups = [g for g in groups if g.external_id == external_id]
        return [_with_members(uow, group) for group in groups]


def get_group(store: Store, group_id: str) -> GroupRecord:
    """The group with this id; raises NotFound."""
    with store.unit_of_work() as uow:
        return _with_members(uow, _group(uow, group_id))


def create_group(store: Store, fields: GroupFields, *, actor: str) -> GroupRecord:
    """Provision a group (a team) with these members added. Raises InvalidRequest,
    AlreadyExists (a group with this name)."""
    fields = _checked(fields)
    now = store.clock()
    with store.unit_of_work() as uow:
        if uow.provisioning.group_named(fields.display_name) is not None:
            raise AlreadyExists("group", fields.display_name)
        members = _members(uow, fields.member_ids)
        group = uow.provisioning.add_group(
            ProvisionedGroup(None, fields.display_name, fields.external_id, now, now)
        )
        _join(uow, members, group.display_name)
        record(uow, now, actor, "scim_group.create", ("team", group.id), None, _view(fields))
        uow.commit()
        return _with_members(uow, group)


def replace_group(store: Store, group_id: str, fields: GroupFields, *, actor: str) -> GroupRecord:
    """Replace a group's name, external id and members (people left out leave the team).
    Raises NotFound, InvalidRequest, AlreadyExists."""
    fields = _checked(fields)
    now = store.clock()
    with store.unit_of_work() as uow:
        before = _with_members(uow, _group(uow, group_id))
        named = uow.provisioning.group_named(fields.display_name)
        if named is not None and named.id != before.group.id:
            raise AlreadyExists("group", fields.display_name)
        members = _members(uow, fields.member_ids)
        kept = {m.id for m in members}
        _join(uow, [p for p in before.members if p.id not in kept], None)
        _join(uow, members, fields.display_name)
        group = replace(
            before.group,
            display_name=fields.display_name,
            external_id=fields.external_id,
            updated_at=now,
        )
        uow.provisioning.update_group(group)
        record(
            uow, now, actor, "scim_group.replace", ("team", group.id), _record_view(before),
            _view(fields),
        )  # fmt: skip
        uow.commit()
        return _with_members(uow, group)


def delete_group(store: Store, group_id: str, *, actor: str) -> None:
    """Remove the group; its people are left without a team."""
    now = store.clock()
    with store.unit_of_work() as uow:
        before = _with_members(uow, _group(uow, group_id))
        _join(uow, before.members, None)
        assert before.group.id is not None
        uow.provisioning.remove_group(before.group.id)
        view = _record_view(before)
        record(uow, now, actor, "scim_group.delete", ("team", before.group.id), view, None)
        uow.commit()


def _checked(fields: GroupFields) -> GroupFields:
    return replace(
        fields,
        display_name=checked_text("displayName", fields.display_name, NAME_MAX),
        external_id=optional_text("externalId", fields.external_id),
    )


def _group(uow: UnitOfWork, group_id: str) -> ProvisionedGroup:
    group = uow.provisioning.group(person_id_of("group", group_id))
    if group is None:
        raise NotFound("group", group_id)
    return group


def _members(uow: UnitOfWork, member_ids: Iterable[str]) -> list[Person]:
    wanted: dict[int, str] = {}
    for member in member_ids:
        found_id = stored_id(member)
        if found_id is None:
            raise InvalidRequest(f"members: there is no user '{member[:40]}'")
        wanted[found_id] = member
    found = uow.people.by_ids(set(wanted))
    linked = uow.provisioning.provisioned_among(set(wanted)) if wanted else set()
    missing = [ref for pid, ref in wanted.items() if pid not in found or pid not in linked]
    if missing:
        raise InvalidRequest(f"members: there is no user '{missing[0]}'")
    return [found[pid] for pid in wanted]


def _join(uow: UnitOfWork, people: Iterable[Person], team: str | None) -> None:
    for person in people:
        if person.team != team:
            uow.people.update(replace(person, team=team))


def _with_members(uow: UnitOfWork, group: ProvisionedGroup) -> GroupRecord:
    return GroupRecord(group, tuple(uow.people.everyone(team=group.display_name)))


def _view(fields: GroupFields) -> dict[str, object]:
    return {
        "display_name": fields.display_name,
        "external_id": fields.external_id,
        "members": sorted(fields.member_ids),
    }


def _record_view(group: GroupRecord) -> dict[str, object]:
    return {
        "display_name": group.group.display_name,
        "external_id": group.group.external_id,
        "members": sorted(str(p.id) for p in group.members),
    }
