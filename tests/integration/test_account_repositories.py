"""The account repositories' contract, on the in-memory fakes and the real databases alike."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from pmopath.adapters.db.engine import make_engine, upgrade
from pmopath.adapters.db.session_check import SqlSessionCheck
from pmopath.adapters.db.unit_of_work import SqlUnitOfWork
from pmopath.adapters.passwords import Argon2Hasher
from pmopath.domain.accounts import (
    LINK_ATTEMPTS_KEY,
    Account,
    AccountSession,
    ApiToken,
    TokenScope,
)
from pmopath.domain.people import AccountRole, Person
from pmopath.services.accounts.checks import token_hash
from pmopath.services.accounts.management import add_account
from pmopath.services.accounts.sessions import account_for_session, sign_in, sign_out
from pmopath.services.accounts.tokens import (
    account_for_api_token,
    checked_bearer,
    create_api_token,
    revoke_api_token,
)
from pmopath.services.ports.repositories import UnitOfWork
from tests.conftest import DATABASES, PG_URL, _fresh_postgres, migrated_database
from tests.support.databases import drop_other_connections
from tests.support.fake_accounts import FakeCommonPasswords
from tests.support.fake_ports import FakePorts, store_on
from tests.support.fakes import FakeState, FakeUnitOfWork

HOUR = timedelta(hours=1)
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)


@pytest.fixture(params=[pytest.param("fake", id="fake"), *DATABASES])
def new_uow(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], UnitOfWork]:
    if request.param == "fake":
        state = FakeState()
        return lambda: FakeUnitOfWork(state, NOW)
    url = migrated_database(request.getfixturevalue("database_templates"), request.param, tmp_path)
    engine = make_engine(url)
    upgrade(engine)
    request.addfinalizer(engine.dispose)
    return lambda: SqlUnitOfWork(engine, lambda: NOW)


def _account(uow: UnitOfWork, email: str = "sam@example.org", person: int | None = None) -> int:
    account = uow.accounts.add(Account(None, email, AccountRole.MEMBER, person, NOW), "hash-1")
    assert account.id is not None
    return account.id


def test_accounts_round_trip(new_uow: Callable[[], UnitOfWork]) -> None:
    with new_uow() as uow:
        sam = uow.people.add(Person(None, "sam@example.org", "Sam"))
        account_id = _account(uow, "Sam@Example.org", sam.id)
        _account(uow, "alex@example.org")
        uow.readiness.refresh()
        uow.commit()
    with new_uow() as uow:
        account = uow.accounts.by_email("SAM@example.org")
        assert account == Account(account_id, "sam@example.org", AccountRole.MEMBER, sam.id, NOW)
        assert uow.accounts.by_id(account_id) == account
        assert uow.accounts.by_person(sam.id or 0) == account
        assert uow.accounts.by_email("nobody@example.org") is None
        assert [a.email for a in uow.accounts.everyone()] == ["alex@example.org", "sam@example.org"]
        assert uow.accounts.password_hash(account_id) == "hash-1"
        uow.accounts.update(Account(account_id, "x@y.z", AccountRole.ADMIN, None, NOW, True))
        uow.accounts.set_password_hash(account_id, "hash-2")
        uow.commit()
    with new_uow() as uow:
        changed = uow.accounts.by_id(account_id)
        assert changed == Account(account_id, "sam@example.org", AccountRole.ADMIN, None, NOW, True)
        assert uow.accounts.password_hash(account_id) == "hash-2"


def test_the_session_check_reads_the_persons_name_for_the_nav(
    new_uow: Callable[[], UnitOfWork],
) -> None:
    """Every page shows the signed-in person's name: read with the session, not on its own."""
    with new_uow() as uow:
        sam = uow.people.add(Person(None, "sam@example.org", "Sam Smith"))
        linked = _account(uow, "sam@example.org", sam.id)
        unlinked = _account(uow, "admin@example.org")
        for account_id, token in ((linked, "a"), (unlinked, "b")):
            uow.account_sessions.add(
                AccountSession(None, account_id, token * 64, NOW, NOW, NOW + timedelta(days=7))
            )
        uow.readiness.refresh()
        uow.commit()
    with new_uow() as uow:
        mine = uow.account_sessions.signed_in("a" * 64)
        theirs = uow.account_sessions.signed_in("b" * 64)
    assert mine is not None and mine.name == "Sam Smith"
    assert theirs is not None and theirs.name is None


