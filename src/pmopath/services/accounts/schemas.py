"""Response models of accounts and API tokens: never a password hash or a token's hash."""

from __future__ import annotations

from pmopath.domain.people import AccountRole
from pmopath.services.people.schemas import PersonRecordPublic
from pmopath.services.ports.schemas import Moment, Schema


class AccountPublic(Schema):
    """A user account: e-mail, role and the person it belongs to (if any)."""

    id: int
    email: str
    role: AccountRole
    person_id: int | None
    created_at: Moment
    disabled: bool


class AccountChangedPublic(AccountPublic):
    """An account as changed; disabling it revokes its API tokens (how many, here)."""

    api_tokens_revoked: int


class AccountsPublic(Schema):
    data: list[AccountPublic]
    count: int


class MePublic(Schema):
    """The signed-in account and, when it belongs to a person, their record."""

    account: AccountPublic
    person: PersonRecordPublic | None


class ApiTokenPublic(Schema):
    """An API token's description; its secret is not kept, so it cannot appear here."""

    id: int
    account_id: int
    label: str
    created_at: Moment
    last_used_at: Moment | None
    revoked_at: Moment | None


class ApiTokensPublic(Schema):
    data: list[ApiTokenPublic]
    count: int


class LinkedIdentityPublic(Schema):
    """Who an account is at an identity provider (single sign-on)."""

    issuer: str
    subject: str
    linked_at: Moment


class LinkedIdentitiesPublic(Schema):
    data: list[LinkedIdentityPublic]
    count: int


class ApiTokenCreated(Schema):
    """A new API token: its secret is in this answer only (send it as ``Bearer <token>``)."""

    id: int
    label: str
    token: str
