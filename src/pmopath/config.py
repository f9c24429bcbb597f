"""Settings from the environment (prefix PMOPATH_), read once by bootstrap and passed down."""

from __future__ import annotations

from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network
from pathlib import Path
from typing import Literal, Self
from urllib.parse import urlsplit

import platformdirs
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from pmopath.domain.errors import BadInput
from pmopath.domain.feedback import MIN_RESPONSES_ALLOWED, FeedbackPolicy

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

    sso_issuer: str | None = None
    """PMOPATH_SSO_ISSUER: the OpenID Connect provider's issuer URL, exactly as its
    /.well-known/openid-configuration says (https; plain http only on this machine). With the
    client id and secret it turns single sign-on on."""

    sso_client_id: str | None = None
    """PMOPATH_SSO_CLIENT_ID: this app's client id at the provider."""

    sso_client_secret: SecretStr | None = None
    """PMOPATH_SSO_CLIENT_SECRET: never logged or shown."""

    sso_scopes: str = "openid email profile"
    """PMOPATH_SSO_SCOPES: the scopes asked for, space-separated; must include openid."""

    sso_name: str = Field(default="single sign-on", min_length=1, max_length=60)
    """PMOPATH_SSO_NAME: the provider's name on the sign-in page ("Sign in with <name>")."""

    sso_create_accounts: bool = False
    """PMOPATH_SSO_CREATE_ACCOUNTS: create a member account (and person) on the first
    single sign-on of a verified e-mail that has no account yet."""

    sso_trust_emails: bool = False
    """PMOPATH_SSO_TRUST_EMAILS: take the provider's e-mail as verified when its ID token does
    not say (no ``email_verified`` claim, as from Microsoft Entra ID); an explicit
    ``email_verified: false`` is still refused. Only for a provider whose e-mails your
    organisation's directory assigns."""

    sso_role_claim: str | None = None
    """PMOPATH_SSO_ROLE_CLAIM: the ID token claim (a list or a string, e.g. ``groups``) whose
    values set the account's role at every single sign-on; unset: roles are kept as they are."""

    sso_admin_values: str = ""
    """PMOPATH_SSO_ADMIN_VALUES: comma-separated values of the role claim that make an admin."""

    sso_manager_values: str = ""
    """PMOPATH_SSO_MANAGER_VALUES: comma-separated values that make a manager (else member)."""

    sso_sign_out: bool = True
    """PMOPATH_SSO_SIGN_OUT: signing out of a session begun by single sign-on also ends the
    session at the provider, when it offers RP-initiated logout (``end_session_endpoint``);
    register ``<public URL>/sign-in`` there as a post-logout redirect URI. false: sign out here
    only (the provider's session goes on, so its button signs straight in again)."""

    password_sign_in: bool = True
    """PMOPATH_PASSWORD_SIGN_IN: false hides the password form and refuses password sign-in
    (only with single sign-on configured); the CLI still works, for recovery."""

    feedback_link_days: int = Field(default=14, ge=1, le=90)
    """PMOPATH_FEEDBACK_LINK_DAYS: how many days a feedback link works before it expires."""

    feedback_min_responses: int = Field(default=3, ge=MIN_RESPONSES_ALLOWED, le=50)
    """PMOPATH_FEEDBACK_MIN_RESPONSES: answers a feedback request needs before they are shown
    (aggregated, unattributed); below it only "n of m answered". At least 2: one answer
    shown alone would say who gave it."""

    feedback_remind_days: int = Field(default=3, ge=1, le=30)
    """PMOPATH_FEEDBACK_REMIND_DAYS: ``pmopath feedback remind`` reminds people whose link
    expires within this many days (once each)."""

    @field_validator("trusted_proxies")
    @classmethod
    def _networks_parse(cls, value: str) -> str:
        parse_networks(value)
        return value

    @field_validator("sso_issuer", "sso_client_id", "sso_role_claim", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("sso_client_secret", mode="before")
    @classmethod
    def _blank_secret_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _single_sign_on_whole(self) -> Self:
        problems = single_sign_on_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def single_sign_on(self) -> bool:
        """Whether single sign-on is configured (issuer, client id and secret all set)."""
        return bool(self.sso_issuer and self.sso_client_id and self.sso_client_secret)

    @property
    def sso_scope_list(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.sso_scopes.split()))

    @property
    def trusted_proxy_networks(self) -> tuple[IPv4Network | IPv6Network, ...]:
        return parse_networks(self.trusted_proxies)

    def database(self, override: str | None = None) -> str:
        """The database URL to use: ``override`` (--db), else the setting, else the default."""
        return override or self.database_url or default_database_url()

    @property
    def feedback_policy(self) -> FeedbackPolicy:
        return FeedbackPolicy(
            link_days=self.feedback_link_days,
            min_responses=self.feedback_min_responses,
            remind_days=self.feedback_remind_days,
        )

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


def single_sign_on_problems(settings: Settings) -> list[str]:
    """What is wrong with the single sign-on settings taken together, naming each variable."""
    given = {
        "PMOPATH_SSO_ISSUER": settings.sso_issuer,
        "PMOPATH_SSO_CLIENT_ID": settings.sso_client_id,
        "PMOPATH_SSO_CLIENT_SECRET": settings.sso_client_secret,
    }
    missing = [name for name, value in given.items() if not value]
    problems = []
    if missing and len(missing) < len(given):
        problems.append(
            f"single sign-on needs {', '.join(missing)} too (set all three, or none to turn it off)"
        )
    if settings.sso_issuer:
        problem = issuer_problem(settings.sso_issuer)
        if problem:
            problems.append(f"PMOPATH_SSO_ISSUER: {problem}")
    if "openid" not in settings.sso_scopes.split():
        problems.append("PMOPATH_SSO_SCOPES must include 'openid'")
    if not settings.password_sign_in and missing:
        problems.append(
            "PMOPATH_PASSWORD_SIGN_IN=false needs single sign-on configured "
            "(PMOPATH_SSO_ISSUER, PMOPATH_SSO_CLIENT_ID and PMOPATH_SSO_CLIENT_SECRET): "
            "else nobody could sign in to the web application"
        )
    mapped = settings.sso_admin_values.strip() or settings.sso_manager_values.strip()
    if mapped and not settings.sso_role_claim:
        problems.append(
            "PMOPATH_SSO_ADMIN_VALUES and PMOPATH_SSO_MANAGER_VALUES need PMOPATH_SSO_ROLE_CLAIM "
            "(the claim they are values of, e.g. groups)"
        )
    return problems


def issuer_problem(issuer: str) -> str | None:
    """Why ``issuer`` cannot be an OpenID issuer URL, or None."""
    parts = urlsplit(issuer)
    if parts.scheme not in {"https", "http"} or not parts.hostname:
        return f"'{issuer}' is not a URL such as https://login.example.org/realms/staff"
    if parts.query or parts.fragment:
        return f"'{issuer}' must not have a query (?) or a fragment (#)"
    if parts.scheme == "http" and not _loopback(parts.hostname):
        return f"'{issuer}' must use https (plain http only for a provider on this machine)"
    return None


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


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
            f"PMOPATH_{str(e['loc'][0]).upper()}: {e['msg']}"
            if e["loc"]
            else str(e["msg"]).removeprefix("Value error, ")
            for e in error.errors()
        )
        raise BadInput(f"bad setting in the environment: {problems}") from None
