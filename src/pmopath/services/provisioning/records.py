"""What provisioning use cases take and give, and the checks they share."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from pmopath.domain.accounts import Account
from pmopath.domain.errors import InvalidRequest, NotFound
from pmopath.domain.ids import storable_id
from pmopath.domain.people import AuditEntry, Person
from pmopath.domain.provisioning import ProvisionedGroup, ProvisionedUser
from pmopath.domain.text import usable_text
from pmopath.services.ports.repositories import UnitOfWork

TEXT_MAX = 254
NAME_MAX = 200


@dataclass(frozen=True, slots=True)
class UserFields:
    """A user as a SCIM client states it (every field: a replacement, not a change)."""

    user_name: str
    email: str | None
    """None: a person without an e-mail, and so without an account until one is given."""
    name: str
    active: bool | None = True
    """None: unassigned (never sent, or removed): the account is enabled, as by default."""
    external_id: str | None = None
    manager_id: str | None = None
    """The manager's user id, or None for no manager."""
    attributes: Mapping[str, object] = field(default_factory=dict)
    """SCIM attributes kept as sent (name parts, title, e-mail entries)."""

    @property
    def enabled(self) -> bool:
        """Whether the account is to be enabled: unless ``active`` is false."""
        return self.active is not False


@dataclass(frozen=True, slots=True)
class UserRecord:
    """A provisioned user: the link, the person, the account and who they report to."""

    link: ProvisionedUser
    person: Person
    account: Account | None
    manager: Person | None
    group: ProvisionedGroup | None

    @property
    def active(self) -> bool:
        """The account's state; without an account (no e-mail yet), the state asked for."""
        if self.account is not None:
            return not self.account.disabled
        return self.link.attributes.get("active") is not False


@dataclass(frozen=True, slots=True)
class GroupFields:
    """A group as a SCIM client states it: its name, external id and every member's user id."""

    display_name: str
    external_id: str | None = None
    member_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GroupRecord:
    group: ProvisionedGroup
    members: tuple[Person, ...]


def checked_text(what: str, text: str, limit: int = TEXT_MAX) -> str:
    """``text`` trimmed; raises InvalidRequest when empty, too long or holding odd characters."""
    value = usable_text(what, text, lines=False).strip()
    if not value:
        raise InvalidRequest(f"{what} must not be empty")
    if len(value) > limit:
        raise InvalidRequest(f"{what} has at most {limit} characters")
    return value


def checked_attributes(attributes: Mapping[str, object]) -> Mapping[str, object]:
    """The attributes kept as sent, when every text in them is one we store (no control
    character, NUL or lone surrogate); raises UnusableText naming where (``name.givenName``)."""
    _check_values("", attributes)
    return attributes


def _check_values(where: str, value: object) -> None:
    if isinstance(value, str):
        usable_text(where, value, lines=False)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _check_values(f"{where}.{key}" if where else str(key), item)
    elif isinstance(value, list | tuple):
        for number, item in enumerate(value):
            _check_values(f"{where}.{number}", item)


def optional_text(what: str, text: str | None) -> str | None:
    return None if text is None or not text.strip() else checked_text(what, text)


def stored_id(text: str) -> int | None:
    """The id a SCIM id names (digits, in the range a store holds), or None."""
    text = text.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 12:
        return None
    value = int(text)
    return value if storable_id(value) else None


def person_id_of(what: str, user_id: str) -> int:
    """The person (or group) id a SCIM id names; raises NotFound for anything but an id a
    store can hold (digits, 1 to 2**31 - 1)."""
    found = stored_id(user_id)
    if found is None:
        raise NotFound(what, user_id[:40])
    return found


def record(
    uow: UnitOfWork,
    now: datetime,
    actor: str,
    action: str,
    entity: tuple[str, object],
    before: Mapping[str, object] | None,
    after: Mapping[str, object] | None,
) -> None:
    """Audit one provisioning change, naming the SCIM client in ``actor``."""
    kind, entity_id = entity
    uow.audit.record(AuditEntry(now, actor, action, kind, str(entity_id), before, after))
