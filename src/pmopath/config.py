"""Settings from the environment (prefix PMOPATH_), read once by bootstrap and passed down."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything PMO Pathways can be configured with."""

    model_config = SettingsConfigDict(env_prefix="PMOPATH_", extra="ignore")

    framework: Path | None = None
    """A framework file to use instead of the shipped default (PMOPATH_FRAMEWORK)."""

    database_url: str | None = None
    """Where people and their records live (PMOPATH_DATABASE_URL); default: a SQLite file."""

    def database(self, override: str | None = None) -> str:
        """The database URL to use: ``override`` (--db), else the setting, else the default."""
        return override or self.database_url or default_database_url()


def default_database_url() -> str:
    """A SQLite file in the user's data folder (platformdirs)."""
    folder = Path(platformdirs.user_data_dir("pmopath", appauthor=False))
    return f"sqlite:///{folder / 'pmopath.db'}"


def read_settings() -> Settings:
    """Read the settings from the environment now (never at import time)."""
    return Settings()
