"""What an identity provider's SCIM client provisioned: users (people with accounts) and groups
(teams), with the identifiers and attributes the client set that a person has no place for."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class ProvisionedUser:
    """A person under a SCIM client's management: its ``userName`` and ``externalId``, and the
    attributes kept as sent (name parts, title, e-mail entries) beside the person's own."""

    person_id: int
    user_name: str
    external_id: str | None
    created_at: datetime
    updated_at: datetime
    attributes: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ProvisionedGroup:
    """A team under a SCIM client's management; its members are the people whose ``team`` is
    ``display_name`` (a person is in one team at a time)."""

    id: int | None
    display_name: str
    external_id: str | None
    created_at: datetime
    updated_at: datetime
