"""Single sign-on through an OpenID Connect provider: start it, and finish it into a session.

A sign-in under way is stored server-side (hashes of its state and of the browser's binding
cookie, its nonce and PKCE verifier) and taken as it comes back, so a state works once and only
in the browser that started it. The account is found by the (issuer, subject) pair linked
before, else by a *verified* e-mail (then the pair is linked), else, when allowed, created as a
member. The session is the one password sign-in opens (``sessions.open_session``). Every
outcome, refusals included, is written to the audit log, without a token or a secret."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from pmopath.domain.accounts import Account, email_problem, normalise_email
from pmopath.domain.errors import SingleSignOnFailed, SingleSignOnRefused
from pmopath.domain.people import AccountRole, Person
from pmopath.domain.single_sign_on import (
    PENDING_LIFETIME,
    LinkedIdentity,
    PendingSignIn,
    ProviderIdentity,
    RoleMapping,
)
from pmopath.services.accounts.checks import audit, token_hash
from pmopath.services.accounts.sessions import ADDRESS_MAX, SESSION_LIFETIME, open_session
from pmopath.services.ports.repositories import UnitOfWork
from pmopath.services.ports.single_sign_on import OpenIdProvider
from pmopath.services.ports.store import Store

ACTOR = "sso"
MAX_PARAMETER = 2048
"""Longest state, code or error text taken from the provider's redirect."""

_PROVIDER_ERRORS = {
    "access_denied": "the sign-in was cancelled or refused at the provider",
    "login_required": "you are not signed in at the provider",
    "consent_required": "the provider needs your consent first",
    "interaction_required": "the provider needs you to do something first",
    "temporarily_unavailable": "the sign-in provider is busy; try again in a moment",
    "server_error": "the sign-in provider had a problem",
}


@dataclass(frozen=True, slots=True)
class SingleSignOnPolicy:
    """What a single sign-on may do: create member accounts, and set roles from a claim."""

    create_accounts: bool = False
    roles: RoleMapping = RoleMapping()
    trust_unstated_emails: bool = False
    """Take an e-mail as verified when the token does not say (``email_verified`` absent, as
    from Microsoft Entra ID, whose e-mails the directory owns); an explicit false still refuses."""


@dataclass(frozen=True, slots=True)
class SingleSignOn:
    """A finished single sign-on: the session token (returned once), the account, and where
    to go next."""

    token: str
    account: Account
    next_path: str


def _provider(store: Store) -> OpenIdProvider:
    provider = store.ports.sso
    if provider is None:
        raise SingleSignOnFailed("not_configured", "Single sign-on is not configured here.")
    return provider


def provider_sign_out_url(store: Store, *, post_logout_redirect_uri: str) -> str | None:
    """Where to send a browser signing out of a session begun by single sign-on so that the
    provider's session ends too; None when single sign-on is off, the provider offers no
    sign-out or cannot be reached (the session here is ended either way)."""
    provider = store.ports.sso
    if provider is None:
        return None
    return provider.end_session_url(
        post_logout_redirect_uri=post_logout_redirect_uri, state=secrets.token_urlsafe(16)
    )


def start_single_sign_on(
    store: Store, *, redirect_uri: str, browser_binding: str, next_path: str
) -> str:
    """Store a new sign-in under way and return the provider's URL to send the browser to.

    ``browser_binding`` is the random value of a cookie set on this browser: only a callback
    bringing it back may finish this sign-in. Raises SingleSignOnFailed (not configured, the
    provider unreachable or its metadata wrong)."""
    provider = _provider(store)
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(64)  # 86 characters: RFC 7636 wants 43 to 128
    url = provider.authorization_url(
        redirect_uri=redirect_uri, state=state, nonce=nonce, code_verifier=verifier
    )
    now = store.clock()
    with store.unit_of_work() as uow:
        uow.single_sign_on.prune_pending(now - PENDING_LIFETIME)
        uow.single_sign_on.add_pending(
            PendingSignIn(
                token_hash(state), token_hash(browser_binding), nonce, verifier, next_path, now
            )
        )
        uow.commit()
    return url