def test_sessions_round_trip_touch_and_revoke(new_uow: Callable[[], UnitOfWork]) -> None:
    with new_uow() as uow:
        account_id = _account(uow)
        one = uow.account_sessions.add(
            AccountSession(None, account_id, "a" * 64, NOW, NOW, NOW + timedelta(days=7))
        )
        two = uow.account_sessions.add(
            AccountSession(None, account_id, "b" * 64, NOW, NOW, NOW + timedelta(days=7))
        )
        three = uow.account_sessions.add(
            AccountSession(None, account_id, "c" * 64, NOW, NOW, NOW + timedelta(days=7))
        )
        uow.commit()
    assert one.id and two.id and three.id
    with new_uow() as uow:
        assert uow.account_sessions.by_token_hash("a" * 64) == one
        assert uow.account_sessions.by_token_hash("d" * 64) is None
        found = uow.account_sessions.signed_in("a" * 64)
        assert found is not None and found.session == one
        assert found.account == uow.accounts.by_id(account_id)
        assert found.changes > 0 and found.unread == 0
        assert uow.account_sessions.signed_in("d" * 64) is None
        uow.account_sessions.touch(one.id, LATER)
        uow.account_sessions.revoke(two.id, LATER)
        uow.commit()
    with new_uow() as uow:
        assert uow.account_sessions.by_token_hash("a" * 64).last_seen_at == LATER  # type: ignore[union-attr]
        assert uow.account_sessions.by_token_hash("b" * 64).revoked_at == LATER  # type: ignore[union-attr]
        revoked = uow.account_sessions.signed_in("b" * 64)  # read from the driver's own types
        assert revoked is not None and revoked.session.revoked_at == LATER
        assert revoked.session == uow.account_sessions.by_token_hash("b" * 64)
        assert uow.account_sessions.revoke_all(account_id, LATER, keep=one.id) == 1
        uow.commit()
    with new_uow() as uow:
        assert uow.account_sessions.by_token_hash("a" * 64).revoked_at is None  # type: ignore[union-attr]
        assert uow.account_sessions.by_token_hash("c" * 64).revoked_at == LATER  # type: ignore[union-attr]


def test_api_tokens_round_trip(new_uow: Callable[[], UnitOfWork]) -> None:
    with new_uow() as uow:
        account_id = _account(uow)
        other_id = _account(uow, "alex@example.org")
        token = uow.api_tokens.add(ApiToken(None, account_id, "laptop", "e" * 64, NOW))
        uow.api_tokens.add(ApiToken(None, other_id, "", "f" * 64, NOW))
        uow.commit()
    assert token.id is not None
    with new_uow() as uow:
        assert uow.api_tokens.by_id(token.id) == token
        found = uow.api_tokens.bearer("e" * 64)
        assert found is not None and found[0] == token
        assert uow.api_tokens.bearer("0" * 64) is None
        assert uow.api_tokens.for_account(account_id) == [token]
        uow.api_tokens.touch(token.id, LATER)
        uow.api_tokens.revoke(token.id, LATER)
        uow.commit()
    with new_uow() as uow:
        stored = uow.api_tokens.by_id(token.id)
        assert stored is not None and (stored.last_used_at, stored.revoked_at) == (LATER, LATER)


def test_sign_in_failures_by_email_and_address(new_uow: Callable[[], UnitOfWork]) -> None:
    with new_uow() as uow:
        for minutes, email, address in [
            (0, "sam@example.org", "10.0.0.1"),
            (5, "SAM@example.org", "10.0.0.2"),
            (10, "alex@example.org", "10.0.0.1"),
            (20, "sam@example.org", "10.0.0.1"),
            (25, LINK_ATTEMPTS_KEY, "10.0.0.1"),  # a refused feedback link: not a sign-in
        ]:
            uow.sign_in_failures.add(email, address, NOW + timedelta(minutes=minutes))
        uow.commit()
    with new_uow() as uow:
        since = NOW + timedelta(minutes=1)
        assert uow.sign_in_failures.for_email("sam@example.org", since) == [
            NOW + timedelta(minutes=5),
            NOW + timedelta(minutes=20),
        ]
        assert uow.sign_in_failures.for_address("10.0.0.1", NOW - timedelta(minutes=1)) == [
            NOW,
            NOW + timedelta(minutes=10),
            NOW + timedelta(minutes=20),
        ]
        assert uow.sign_in_failures.for_email_from(LINK_ATTEMPTS_KEY, "10.0.0.1", NOW) == [
            NOW + timedelta(minutes=25)
        ]
        uow.sign_in_failures.prune(NOW + timedelta(minutes=5))
        uow.sign_in_failures.clear_email("alex@example.org")
        uow.commit()
    with new_uow() as uow:
        assert uow.sign_in_failures.for_address("10.0.0.1", NOW - timedelta(days=1)) == [
            NOW + timedelta(minutes=20)
        ]
        assert uow.sign_in_failures.for_email("sam@example.org", NOW - timedelta(days=1)) == [
            NOW + timedelta(minutes=20)
        ]


