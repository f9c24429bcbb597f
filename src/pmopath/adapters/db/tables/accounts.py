"""Tables of accounts: sign-in, sessions, API tokens and failed sign-ins."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from pmopath.adapters.db.tables.base import EMAIL, HASH, Base


class AccountRow(Base):
    """Who may sign in and with which permissions; the password only as an argon2id hash."""

    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL), unique=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), unique=True
    )
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    password_hash: Mapped[str | None] = mapped_column(String(HASH))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class AccountSessionRow(Base):
    """A server-side sign-in session. Only the SHA-256 of its token is stored.

    Not archived (``info["derived"]``): a restore signs everyone out.
    """

    __tablename__ = "account_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    __table_args__ = ({"info": {"derived": True}},)


class ApiTokenRow(Base):
    """A bearer token for the API; only the SHA-256 of its secret is stored."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(100), default="")
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    scope: Mapped[str] = mapped_column(String(16), default="api", server_default="api")
    """``api`` (the JSON API) or ``scim`` (provisioning only); neither works for the other."""


class SignInFailureRow(Base):
    """A failed sign-in, by the e-mail typed (known or not) and the client's address.

    Kept only for the throttling window; not archived (``info["derived"]``).
    """

    __tablename__ = "sign_in_failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL))
    client_address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    __table_args__ = (
        Index("ix_sign_in_failures_email_at", "email", "at"),
        Index("ix_sign_in_failures_client_address_at", "client_address", "at"),
        {"info": {"derived": True}},
    )


class SingleSignOnPendingRow(Base):
    """A single sign-on sent to the provider and not back yet: taken (deleted) when it comes
    back, so a state works once. Only hashes of the state and the browser's cookie are stored.

    Not archived (``info["derived"]``): minutes-long bookkeeping.
    """

    __tablename__ = "sso_pending"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state_hash: Mapped[str] = mapped_column(String(64), unique=True)
    browser_hash: Mapped[str] = mapped_column(String(64))
    nonce: Mapped[str] = mapped_column(String(128))
    code_verifier: Mapped[str] = mapped_column(String(128))
    next_path: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    __table_args__ = ({"info": {"derived": True}},)


class SingleSignOnIdentityRow(Base):
    """An account's identity at an OpenID provider: the (issuer, subject) pair names one person
    there for good, whatever their e-mail becomes."""

    __tablename__ = "sso_identities"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    issuer: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(255))
    linked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (UniqueConstraint("issuer", "subject"),)