def finish_single_sign_on(
    store: Store,
    *,
    state: str | None,
    code: str | None,
    error: str | None,
    browser_binding: str | None,
    redirect_uri: str,
    client_address: str,
    policy: SingleSignOnPolicy = SingleSignOnPolicy(),  # noqa: B008 - frozen, shared safely
    lifetime: timedelta = SESSION_LIFETIME,
) -> SingleSignOn:
    """Finish a single sign-on from the provider's redirect and open a session.

    Raises SingleSignOnFailed (unknown, used, expired or foreign state; the provider's error;
    a code or ID token that does not check out) or SingleSignOnRefused (an unverified e-mail
    with no linked identity, no account and no creating, a disabled account); each is audited
    with its outcome first."""
    client = client_address[:ADDRESS_MAX]
    try:
        provider = _provider(store)
        pending = _take_pending(store, state, browser_binding, error)
        if not code or len(code) > MAX_PARAMETER:
            raise SingleSignOnFailed("no_code", "The sign-in provider sent no sign-in code.")
        identity = provider.identity(
            code=code,
            redirect_uri=redirect_uri,
            code_verifier=pending.code_verifier,
            nonce=pending.nonce,
        )
    except SingleSignOnFailed as failure:
        _audit_refusal(store, failure, client)
        raise
    try:
        token, account = _sign_in(store, identity, policy, lifetime, client)
    except SingleSignOnFailed as failure:
        _audit_refusal(store, failure, client, identity)
        raise
    return SingleSignOn(token, account, pending.next_path)


def _take_pending(
    store: Store, state: str | None, browser_binding: str | None, error: str | None
) -> PendingSignIn:
    """The sign-in under way with ``state``, taken (so never again), checked against the
    browser; or SingleSignOnFailed saying what is wrong (the provider's error first)."""
    pending = None
    now = store.clock()
    if state and len(state) <= MAX_PARAMETER:
        with store.unit_of_work() as uow:
            pending = uow.single_sign_on.take_pending(token_hash(state))
            uow.commit()
    if error:
        words = _PROVIDER_ERRORS.get(error[:100], "the sign-in provider refused the sign-in")
        raise SingleSignOnFailed("provider_error", f"Single sign-on did not work: {words}.")
    if pending is None:
        raise SingleSignOnFailed(
            "unknown_state",
            "This sign-in link is unknown or was already used. Start again from the sign-in page.",
        )
    if browser_binding is None or token_hash(browser_binding) != pending.browser_hash:
        raise SingleSignOnFailed(
            "other_browser",
            "This sign-in was started in another browser (or its cookie is gone). Start again "
            "from the sign-in page, in this browser.",
        )
    if pending.expired(now):
        raise SingleSignOnFailed(
            "expired_state", "This sign-in took too long. Start again from the sign-in page."
        )
    return pending


def _sign_in(
    store: Store,
    identity: ProviderIdentity,
    policy: SingleSignOnPolicy,
    lifetime: timedelta,
    client: str,
) -> tuple[str, Account]:
    now = store.clock()
    with store.unit_of_work() as uow:
        account = _linked_account(uow, identity, policy, now)
        assert account.id is not None
        if account.disabled:
            raise SingleSignOnRefused(
                "disabled", "Your account here is disabled. Ask an administrator about it."
            )
        account = _with_mapped_role(uow, account, identity, policy.roles, now)
        assert account.id is not None
        token, session = open_session(uow, account.id, now, lifetime)
        audit(
            uow,
            now,
            account.email,
            "account.sso_sign_in",
            account.id,
            outcome="signed_in",
            issuer=identity.issuer,
            subject=identity.subject,
            session_id=session.id,
            client_address=client,
        )
        uow.commit()
        return token, account


