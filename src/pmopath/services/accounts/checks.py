"""What account use cases share: checking e-mails, roles and passwords, hashing tokens, auditing.

Nothing here stores or records a secret: only hashes of tokens, and audit entries without them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime

from pmopath.domain.accounts import PASSWORD_MAX, email_problem, normalise_email, password_problems
from pmopath.domain.errors import InvalidRequest, WeakPassword
from pmopath.domain.people import AccountRole, AuditEntry
from pmopath.domain.text import usable_text
from pmopath.services.ports.repositories import UnitOfWork
from pmopath.services.ports.security import CommonPasswords, PasswordHasher


def token_hash(token: str) -> str:
    """The SHA-256 of a session token or API secret: what is stored in its place.

    The tokens are 256 random bits, so a fast hash is as safe as a slow one here.
    """
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def parse_role(role: str | AccountRole) -> AccountRole:
    """The account role named ``role``; raises InvalidRequest listing the roles."""
    try:
        return AccountRole(str(role).strip().lower())
    except ValueError:
        names = ", ".join(r.value for r in AccountRole)
        raise InvalidRequest(f"unknown account role '{role}': use one of {names}") from None


def valid_email(email: str) -> str:
    """The e-mail normalised; raises InvalidRequest saying what is wrong with it."""
    address = normalise_email(usable_text("email", email, lines=False))
    problem = email_problem(address)
    if problem:
        raise InvalidRequest(problem)
    return address


def check_password(common: CommonPasswords, password: str, email: str) -> None:
    """Raise WeakPassword listing every way ``password`` breaks the policy."""
    problems = password_problems(password, email, is_common=common.is_common)
    if problems:
        raise WeakPassword(problems)


def audit(
    uow: UnitOfWork,
    now: datetime,
    actor: str,
    action: str,
    entity_id: object,
    before: Mapping[str, object] | None = None,
    **after: object,
) -> None:
    """Record ``action`` (``entity.verb``) with ``after``: never a password, hash or secret."""
    entity = action.partition(".")[0]
    uow.audit.record(AuditEntry(now, actor, action, entity, str(entity_id), before, after or None))


def verified(hasher: PasswordHasher, stored: str, password: str) -> bool:
    """Whether ``password`` matches ``stored``; as slow when there is no hash (no account)."""
    if not stored or len(password) > PASSWORD_MAX:
        hasher.waste_time(password[:PASSWORD_MAX])
        return False
    return hasher.verify(stored, password)
