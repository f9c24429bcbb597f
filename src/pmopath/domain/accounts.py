"""Accounts that sign in, their sessions and API tokens, and the password policy."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from pmopath.domain.people import AccountRole

PASSWORD_MIN = 12
PASSWORD_MAX = 1024
"""A limit against abuse (hashing megabytes), never a truncation: the whole password is hashed."""

EMAIL_MAX = 254
LINK_ATTEMPTS_KEY = "feedback-link"
"""Refused uses of feedback links are filed in the failed sign-ins log under this key (never an
e-mail address); sign-in's per-address ceiling does not count them, so people answering
feedback cannot lock their office out of signing in."""
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True, slots=True)
class Account:
    """Someone who may sign in, with the permissions of ``role`` over ``person_id``'s records."""

    id: int | None
    email: str
    role: AccountRole
    person_id: int | None
    created_at: datetime
    disabled: bool = False


@dataclass(frozen=True, slots=True)
class AccountSession:
    """A server-side sign-in session; only a hash of its token is ever stored."""

    id: int | None
    account_id: int
    token_hash: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    """The absolute end of the session, however active it is."""
    revoked_at: datetime | None = None

    def alive(self, now: datetime, idle: timedelta) -> bool:
        """True while not revoked, not past its absolute expiry and not idle for ``idle``."""
        return self.revoked_at is None and now < self.expires_at and now < self.last_seen_at + idle


class TokenScope(StrEnum):
    """Where a bearer token works: the JSON API, or only SCIM provisioning (``/scim/v2``)."""

    API = "api"
    SCIM = "scim"


@dataclass(frozen=True, slots=True)
class ApiToken:
    """A bearer token for the API (or, with the SCIM scope, for provisioning only); its secret
    is shown once and stored only as a hash."""

    id: int | None
    account_id: int
    label: str
    secret_hash: str
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None
    scope: TokenScope = TokenScope.API


def normalise_email(email: str) -> str:
    """The e-mail as stored and compared: trimmed, composed (Unicode NFC, so an accented
    letter typed as one character or as a letter and an accent is the same address),
    lower-case."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", email.strip()).lower())


def email_forms(email: str) -> tuple[str, ...]:
    """The forms a normalised ``email`` may have been stored under: itself and, for addresses
    stored before they were composed, its decomposed (NFD) form."""
    decomposed = unicodedata.normalize("NFD", email)
    return (email,) if decomposed == email else (email, decomposed)


def email_problem(email: str) -> str | None:
    """Why ``email`` (already normalised) cannot name an account or person, or None."""
    if len(email) > EMAIL_MAX:
        return f"an e-mail address has at most {EMAIL_MAX} characters"
    invisible = next((c for c in email if unicodedata.category(c) in _INVISIBLE), None)
    if invisible is not None:
        return (
            f"'{email.encode('ascii', 'backslashreplace').decode()}' holds an invisible "
            f"character (U+{ord(invisible):04X}); type the address again without it"
        )
    if not _EMAIL.match(email):
        return f"'{email}' is not an e-mail address"
    local, _, domain = email.rpartition("@")
    parts = [(local, "the part before the @")]
    parts += [(label, f"the domain's part '{label}'") for label in domain.split(".")]
    for part, words in parts:
        scripts = _scripts(part)
        if len(scripts) > 1:
            return (
                f"'{email}' mixes {' and '.join(s.title() for s in sorted(scripts))} letters in "
                f"{words}, as look-alike addresses do; write it in one alphabet"
            )
    return None


_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})
"""Control, format (zero-width space, joiners, marks of direction), surrogate, private-use and
unassigned characters, and separators: nothing in an address anyone types."""
_EAST_ASIAN = frozenset({"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO"})


def _scripts(text: str) -> set[str]:
    """The scripts of ``text``'s letters that may not share an address part: Latin with Han,
    kana or Hangul is usual (as in Unicode's "highly restrictive" profile, UTS #39); Latin
    with Cyrillic or Greek is how look-alike addresses are made."""
    scripts = {
        unicodedata.name(c, "UNKNOWN").split()[0] for c in text if c.isalpha() and not c.isascii()
    }
    scripts |= {"LATIN"} if any(c.isascii() and c.isalpha() for c in text) else set()
    if scripts & _EAST_ASIAN and scripts - _EAST_ASIAN <= {"LATIN"}:
        return {"CJK"}
    return scripts


def _never_common(_: str) -> bool:
    return False


def password_problems(
    password: str, email: str, *, is_common: Callable[[str], bool] = _never_common
) -> list[str]:
    """What is wrong with ``password`` for the account ``email``, in words; empty when fine.

    ``is_common`` says whether a password is on a list of commonly used ones (an adapter
    supplies it; the domain reads no files).
    """
    if len(password) < PASSWORD_MIN:
        return [
            f"A password needs at least {PASSWORD_MIN} characters; this one has "
            f"{len(password)}. A few unrelated words make a long one easy to remember."
        ]
    if len(password) > PASSWORD_MAX:
        return [f"A password may have at most {PASSWORD_MAX} characters."]
    problems: list[str] = []
    folded = password.strip().casefold()
    address = normalise_email(email)
    if folded in {address.casefold(), address.partition("@")[0].casefold()}:
        problems.append("A password must not be your e-mail address or the part before the @.")
    if password.strip() == "" or len(set(password)) < 3:
        problems.append("A password needs more than one or two different characters.")
    if is_common(password) or (password != folded and is_common(folded)):
        problems.append(
            "This password is on a list of commonly used passwords, which attackers try "
            "first. Choose another."
        )
    return problems


@dataclass(frozen=True, slots=True)
class ThrottlePolicy:
    """Refuse sign-in after ``failures`` failed attempts in ``window`` on one account (from
    anywhere, or from one address), or ``address_failures`` from one address on any accounts.

    The address ceiling is far higher: many people share an office's address, and one of them
    mistyping must not lock the others out; it stops one machine guessing across accounts."""

    failures: int = 5
    window: timedelta = timedelta(minutes=15)
    address_failures: int = 100

    def retry_after(
        self, failed_at: Sequence[datetime], now: datetime, limit: int | None = None
    ) -> int | None:
        """Seconds until fewer than ``limit`` (default ``failures``) of ``failed_at`` are inside
        the window; None when sign-in may be tried now."""
        limit = self.failures if limit is None else limit
        counted = sorted(at for at in failed_at if now - self.window < at <= now)
        if len(counted) < limit:
            return None
        # the attempt that must leave the window for the count to drop below the limit
        leaving = counted[len(counted) - limit]
        return max(1, math.ceil((leaving + self.window - now).total_seconds()))


@dataclass(frozen=True, slots=True)
class SignedIn:
    """What the session check reads in one go."""

    session: AccountSession
    account: Account
    changes: int
    """The store's change stamp: grows with every write to what pages show."""
    unread: int
    """The account's person's unread notifications (0 without a person)."""
    name: str | None = None
    """The account's person's name, for the nav (None without a person)."""
