"""SCIM users: a person, their account and the link that puts them under a SCIM client.

A deactivation (``active`` false, or DELETE) disables the account, ends its sessions and
revokes its API tokens; the person and their history (assessments, plans, evidence) stay.
DELETE also removes the link, so the user is gone for the SCIM client; provisioning the same
e-mail again takes the person (and account) back, history and all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from pmopath.domain.accounts import Account
from pmopath.domain.errors import AlreadyExists, InvalidRequest, NotFound
from pmopath.domain.people import AccountRole, Person
from pmopath.domain.provisioning import ProvisionedUser
from pmopath.services.accounts.checks import valid_email
from pmopath.services.accounts.tokens import revoke_all_api_tokens
from pmopath.services.ports.repositories import UnitOfWork
from pmopath.services.ports.store import Store
from pmopath.services.provisioning.records import (
    NAME_MAX,
    UserFields,
    UserRecord,
    checked_attributes,
    checked_text,
    optional_text,
    person_id_of,
    record,
    stored_id,
)

NO_PASSWORD = ""
"""A provisioned account's password hash until an admin sets one: nothing signs in with it."""


def find_users(
    store: Store,
    *,
    user_name: str | None = None,
    external_id: str | None = None,
    display_name: str | None = None,
) -> list[UserRecord]:
    """The provisioned users, by id, matching every criterion given (``userName`` ignores
    case, as SCIM says, and compares as an e-mail does: composed, lower-case; the others are
    exact)."""
    with store.unit_of_work() as uow:
        if user_name is not None:  # by index, not every user read and compared
            named = uow.provisioning.user_named(user_name)
            links = [named] if named is not None else []
        elif external_id is not None:  # by index too
            links = uow.provisioning.users_with_external_id(external_id)
        else:
            links = uow.provisioning.users()
        if external_id is not None:
            links = [u for u in links if u.external_id == external_id]
        found = _records(uow, links)
    if display_name is not None:
        found = [r for r in found if r.person.name == display_name]
    return found


def get_user(store: Store, user_id: str) -> UserRecord:
    """The provisioned user with this id; raises NotFound."""
    with store.unit_of_work() as uow:
        return _record(uow, person_id_of("user", user_id), user_id)


def create_user(store: Store, fields: UserFields, *, actor: str) -> UserRecord:
    """Provision a user: a new person and account, or the stored person with this e-mail
    (unless another link holds them). Raises InvalidRequest, AlreadyExists."""
    fields = _checked(fields)
    now = store.clock()
    with store.unit_of_work() as uow:
        _user_name_free(uow, fields.user_name, None)
        person = uow.people.by_email(fields.email) if fields.email else None
        if person is not None and person.id is not None and uow.provisioning.user(person.id):
            raise AlreadyExists("user", person.email or fields.user_name)
        person_id = _save(uow, person, None, fields, now)
        record(uow, now, actor, "scim_user.create", ("person", person_id), None, _view(fields))
        uow.readiness.refresh()
        uow.commit()
        return _record(uow, person_id, str(person_id))


def replace_user(store: Store, user_id: str, fields: UserFields, *, actor: str) -> UserRecord:
    """Replace a provisioned user's attributes; ``active`` false deactivates, true re-activates.
    Raises NotFound, InvalidRequest, AlreadyExists."""
    person_id = person_id_of("user", user_id)
    fields = _checked(fields)
    now = store.clock()
    with store.unit_of_work() as uow:
        before = _record(uow, person_id, user_id)
        _user_name_free(uow, fields.user_name, person_id)
        holder = uow.people.by_email(fields.email) if fields.email else None
        if holder is not None and holder.id != person_id:
            raise AlreadyExists("person", holder.email or "")
        _save(uow, before.person, before.link, fields, now)
        action = "scim_user.replace"
        if before.active != fields.enabled:
            action = "scim_user.activate" if fields.enabled else "scim_user.deactivate"
        record(uow, now, actor, action, ("person", person_id), _record_view(before), _view(fields))
        uow.readiness.refresh()
        uow.commit()
        return _record(uow, person_id, user_id)


def delete_user(store: Store, user_id: str, *, actor: str) -> None:
    """Deactivate the user and remove the link; the person and their history stay."""
    person_id = person_id_of("user", user_id)
    now = store.clock()
    with store.unit_of_work() as uow:
        before = _record(uow, person_id, user_id)
        if before.account is not None and not before.account.disabled:
            uow.accounts.update(replace(before.account, disabled=True))
            _end_access(uow, before.account, now)
        uow.provisioning.remove_user(person_id)
        record(
            uow, now, actor, "scim_user.delete", ("person", person_id), _record_view(before), None
        )
        uow.commit()


def _checked(fields: UserFields) -> UserFields:
    return replace(
        fields,
        user_name=checked_text("userName", fields.user_name),
        email=valid_email(fields.email) if fields.email else None,
        name=checked_text("name", fields.name, NAME_MAX),
        external_id=optional_text("externalId", fields.external_id),
        attributes=checked_attributes(fields.attributes),
    )


