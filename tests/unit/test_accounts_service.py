"""Account use cases on the in-memory fakes: adding, passwords, sign-in, sessions, API tokens."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from pmopath.adapters.passwords import Argon2Hasher
from pmopath.bootstrap.files import default_framework
from pmopath.domain.accounts import Account, ThrottlePolicy
from pmopath.domain.errors import (
    AlreadyExists,
    Conflict,
    InvalidRequest,
    NotFound,
    SignInFailed,
    Throttled,
    WeakPassword,
)
from pmopath.domain.people import AccountRole, Person
from pmopath.services.accounts import checks as credentials
from pmopath.services.accounts.management import (
    add_account,
    change_password,
    list_accounts,
    update_account,
)
from pmopath.services.accounts.sessions import account_for_session, session_for_token, sign_out
from pmopath.services.accounts.sessions import sign_in as accounts_sign_in
from pmopath.services.accounts.tokens import (
    account_for_api_token,
    create_api_token,
    list_api_tokens,
    revoke_api_token,
)
from pmopath.services.ports.store import Store
from tests.support.fake_accounts import FakeCommonPasswords, FakePasswordHasher
from tests.support.fake_ports import FakePorts, fake_store
from tests.support.fakes import FakeState, FakeUnitOfWork

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
PASSWORD = "plum tractor velvet 42"


@pytest.fixture
def state() -> FakeState:
    fake = FakeState()
    fake.people[1] = Person(1, "sam@example.org", "Sam")
    return fake


def uow(state: FakeState) -> FakeUnitOfWork:
    return FakeUnitOfWork(state, NOW)


def store(
    state: FakeState,
    at: datetime = NOW,
    hasher: FakePasswordHasher | Argon2Hasher | None = None,
) -> Store:
    """The accounts' store on the fakes, its clock stopped at ``at``."""
    ports = FakePorts(
        hasher=hasher or FakePasswordHasher(),
        common_passwords=FakeCommonPasswords("password1234"),
    )
    return fake_store(state, default_framework(), at, ports=ports)


def add(
    state: FakeState,
    email: str = "sam@example.org",
    role: str = "member",
    person: str | None = None,
    password: str = PASSWORD,
    hasher: FakePasswordHasher | Argon2Hasher | None = None,
) -> Account:
    return add_account(
        store(state, hasher=hasher),
        email=email,
        role=role,
        person=person,
        password=password,
        actor="cli:test",
    )


def sign_in(
    state: FakeState,
    password: str = PASSWORD,
    *,
    email: str = "sam@example.org",
    at: datetime = NOW,
    client: str = "10.0.0.1",
    hasher: FakePasswordHasher | Argon2Hasher | None = None,
) -> tuple[str, Account]:
    return accounts_sign_in(
        store(state, at, hasher), email=email, password=password, client_address=client
    )


def test_add_account_links_a_person_and_audits_without_secrets(state: FakeState) -> None:
    account = add(state, email=" Sam@Example.org ", role="Manager", person="sam@example.org")
    assert (account.email, account.role, account.person_id) == (
        "sam@example.org",
        AccountRole.MANAGER,
        1,
    )
    [entry] = state.audit
    assert (entry.actor, entry.action, entry.entity_id) == ("cli:test", "account.add", "1")
    assert PASSWORD not in json.dumps(entry.after) and "fake$" not in json.dumps(entry.after)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"email": "not-an-email"}, InvalidRequest),
        ({"role": "owner"}, InvalidRequest),
        ({"password": "short"}, WeakPassword),
        ({"password": "password1234"}, WeakPassword),
        ({"person": "nobody@example.org"}, NotFound),
    ],
)
def test_add_account_refuses_bad_input_and_stores_nothing(
    state: FakeState, kwargs: dict[str, str], error: type[Exception]
) -> None:
    with pytest.raises(error):
        add(state, **kwargs)
    assert state.accounts == {} and state.audit == []


def test_duplicate_email_or_person_is_a_clear_error(state: FakeState) -> None:
    add(state, person="1")
    with pytest.raises(AlreadyExists, match="already an account for 'sam@example.org'"):
        add(state, email="SAM@example.org")
    with pytest.raises(AlreadyExists, match="person"):
        add(state, email="other@example.org", person="sam@example.org")


