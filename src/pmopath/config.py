"""Settings from the environment (prefix PMOPATH_), read once by bootstrap and passed down."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything PMO Pathways can be configured with."""

    model_config = SettingsConfigDict(env_prefix="PMOPATH_", extra="ignore")

    framework: Path | None = None
    """A framework file to use instead of the shipped default (PMOPATH_FRAMEWORK)."""


def read_settings() -> Settings:
    """Read the settings from the environment now (never at import time)."""
    return Settings()