def _user_name_free(uow: UnitOfWork, user_name: str, person_id: int | None) -> None:
    holder = uow.provisioning.user_named(user_name)
    if holder is not None and holder.person_id != person_id:
        raise AlreadyExists("user", user_name)


def _save(
    uow: UnitOfWork,
    person: Person | None,
    link: ProvisionedUser | None,
    fields: UserFields,
    now: datetime,
) -> int:
    """Write the person, their account and the link; return the person's id."""
    person_id = person.id if person is not None else None
    manager_id = _manager(uow, fields.manager_id, person_id)
    if person is None or person.id is None:
        person = uow.people.add(Person(None, fields.email, fields.name, manager_id=manager_id))
    else:
        changed = replace(person, email=fields.email, name=fields.name, manager_id=manager_id)
        if changed != person:
            uow.people.update(changed)
    assert person.id is not None
    _save_account(uow, person.id, fields, now)
    created = link.created_at if link is not None else now
    kept = {**fields.attributes, "active": fields.active}
    uow.provisioning.save_user(
        ProvisionedUser(person.id, fields.user_name, fields.external_id, created, now, kept)
    )
    return person.id


def _manager(uow: UnitOfWork, manager: str | None, person_id: int | None) -> int | None:
    if manager is None or not manager.strip():
        return None
    wanted = stored_id(manager)
    found = uow.people.by_id(wanted) if wanted is not None else None
    if found is None or found.id is None:
        raise InvalidRequest(f"manager: there is no user '{manager[:40]}'")
    if person_id is not None and (
        found.id == person_id or person_id in uow.people.managers_above(found.id)
    ):
        raise InvalidRequest(
            f"manager: user '{manager}' reports to this user; the chain would loop"
        )
    return found.id


def _save_account(uow: UnitOfWork, person_id: int, fields: UserFields, now: datetime) -> None:
    account = uow.accounts.by_person(person_id)
    if fields.email is None:  # no e-mail, no account to make: the state waits in the link
        if account is not None and account.disabled == fields.enabled:
            _set_disabled(uow, account, not fields.enabled, now)
        return
    holder = uow.accounts.by_email(fields.email)
    if holder is not None and (account is None or holder.id != account.id):
        if account is not None or holder.person_id is not None:
            raise AlreadyExists("account", fields.email)
        account = holder  # an account with this e-mail and no person: it is this person's
    if account is None or account.id is None:
        new = Account(None, fields.email, AccountRole.MEMBER, person_id, now, not fields.enabled)
        uow.accounts.add(new, NO_PASSWORD)
        return
    if account.email != fields.email:
        uow.accounts.set_email(account.id, fields.email)
    if account.person_id != person_id:
        account = replace(account, person_id=person_id)
        uow.accounts.update(account)
    _set_disabled(uow, account, not fields.enabled, now)


def _set_disabled(uow: UnitOfWork, account: Account, disabled: bool, now: datetime) -> None:
    uow.accounts.update(replace(account, disabled=disabled))
    if disabled and not account.disabled:
        _end_access(uow, account, now)


def _end_access(uow: UnitOfWork, account: Account, now: datetime) -> None:
    """End the account's sessions and revoke its API tokens."""
    assert account.id is not None
    uow.account_sessions.revoke_all(account.id, now)
    revoke_all_api_tokens(uow, account.id, now)


def _record(uow: UnitOfWork, person_id: int, reference: str) -> UserRecord:
    link = uow.provisioning.user(person_id)
    found = _records(uow, [link] if link is not None else [])
    if not found:
        raise NotFound("user", reference)
    return found[0]


def _records(uow: UnitOfWork, links: Iterable[ProvisionedUser]) -> list[UserRecord]:
    """The users of these links (people erased since are left out), in a few queries."""
    links = list(links)
    if not links:
        return []
    people = uow.people.by_ids({link.person_id for link in links})
    managers = uow.people.by_ids({p.manager_id for p in people.values() if p.manager_id})
    accounts = {a.person_id: a for a in uow.accounts.everyone() if a.person_id is not None}
    groups = {g.display_name: g for g in uow.provisioning.groups()}
    found = []
    for link in links:
        person = people.get(link.person_id)
        if person is None:
            continue
        manager = managers.get(person.manager_id) if person.manager_id else None
        group = groups.get(person.team) if person.team else None
        found.append(UserRecord(link, person, accounts.get(link.person_id), manager, group))
    return found


def _view(fields: UserFields) -> dict[str, object]:
    return {
        "user_name": fields.user_name,
        "external_id": fields.external_id,
        "email": fields.email,
        "name": fields.name,
        "active": fields.active,
        "manager_id": fields.manager_id,
    }


def _record_view(user: UserRecord) -> dict[str, object]:
    return {
        "user_name": user.link.user_name,
        "external_id": user.link.external_id,
        "email": user.person.email,
        "name": user.person.name,
        "active": user.active,
        "manager_id": str(user.person.manager_id) if user.person.manager_id else None,
    }
