"""SQLAlchemy repository for single sign-on: sign-ins under way and linked provider identities."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from pmopath.adapters.db.tables import SingleSignOnIdentityRow, SingleSignOnPendingRow
from pmopath.domain.single_sign_on import LinkedIdentity, PendingSignIn


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class SqlSingleSignOn:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_pending(self, pending: PendingSignIn) -> None:
        self.session.add(
            SingleSignOnPendingRow(
                state_hash=pending.state_hash,
                browser_hash=pending.browser_hash,
                nonce=pending.nonce,
                code_verifier=pending.code_verifier,
                next_path=pending.next_path,
                created_at=pending.created_at,
            )
        )
        self.session.flush()

    def take_pending(self, state_hash: str) -> PendingSignIn | None:
        row = self.session.scalar(
            select(SingleSignOnPendingRow).where(SingleSignOnPendingRow.state_hash == state_hash)
        )
        if row is None:
            return None
        pending = PendingSignIn(
            row.state_hash,
            row.browser_hash,
            row.nonce,
            row.code_verifier,
            row.next_path,
            _utc(row.created_at),
        )
        # the delete decides who took it: a request racing this one deletes nothing
        taken = self.session.execute(
            delete(SingleSignOnPendingRow).where(SingleSignOnPendingRow.id == row.id)
        )
        self.session.expunge(row)
        return pending if getattr(taken, "rowcount", 0) == 1 else None

    def prune_pending(self, before: datetime) -> None:
        self.session.execute(
            delete(SingleSignOnPendingRow).where(SingleSignOnPendingRow.created_at < before)
        )

    def account_for(self, issuer: str, subject: str) -> int | None:
        return self.session.scalar(
            select(SingleSignOnIdentityRow.account_id).where(
                SingleSignOnIdentityRow.issuer == issuer,
                SingleSignOnIdentityRow.subject == subject,
            )
        )

    def link(self, identity: LinkedIdentity) -> None:
        self.session.add(
            SingleSignOnIdentityRow(
                account_id=identity.account_id,
                issuer=identity.issuer,
                subject=identity.subject,
                linked_at=identity.linked_at,
            )
        )
        self.session.flush()

    def unlink(self, account_id: int, issuer: str, subject: str) -> bool:
        removed = self.session.execute(
            delete(SingleSignOnIdentityRow).where(
                SingleSignOnIdentityRow.account_id == account_id,
                SingleSignOnIdentityRow.issuer == issuer,
                SingleSignOnIdentityRow.subject == subject,
            )
        )
        return bool(getattr(removed, "rowcount", 0))

    def identities(self, account_id: int) -> list[LinkedIdentity]:
        rows = self.session.scalars(
            select(SingleSignOnIdentityRow)
            .where(SingleSignOnIdentityRow.account_id == account_id)
            .order_by(SingleSignOnIdentityRow.id)
        )
        return [
            LinkedIdentity(row.account_id, row.issuer, row.subject, _utc(row.linked_at))
            for row in rows
        ]
