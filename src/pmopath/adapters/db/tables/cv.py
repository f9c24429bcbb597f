"""The table of a person's CV choices: what their PMO CV shows (migration 0017)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Text, true
from sqlalchemy.orm import Mapped, mapped_column

from pmopath.adapters.db.tables.base import Base


class CvChoicesRow(Base):
    """One row per person who saved their CV's contents; none: the defaults apply."""

    __tablename__ = "cv_choices"
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    summary: Mapped[str] = mapped_column(Text, default="")
    competencies: Mapped[list[str]] = mapped_column(JSON)
    """Competency ids, in the order chosen."""
    evidence_ids: Mapped[list[int]] = mapped_column(JSON)
    quote_keys: Mapped[list[str]] = mapped_column(JSON)
    """Keys of the feedback quotes chosen (see pmopath.domain.cv.quote_key)."""
    show_levels: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
