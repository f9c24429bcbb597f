"""The key that signs CSRF tokens: a production server refuses to start without a strong one."""

from __future__ import annotations

import math
import os
import secrets
from collections import Counter
from pathlib import Path

from pmopath.config import DEVELOPMENT_SECRET_FILE, Settings, data_folder
from pmopath.domain.errors import PmopathError


class StartupRefused(PmopathError):
    """The server will not start with this configuration (a production safety rule)."""


_WEAK_SECRETS = {"", "secret", "changeme", "change-me", "dev", "development", "default"}
_MIN_SECRET_LENGTH = 32
_MIN_SECRET_BITS = 128
_MIN_DISTINCT = 12
_GENERATE = "'python -c \"import secrets; print(secrets.token_urlsafe(48))\"'"


def web_secret(settings: Settings) -> bytes:
    """The key that signs CSRF tokens: configured, or (development only) generated once.

    Production refuses to start without a strong configured secret, or with debug on.
    """
    configured = settings.secret_key.get_secret_value() if settings.secret_key else ""
    if settings.environment == "production":
        if settings.debug:
            raise StartupRefused("refusing to start in production with PMOPATH_DEBUG on")
        weakness = _secret_weakness(configured)
        if weakness:
            raise StartupRefused(
                f"refusing to start in production: PMOPATH_SECRET_KEY {weakness}. It needs at "
                f"least {_MIN_SECRET_LENGTH} random characters (an estimated {_MIN_SECRET_BITS} "
                f"bits of entropy or more); generate one with {_GENERATE}"
            )
    if configured:
        return configured.encode()
    return _development_secret(data_folder() / DEVELOPMENT_SECRET_FILE)


def _secret_weakness(secret: str) -> str | None:
    """Why ``secret`` is too weak to sign with, in words; None when it looks random enough.

    Length alone lets ``"s" * 32`` through: the estimate is the length times the Shannon
    entropy of its characters' frequencies, and a repeated pattern or a handful of distinct
    characters is refused whatever its length.
    """
    if not secret or secret.lower() in _WEAK_SECRETS:
        return "is missing or a well-known default"
    if len(secret) < _MIN_SECRET_LENGTH:
        return f"has only {len(secret)} characters"
    counts = Counter(secret)
    if len(counts) < _MIN_DISTINCT or secret in (secret + secret)[1:-1]:
        return "repeats a few characters or a pattern"
    per_character = -sum(n / len(secret) * math.log2(n / len(secret)) for n in counts.values())
    if per_character * len(secret) < _MIN_SECRET_BITS:
        return f"holds about {per_character * len(secret):.0f} bits of entropy"
    return None


def _development_secret(path: Path) -> bytes:
    """Read the generated secret; the first process to need it creates it.

    The file is linked into place only if absent, so workers starting together all end up
    with the one secret that won.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        candidate = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
        handle = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(secrets.token_urlsafe(48) + "\n")
        try:
            os.link(candidate, path)
        except FileExistsError:
            pass
        finally:
            candidate.unlink()
    return path.read_text(encoding="utf-8").strip().encode()