def test_the_whole_sign_in_journey_on_each_store(new_uow: Callable[[], UnitOfWork]) -> None:
    ports = FakePorts(
        hasher=Argon2Hasher(time_cost=1, memory_cost=8, parallelism=1),
        common_passwords=FakeCommonPasswords(),
    )
    store, later = store_on(new_uow, NOW, ports=ports), store_on(new_uow, NOW + HOUR, ports=ports)
    account = add_account(
        store, email="sam@example.org", role="member", person=None,
        password="plum tractor velvet 42", actor="cli:test",
    )  # fmt: skip
    token, signed = sign_in(
        store, email="sam@example.org", password="plum tractor velvet 42",
        client_address="127.0.0.1",
    )  # fmt: skip
    assert signed == account
    assert account_for_session(later, token) == account
    sign_out(later, token)
    assert account_for_session(later, token) is None
    token_id, secret = create_api_token(store, account, "ci")
    assert account_for_api_token(new_uow(), secret, NOW) == account
    revoke_api_token(store, account, token_id)
    assert account_for_api_token(new_uow(), secret, NOW) is None
    with new_uow() as uow:
        assert (uow.accounts.password_hash(account.id or 0) or "").startswith("$argon2id$")
        logged = repr([(e.before, e.after) for e in uow.audit.entries(entity="account")])
        logged += repr([(e.before, e.after) for e in uow.audit.entries(entity="api_token")])
    assert "plum tractor" not in logged and "$argon2" not in logged
    assert token not in logged and secret not in logged


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="needs PMOPATH_TEST_DATABASE_URL (CI sets it)")
def test_the_session_check_outlives_a_database_restart() -> None:
    """Its engine pings no connection before use: a pooled connection the server has dropped
    (as on a restart) is replaced, and the check and the touch still answer."""
    url = _fresh_postgres()
    setup = make_engine(url)
    upgrade(setup)
    with SqlUnitOfWork(setup, lambda: NOW) as uow:
        account_id = _account(uow)
        session = uow.account_sessions.add(
            AccountSession(None, account_id, "a" * 64, NOW, NOW, NOW + timedelta(days=7))
        )
        uow.commit()
    assert session.id is not None
    checks = make_engine(url, connections=1, autocommit=True)
    try:
        with SqlSessionCheck(checks) as check:
            assert check.account_sessions.signed_in("a" * 64) is not None
        assert drop_other_connections(setup) >= 1
        with SqlSessionCheck(checks) as check:
            found = check.account_sessions.signed_in("a" * 64)
            assert found is not None and found.session.id == session.id
        assert drop_other_connections(setup) >= 1
        with SqlSessionCheck(checks) as check:
            check.account_sessions.touch(session.id, LATER)
        with SqlUnitOfWork(setup, lambda: NOW) as uow:
            touched = uow.account_sessions.by_token_hash("a" * 64)
            assert touched is not None and touched.last_seen_at == LATER
    finally:
        checks.dispose()
        setup.dispose()


