"""Ports for passwords: slow salted hashing, and the list of commonly used passwords."""

from __future__ import annotations

from typing import Protocol


class PasswordHasher(Protocol):
    """Slow, salted password hashing (argon2id in production)."""

    def hash(self, password: str) -> str: ...
    def verify(self, password_hash: str, password: str) -> bool: ...
    def needs_rehash(self, password_hash: str) -> bool: ...
    def waste_time(self, password: str) -> None:
        """Take as long as ``verify`` does, for an account that does not exist."""
        ...


class CommonPasswords(Protocol):
    def is_common(self, password: str) -> bool: ...