def test_sign_in_opens_a_session_that_sign_out_ends(state: FakeState) -> None:
    account = add(state)
    token, signed = sign_in(state)
    assert signed == account
    assert account_for_session(store(state), token) == account
    [session] = state.account_sessions.values()
    assert session.token_hash == credentials.token_hash(token) and token not in repr(session)
    sign_out(store(state), token)
    assert account_for_session(store(state), token) is None
    assert [e.action for e in state.audit][-2:] == ["account.sign_in", "account.sign_out"]


def test_wrong_password_and_unknown_email_fail_alike_and_both_hash(state: FakeState) -> None:
    add(state)
    hasher = FakePasswordHasher()
    with pytest.raises(SignInFailed) as wrong_password:
        sign_in(state, "not the password at all", hasher=hasher)
    with pytest.raises(SignInFailed) as unknown:
        sign_in(state, email="nobody@example.org", hasher=hasher)
    assert str(wrong_password.value) == str(unknown.value)
    assert hasher.verified == 2
    assert len(state.sign_in_failures) == 2


def test_five_failures_for_an_account_throttle_even_the_right_password(state: FakeState) -> None:
    add(state)
    for minute in range(5):
        with pytest.raises(SignInFailed):
            sign_in(state, "wrong", at=NOW + timedelta(minutes=minute), client=f"10.0.0.{minute}")
    with pytest.raises(Throttled) as throttled:
        sign_in(state, at=NOW + timedelta(minutes=5), client="10.9.9.9")
    assert throttled.value.retry_after_seconds == 10 * 60  # the first failure leaves at 9:15
    _, account = sign_in(state, at=NOW + timedelta(minutes=15), client="10.9.9.9")
    assert account.email == "sam@example.org"
    assert state.sign_in_failures == []  # success clears the account's count


def test_an_address_waits_only_at_its_much_higher_ceiling(state: FakeState) -> None:
    add(state)
    for n in range(5):  # five colleagues behind one office address each mistype once
        with pytest.raises(SignInFailed):
            sign_in(state, "wrong", email=f"guess{n}@example.org", at=NOW)
    assert sign_in(state, at=NOW + timedelta(seconds=1))[1].id == 1
    for n in range(5, ThrottlePolicy().address_failures):
        with pytest.raises(SignInFailed):
            sign_in(state, "wrong", email=f"guess{n}@example.org", at=NOW)
    with pytest.raises(Throttled):  # one machine guessing across accounts
        sign_in(state, at=NOW + timedelta(seconds=2))
    assert sign_in(state, at=NOW + timedelta(seconds=2), client="10.0.0.2")[1].id == 1


def test_sessions_expire_when_idle_and_after_their_lifetime(state: FakeState) -> None:
    add(state)
    token, _ = sign_in(state)
    assert account_for_session(store(state, NOW + timedelta(hours=7)), token)
    # seen at 7 h, so still alive at 14 h; idle after 15 h
    assert account_for_session(store(state, NOW + timedelta(hours=14)), token)
    assert account_for_session(store(state, NOW + timedelta(hours=23)), token) is None
    token, _ = sign_in(state)
    for hours in range(0, 24 * 7, 6):
        assert account_for_session(store(state, NOW + timedelta(hours=hours)), token)
    assert account_for_session(store(state, NOW + timedelta(days=7)), token) is None


def test_last_seen_is_written_at_most_once_a_minute(state: FakeState) -> None:
    add(state)
    token, _ = sign_in(state)
    account_for_session(store(state, NOW + timedelta(seconds=30)), token)
    assert next(iter(state.account_sessions.values())).last_seen_at == NOW
    account_for_session(store(state, NOW + timedelta(minutes=2)), token)
    assert next(iter(state.account_sessions.values())).last_seen_at == NOW + timedelta(minutes=2)


class BusyOnCommit(FakeUnitOfWork):
    """A database that refuses writes, as SQLite does when another writer holds the lock."""

    def commit(self) -> None:
        raise Conflict("The database is busy with another writer; please retry.")


