"""Settings from the environment (prefix PMOPATH_), read once by bootstrap and passed down."""

from __future__ import annotations

from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from pmopath.domain.errors import BadInput

DEVELOPMENT_SECRET_FILE = "secret_key"
"""Where a development server keeps the secret it generated (in the user's data folder)."""


class Settings(BaseSettings):
    """Everything PMO Pathways can be configured with."""

    model_config = SettingsConfigDict(env_prefix="PMOPATH_", extra="ignore")

    framework: Path | None = None
    """A framework file to use instead of the shipped default (PMOPATH_FRAMEWORK)."""

    database_url: str | None = None
    """Where people and their records live (PMOPATH_DATABASE_URL); default: a SQLite file."""

    environment: Literal["development", "production"] = "development"
    """PMOPATH_ENVIRONMENT: production refuses a missing secret, debug, and plain-HTTP cookies."""

    secret_key: SecretStr | None = None
    """PMOPATH_SECRET_KEY: signs CSRF tokens. Development generates one into the data folder."""

    debug: bool = False
    """PMOPATH_DEBUG: never in production."""

    https: bool | None = None
    """PMOPATH_HTTPS: mark cookies Secure (default: on in production, off in development)."""

    smtp_host: str | None = None
    """PMOPATH_SMTP_HOST: the mail server for e-mail digests; no host, no e-mail."""

    smtp_port: int = 587
    """PMOPATH_SMTP_PORT."""

    smtp_user: str | None = None
    """PMOPATH_SMTP_USER: sign in to the mail server as this user (with the password)."""

    smtp_password: SecretStr | None = None
    """PMOPATH_SMTP_PASSWORD: never logged or shown."""

    smtp_from: str = "pmopath@localhost"
    """PMOPATH_SMTP_FROM: the sender of e-mail digests."""

    smtp_starttls: bool = True
    """PMOPATH_SMTP_STARTTLS: upgrade the connection with STARTTLS before signing in."""

    response_cache_mb: int = Field(default=64, ge=0, le=4096)
    """PMOPATH_RESPONSE_CACHE_MB: memory per server process for answers kept until the data
    changes (see pmopath/web/response_cache.py); 0 turns the cache off."""

    session_check_threads: bool | None = None
    """PMOPATH_SESSION_CHECK_THREADS: true hands each request's session check to threads of its
    own (the event loop serves others while the query waits), false makes it on the event loop;
    unset: threads only when the database is on another machine (by its host: a loopback address
    or Unix socket is this machine; set it for a proxy on this machine in front of a remote
    database)."""

    public_url: str = "http://127.0.0.1:8000"
    """PMOPATH_PUBLIC_URL: where people reach the app, for links in e-mails and feeds."""

    trusted_proxies: str = ""
    """PMOPATH_TRUSTED_PROXIES: addresses or networks (CIDR), comma-separated, of the reverse
    proxies in front of the app. Only a request from one of them has its X-Forwarded-For or
    Forwarded header believed for the client's address (sign-in throttling, the audit log);
    default none: the connecting address is the client's."""

    sign_in_address_failures: int = Field(default=100, ge=5, le=100_000)
    """PMOPATH_SIGN_IN_ADDRESS_FAILURES: failed sign-ins from one address, on any accounts,
    within 15 minutes before that address must wait. High, as many people may share an
    office's address; one account is refused after 5 failures whatever the address."""

    @field_validator("trusted_proxies")
    @classmethod
    def _networks_parse(cls, value: str) -> str:
        parse_networks(value)
        return value

    @property
    def trusted_proxy_networks(self) -> tuple[IPv4Network | IPv6Network, ...]:
        return parse_networks(self.trusted_proxies)

    def database(self, override: str | None = None) -> str:
        """The database URL to use: ``override`` (--db), else the setting, else the default."""
        return override or self.database_url or default_database_url()

    @property
    def secure_cookies(self) -> bool:
        return self.https if self.https is not None else self.environment == "production"


def parse_networks(text: str) -> tuple[IPv4Network | IPv6Network, ...]:
    """The networks of a comma-separated list of addresses or CIDRs; ValueError naming a bad
    entry."""
    networks = []
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        try:
            networks.append(ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(f"'{entry}' is not an IP address or network (CIDR)") from None
    return tuple(networks)


def data_folder() -> Path:
    """The user's data folder for PMO Pathways (platformdirs)."""
    return Path(platformdirs.user_data_dir("pmopath", appauthor=False))


def default_database_url() -> str:
    """A SQLite file in the user's data folder (platformdirs)."""
    return f"sqlite:///{data_folder() / 'pmopath.db'}"


def read_settings() -> Settings:
    """Read the settings from the environment now (never at import time).

    Raises BadInput naming each environment variable that holds an unusable value."""
    try:
        return Settings()
    except ValidationError as error:
        problems = "; ".join(
            f"PMOPATH_{str(e['loc'][0]).upper()}: {e['msg']}" for e in error.errors()
        )
        raise BadInput(f"bad setting in the environment: {problems}") from None
