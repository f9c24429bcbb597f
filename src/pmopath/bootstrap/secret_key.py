"""The key that signs CSRF tokens: a production server refuses to start without a strong one."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pmopath.config import DEVELOPMENT_SECRET_FILE, Settings, data_folder
from pmopath.domain.errors import PmopathError


class StartupRefused(PmopathError):
    """The server will not start with this configuration (a production safety rule)."""


_WEAK_SECRETS = {"", "secret", "changeme", "change-me", "dev", "development", "default"}
_MIN_SECRET_LENGTH = 32


def web_secret(settings: Settings) -> bytes:
    """The key that signs CSRF tokens: configured, or (development only) generated once.

    Production refuses to start without a strong configured secret, or with debug on.
    """
    configured = settings.secret_key.get_secret_value() if settings.secret_key else ""
    if settings.environment == "production":
        if settings.debug:
            raise StartupRefused("refusing to start in production with PMOPATH_DEBUG on")
        if configured.lower() in _WEAK_SECRETS or len(configured) < _MIN_SECRET_LENGTH:
            raise StartupRefused(
                "refusing to start in production without a strong PMOPATH_SECRET_KEY "
                f"(at least {_MIN_SECRET_LENGTH} random characters, e.g. from "
                "'python -c \"import secrets; print(secrets.token_urlsafe(48))\"')"
            )
    if configured:
        return configured.encode()
    return _development_secret(data_folder() / DEVELOPMENT_SECRET_FILE)


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
