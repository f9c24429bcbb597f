"""Tables of SCIM provisioning: the users (people) and groups (teams) a SCIM client manages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pmopath.adapters.db.tables.base import EMAIL, NAME, Base

SCIM_ID = EMAIL
"""The longest ``userName`` or ``externalId`` kept."""


class ProvisionedUserRow(Base):
    """A person under a SCIM client's management, with the SCIM attributes kept as sent."""

    __tablename__ = "scim_users"
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    user_name: Mapped[str] = mapped_column(String(SCIM_ID), unique=True)
    user_name_key: Mapped[str] = mapped_column(String(2 * SCIM_ID), unique=True)
    """``user_name`` compared as an e-mail is (``domain.accounts.normalise_email``): SCIM's
    userName ignores case, and two users may not share one."""
    external_id: Mapped[str | None] = mapped_column(String(SCIM_ID), index=True)
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ProvisionedGroupRow(Base):
    """A team under a SCIM client's management (its members are the people of the team)."""

    __tablename__ = "scim_groups"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    display_name: Mapped[str] = mapped_column(String(NAME), unique=True)
    external_id: Mapped[str | None] = mapped_column(String(SCIM_ID), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