def _linked_account(
    uow: UnitOfWork, identity: ProviderIdentity, policy: SingleSignOnPolicy, now: datetime
) -> Account:
    """The account the identity is linked to; else the one with its verified e-mail (or a new
    member's, when allowed), linked now. Raises SingleSignOnRefused."""
    account_id = uow.single_sign_on.account_for(identity.issuer, identity.subject)
    found = uow.accounts.by_id(account_id) if account_id is not None else None
    if found is not None:
        return found
    address = _verified_email(identity, policy)
    account = uow.accounts.by_email(address)
    outcome = "linked_by_email"
    if account is None:
        if not policy.create_accounts:
            raise SingleSignOnRefused(
                "no_account",
                f"There is no account here for {address}. Ask an administrator to add one.",
            )
        account = _new_member(uow, identity, address, now)
        outcome = "created"
    assert account.id is not None
    uow.single_sign_on.link(LinkedIdentity(account.id, identity.issuer, identity.subject, now))
    audit(
        uow,
        now,
        ACTOR,
        "account.sso_link",
        account.id,
        outcome=outcome,
        issuer=identity.issuer,
        subject=identity.subject,
        email=address,
    )
    return account


def _verified_email(identity: ProviderIdentity, policy: SingleSignOnPolicy) -> str:
    trusted = identity.email_verified is True or (
        identity.email_verified is None and policy.trust_unstated_emails
    )
    if identity.email is None or not trusted:
        raise SingleSignOnRefused(
            "unverified_email",
            "Your e-mail address is not verified by the sign-in provider, and no account here "
            "is linked to your sign-in yet. Verify your e-mail address with the provider, or "
            "ask an administrator.",
        )
    address = normalise_email(identity.email)
    problem = email_problem(address)
    if problem:
        raise SingleSignOnRefused("unusable_email", f"Single sign-on gave {problem}.")
    return address


def _new_member(
    uow: UnitOfWork, identity: ProviderIdentity, address: str, now: datetime
) -> Account:
    """A member account for ``address`` (no password: it signs in through the provider only),
    linked to the person with that e-mail, or to a new person when there is none."""
    person = uow.people.by_email(address)
    if person is None:
        name = (identity.name or address.partition("@")[0]).strip()[:200]
        person = uow.people.add(Person(None, address, name))
        uow.readiness.refresh()
        audit(uow, now, ACTOR, "person.add", person.id, email=address, name=name)
    assert person.id is not None
    person_id = person.id if uow.accounts.by_person(person.id) is None else None
    account = uow.accounts.add(Account(None, address, AccountRole.MEMBER, person_id, now), "")
    audit(
        uow,
        now,
        ACTOR,
        "account.add",
        account.id,
        email=address,
        role=account.role.value,
        person_id=person_id,
        disabled=False,
    )
    return account


def _with_mapped_role(
    uow: UnitOfWork,
    account: Account,
    identity: ProviderIdentity,
    roles: RoleMapping,
    now: datetime,
) -> Account:
    role = roles.role_for(identity.claims)
    if role is None or role == account.role:
        return account
    changed = replace(account, role=role)
    uow.accounts.update(changed)
    audit(
        uow,
        now,
        ACTOR,
        "account.update",
        account.id,
        before={"role": account.role.value},
        role=role.value,
        claim=roles.claim,
    )
    return changed


def _audit_refusal(
    store: Store,
    failure: SingleSignOnFailed,
    client: str,
    identity: ProviderIdentity | None = None,
) -> None:
    """Record a refused single sign-on (in a transaction of its own: the refused one is
    rolled back)."""
    now = store.clock()
    with store.unit_of_work() as uow:
        audit(
            uow,
            now,
            "anonymous",
            "account.sso_sign_in_failed",
            "unknown",
            outcome=failure.outcome,
            client_address=client,
            issuer=identity.issuer if identity else None,
            subject=identity.subject if identity else None,
        )
        uow.commit()