@pytest.mark.parametrize("database", DATABASES)
def test_the_session_check_reads_the_same_through_sqlalchemy_when_the_driver_fails(
    database: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The check reads from the driver's cursor; when that fails it reads again through
    SQLAlchemy (whose errors tell a dead connection), with the same answer."""
    from pmopath.adapters.db import session_check

    url = migrated_database(request.getfixturevalue("database_templates"), database, tmp_path)
    engine = make_engine(url)
    checks = make_engine(url, connections=1, autocommit=True)
    try:
        with SqlUnitOfWork(engine, lambda: NOW) as uow:
            account_id = _account(uow)
            added = uow.account_sessions.add(
                AccountSession(None, account_id, "a" * 64, NOW, NOW, NOW + timedelta(days=7))
            )
            assert added.id is not None
            uow.account_sessions.revoke(added.id, LATER)
            uow.api_tokens.add(
                ApiToken(None, account_id, "ci", token_hash("token"), NOW, None, None)
            )
            uow.commit()
        with checks.connect() as connection:  # the driver's own reading answers (no fallback)
            signed_in = session_check._SIGNED_IN
            assert session_check._driver_row(connection, signed_in, "a" * 64) is not None
            assert session_check._driver_row(connection, signed_in, "b" * 64) is None
        with SqlSessionCheck(checks) as check:
            from_driver = check.account_sessions.signed_in("a" * 64)
            bearer_from_driver = check.api_tokens.bearer(token_hash("token"))

        def failing(*args: object) -> None:
            raise RuntimeError("the driver failed")

        monkeypatch.setattr(session_check, "_driver_row", failing)
        with SqlSessionCheck(checks) as check:
            from_sqlalchemy = check.account_sessions.signed_in("a" * 64)
            bearer_from_sqlalchemy = check.api_tokens.bearer(token_hash("token"))
        assert from_driver is not None and from_driver.session.revoked_at == LATER
        assert from_driver == from_sqlalchemy
        assert bearer_from_driver is not None and bearer_from_driver[0].label == "ci"
        assert bearer_from_driver == bearer_from_sqlalchemy
    finally:
        checks.dispose()
        engine.dispose()


@pytest.mark.parametrize("database", DATABASES)
def test_the_session_check_answers_bearer_tokens_as_a_unit_of_work_does(
    database: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Every API request checks its token on the session check's unit (one statement, from the
    driver's cursor), with the same answers as a unit of work; its touch never waits."""
    url = migrated_database(request.getfixturevalue("database_templates"), database, tmp_path)
    engine = make_engine(url)
    checks = make_engine(url, connections=1, autocommit=True)
    try:
        with SqlUnitOfWork(engine, lambda: NOW) as uow:
            account_id = _account(uow)
            live = uow.api_tokens.add(
                ApiToken(None, account_id, "ci", token_hash("live"), NOW, None, None)
            )
            uow.api_tokens.add(
                ApiToken(None, account_id, "old", token_hash("revoked"), NOW, None, NOW)
            )
            uow.api_tokens.add(
                ApiToken(None, account_id, "dir", token_hash("scim"), NOW, None, None,
                         TokenScope.SCIM)
            )  # fmt: skip
            uow.commit()
        first = checked_bearer(SqlSessionCheck(checks), "live", NOW)  # touches the token
        assert first is not None and first[0].last_used_at is None  # as it was read
        answers = {}
        for secret in ("live", "revoked", "scim", "unknown"):
            by_check = checked_bearer(SqlSessionCheck(checks), secret, NOW)
            by_unit = checked_bearer(SqlUnitOfWork(engine, lambda: NOW), secret, NOW)
            assert by_check == by_unit
            answers[secret] = by_check
        assert answers["live"] is not None and answers["live"][1].id == account_id
        assert answers["revoked"] is None and answers["scim"] is None
        assert answers["unknown"] is None
        scim = checked_bearer(SqlSessionCheck(checks), "scim", NOW, TokenScope.SCIM)
        assert scim is not None and scim[0].label == "dir"
        with SqlUnitOfWork(engine, lambda: NOW) as uow:
            touched = uow.api_tokens.by_id(live.id or 0)
        assert touched is not None and touched.last_used_at == NOW
        with engine.connect() as writer:  # another transaction is writing
            writer.execute(
                text("UPDATE api_tokens SET label = 'busy' WHERE id = :id"), {"id": live.id}
            )
            if database == "postgresql":  # and holds every slot of the change stamp
                writer.execute(text("SELECT id FROM change_stamp FOR UPDATE"))
            answers = []
            check = threading.Thread(
                target=lambda: answers.append(
                    checked_bearer(SqlSessionCheck(checks), "live", LATER)
                )
            )
            check.start()
            check.join(timeout=5)  # SQLite's busy timeout is 10 s; PostgreSQL would wait on
            finished = not check.is_alive()
            writer.rollback()  # (lets a check that waited finish)
            check.join()
        assert finished, "the touch waited for the other writer"
        again = answers[0]
        assert again is not None and again[1].id == account_id
        with SqlUnitOfWork(engine, lambda: NOW) as uow:
            kept = uow.api_tokens.by_id(live.id or 0)
        assert kept is not None and kept.last_used_at == NOW  # left for a later request
    finally:
        checks.dispose()
        engine.dispose()