def test_a_busy_database_postpones_the_touch_and_still_lets_the_session_in(
    state: FakeState,
) -> None:
    add(state)
    token, account = sign_in(state)
    later = NOW + timedelta(minutes=2)
    found = session_for_token(BusyOnCommit(state, later), token, later)
    assert found is not None and found.account == account
    assert state.account_sessions[1].last_seen_at == NOW  # not touched, nothing broken
    before = state.commits
    found = session_for_token(uow(state), token, later)
    assert found is not None and state.account_sessions[1].last_seen_at == later
    assert found.changes == before  # the stamp read with the session, before its touch


def test_disabled_accounts_cannot_sign_in_and_lose_their_sessions(state: FakeState) -> None:
    add(state)
    token, _ = sign_in(state)
    update_account(store(state), "sam@example.org", actor="admin", disabled=True)
    assert account_for_session(store(state), token) is None
    with pytest.raises(SignInFailed):
        sign_in(state)


def test_update_account_changes_role_and_person(state: FakeState) -> None:
    add(state)
    changed = update_account(
        store(state), "1", actor="admin", role="admin", person="sam@example.org"
    ).account
    assert (changed.role, changed.person_id) == (AccountRole.ADMIN, 1)
    assert list_accounts(store(state)) == [changed]
    unlinked = update_account(store(state), "1", actor="a", unlink_person=True).account
    assert unlinked.person_id is None


def test_change_password_checks_the_current_one_and_ends_other_sessions(
    state: FakeState,
) -> None:
    account = add(state)
    hasher = FakePasswordHasher()
    kept, _ = sign_in(state)
    other, _ = sign_in(state)
    new = "quiet harbour lantern 7"

    def change(current: str | None, password: str = new) -> None:
        change_password(
            store(state, hasher=hasher), account_id=account.id or 0, new_password=password,
            actor="sam@example.org", current_password=current, keep_session=kept,
        )  # fmt: skip

    with pytest.raises(SignInFailed):
        change("wrong")
    with pytest.raises(WeakPassword):
        change(PASSWORD, "password1234")
    change(PASSWORD)
    assert account_for_session(store(state), kept)
    assert account_for_session(store(state), other) is None
    assert sign_in(state, new)[1] == account


def test_api_tokens_are_shown_once_stored_hashed_and_revocable(state: FakeState) -> None:
    account = add(state)
    token_id, secret = create_api_token(store(state), account, "laptop")
    assert secret.startswith("pmo_") and len(secret) > 40
    stored = state.api_tokens[token_id]
    assert stored.secret_hash == credentials.token_hash(secret)
    assert account_for_api_token(uow(state), secret, NOW) == account
    assert state.api_tokens[token_id].last_used_at == NOW
    assert account_for_api_token(uow(state), secret + "x", NOW) is None
    revoke_api_token(store(state), account, token_id)
    assert account_for_api_token(uow(state), secret, NOW) is None
    assert [t.label for t in list_api_tokens(store(state), account)] == ["laptop"]
    assert secret not in json.dumps([dict(e.after or {}) for e in state.audit])


def test_only_the_owner_or_an_admin_revokes_a_token(state: FakeState) -> None:
    owner = add(state)
    other = add(state, email="other@example.org")
    admin = add(state, email="admin@example.org", role="admin")
    token_id, secret = create_api_token(store(state), owner, "")
    with pytest.raises(NotFound, match="No API token"):
        revoke_api_token(store(state), other, token_id)
    with pytest.raises(NotFound):
        revoke_api_token(store(state), other, 999)
    assert account_for_api_token(uow(state), secret, NOW) == owner
    revoke_api_token(store(state), admin, token_id)
    assert account_for_api_token(uow(state), secret, NOW) is None


def test_argon2id_hashes_and_rehash_on_sign_in(state: FakeState) -> None:
    cheap = Argon2Hasher(time_cost=1, memory_cost=8, parallelism=1)
    account = add(state, hasher=cheap)
    first = state.accounts[account.id or 0][1]
    assert first.startswith("$argon2id$") and "m=8,t=1,p=1" in first
    stronger = Argon2Hasher(time_cost=2, memory_cost=16, parallelism=1)
    sign_in(state, hasher=stronger)
    second = state.accounts[account.id or 0][1]
    assert second.startswith("$argon2id$") and "m=16,t=2,p=1" in second
    assert stronger.verify(second, PASSWORD) and not stronger.verify(second, PASSWORD + " ")
    assert not cheap.verify("not a hash", PASSWORD)
