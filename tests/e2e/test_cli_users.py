"""``pmopath users`` through the CLI, on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from pmopath.adapters.db.engine import make_engine
from pmopath.adapters.passwords import Argon2Hasher
from pmopath.bootstrap.container import process_container
from pmopath.bootstrap.database import open_store
from pmopath.cli.main import app
from pmopath.domain.errors import SignInFailed, Throttled
from pmopath.services.accounts.sessions import account_for_session
from pmopath.services.accounts.sessions import sign_in as accounts_sign_in
from pmopath.services.accounts.tokens import account_for_api_token

DATA = Path(__file__).parents[1] / "data"
PASSWORD = "plum tractor velvet 42"
runner = CliRunner()


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> Argon2Hasher:
    """Real argon2id, with parameters that cost microseconds (production uses the defaults)."""
    hasher = Argon2Hasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(process_container(), "hasher", hasher)
    return hasher


def run(db: str, *args: str, password: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--db", db], input=password)
    return result.exit_code, result.stdout, result.stderr


def run_json(db: str, *args: str, password: str | None = None) -> dict:  # type: ignore[type-arg]
    code, out, err = run(db, *args, "--json", password=password)
    assert code == 0, (out, err)
    return json.loads(out)  # type: ignore[no-any-return]


def add(db: str, email: str, *options: str, password: str = PASSWORD + "\n") -> tuple[int, str]:
    code, out, err = run(db, "users", "add", email, *options, "--password-stdin", password=password)
    return code, out + err


@pytest.fixture
def db(database_url: str) -> str:
    code, out, err = run(database_url, "people", "import", str(DATA / "people.csv"))
    assert code == 0, (out, err)
    return database_url


def test_add_the_first_admin_and_list_accounts(db: str) -> None:
    code, out = add(db, "Admin@Example.org", "--role", "admin")
    assert code == 0 and "Added account admin@example.org (admin)." in out
    code, out = add(db, "sam@example.org", "--role", "member", "--person", "sam@example.org")
    assert code == 0 and "linked to Sam Smith" in out
    listed = run_json(db, "users", "list")
    assert listed["count"] == 2
    assert [(a["email"], a["role"]) for a in listed["data"]] == [
        ("admin@example.org", "admin"),
        ("sam@example.org", "member"),
    ]
    code, out, _ = run(db, "users", "list")
    assert code == 0 and "Sam Smith" in out and "admin@example.org" in out


def test_the_stored_password_is_an_argon2id_hash_of_the_whole_line(
    db: str, cheap_hashing: Argon2Hasher
) -> None:
    added = run_json(
        db, "users", "add", "sam@example.org", "--role", "member", "--password-stdin",
        password=" " + PASSWORD + " \r\n",
    )  # fmt: skip
    with open_store(db) as store, store.unit_of_work() as uow:
        stored = uow.accounts.password_hash(added["id"]) or ""
        logged = json.dumps([[e.before, e.after] for e in uow.audit.entries()])
    assert stored.startswith("$argon2id$")
    assert cheap_hashing.verify(stored, " " + PASSWORD + " ")  # spaces kept, line ending not
    assert PASSWORD not in logged and "$argon2" not in logged


@pytest.mark.parametrize(
    ("email", "options", "password", "words"),
    [
        ("sam@example.org", ["--role", "member"], "short\n", "at least 12 characters"),
        ("sam@example.org", ["--role", "member"], "password1234\n", "commonly used"),
        ("sam@example.org", ["--role", "member"], "sam@example.org\n", "e-mail address"),
        ("sam@example.org", ["--role", "owner"], PASSWORD, "unknown account role 'owner'"),
        ("not-an-email", ["--role", "member"], PASSWORD, "not an e-mail address"),
        ("x@example.org", ["--role", "member", "--person", "nobody@example.org"], PASSWORD,
         "No person 'nobody@example.org'"),
    ],
)  # fmt: skip
def test_add_refuses_bad_input_with_a_message_and_exit_1(
    db: str, email: str, options: list[str], password: str, words: str
) -> None:
    code, out = add(db, email, *options, password=password)
    assert code == 1 and words in out and "Traceback" not in out
    assert run_json(db, "users", "list")["count"] == 0


def test_add_refuses_a_duplicate_email_and_a_password_on_the_command_line(db: str) -> None:
    assert add(db, "sam@example.org", "--role", "member")[0] == 0
    code, out = add(db, "SAM@example.org", "--role", "admin")
    assert code == 1 and "There is already an account for 'sam@example.org'" in out
    code, out, err = run(db, "users", "add", "x@example.org", "--role", "member")
    assert code == 1 and "--password-stdin" in err
    json_error = run(db, "users", "add", "sam@example.org", "--role", "member", "--json",
                     "--password-stdin", password="short\n")  # fmt: skip
    assert json_error[0] == 1
    assert json.loads(json_error[1])["error"]["type"] == "WeakPassword"


def test_tokens_are_printed_once_work_and_are_revoked(db: str) -> None:
    add(db, "sam@example.org", "--role", "member")
    code, out, _ = run(db, "users", "token", "sam@example.org", "--label", "laptop")
    assert code == 0 and "shown only this once" in out
    secret = next(word for word in out.split() if word.startswith("pmo_"))
    created = run_json(db, "users", "token", "sam@example.org")
    with open_store(db) as store:
        account = account_for_api_token(store.unit_of_work(), secret, store.clock())
        assert account is not None and account.email == "sam@example.org"
        with store.unit_of_work() as uow:
            logged = json.dumps([[e.before, e.after] for e in uow.audit.entries()])
    assert secret not in logged and created["token"] not in logged
    revoked = run_json(db, "users", "token", "sam@example.org", "--revoke", str(created["id"]))
    assert revoked["revoked"]["id"] == created["id"]
    code, out, _ = run(db, "users", "token", "sam@example.org", "--revoke", "1")
    assert code == 0 and "Revoked API token #1" in out
    with open_store(db) as store:
        assert account_for_api_token(store.unit_of_work(), secret, store.clock()) is None


def test_revoking_someone_elses_token_answers_not_found(db: str) -> None:
    add(db, "sam@example.org", "--role", "member")
    add(db, "admin@example.org", "--role", "admin")
    created = run_json(db, "users", "token", "sam@example.org")
    for who in ("admin@example.org", "nobody@example.org"):
        code, out, err = run(db, "users", "token", who, "--revoke", str(created["id"]))
        assert code == 1 and "No " in err
    code, _, err = run(db, "users", "token", "sam@example.org", "--revoke", "999")
    assert code == 1 and "No API token '999'" in err


def test_throttling_after_five_failures_then_success_after_the_window(
    db: str, cheap_hashing: Argon2Hasher
) -> None:
    add(db, "sam@example.org", "--role", "member")
    start = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
    with open_store(db) as store:

        def sign_in(password: str, at: datetime, client: str = "192.0.2.1") -> str:
            token, _ = accounts_sign_in(
                replace(store, clock=lambda: at), email="sam@example.org",
                password=password, client_address=client,
            )  # fmt: skip
            return token

        for minute in range(5):
            with pytest.raises(SignInFailed):
                sign_in("wrong password!", start + timedelta(minutes=minute))
        with pytest.raises(Throttled) as throttled:
            sign_in(PASSWORD, start + timedelta(minutes=5), client="192.0.2.99")
        assert throttled.value.retry_after_seconds == 600
        token = sign_in(PASSWORD, start + timedelta(minutes=15))
        later = start + timedelta(hours=1)
        assert account_for_session(replace(store, clock=lambda: later), token)


def test_usage_errors_exit_2(db: str) -> None:
    code, _, _ = run(db, "users", "add", "sam@example.org", "--password-stdin")  # no --role
    assert code == 2
    code, _, _ = run(db, "users", "token", "sam@example.org", "--revoke", "zero")
    assert code == 2


def test_person_export_omits_the_hash_and_erasure_scrubs_account_entries(db: str) -> None:
    add(db, "sam@example.org", "--role", "member", "--person", "sam@example.org")
    code, out, err = run(db, "people", "export", "sam@example.org")
    assert code == 0, err
    exported = json.loads(out)
    assert [a["email"] for a in exported["accounts"]] == ["sam@example.org"]
    assert "password_hash" not in exported["accounts"][0] and "$argon2" not in out
    assert "account.add" in [entry["action"] for entry in exported["audit"]]
    code, _, err = run(db, "people", "erase", "sam@example.org", "--yes")
    assert code == 0, err
    with open_store(db) as store, store.unit_of_work() as uow:
        about_accounts = uow.audit.entries(entity="account")
        assert about_accounts and uow.accounts.by_email("sam@example.org") is None
    assert "sam@example.org" not in json.dumps([[e.before, e.after] for e in about_accounts])


def test_backup_keeps_accounts_and_tokens_and_a_restore_signs_everyone_out(
    db: str, tmp_path: Path, cheap_hashing: Argon2Hasher
) -> None:
    add(db, "sam@example.org", "--role", "member")
    secret = run_json(db, "users", "token", "sam@example.org")["token"]
    with open_store(db) as store:
        session, _ = accounts_sign_in(
            store, email="sam@example.org", password=PASSWORD, client_address="192.0.2.1",
        )  # fmt: skip
    archive = str(tmp_path / "org.json")
    assert run(db, "db", "backup", archive)[0] == 0
    assert session not in Path(archive).read_text() and secret not in Path(archive).read_text()
    code, out, err = run(db, "db", "restore", archive, "--force")
    assert code == 0, (out, err)
    with open_store(db) as store:
        assert account_for_session(store, session) is None
        assert account_for_api_token(store.unit_of_work(), secret, store.clock()) is not None
        _, account = accounts_sign_in(
            store, email="sam@example.org", password=PASSWORD, client_address="192.0.2.1",
        )  # fmt: skip
    assert account.email == "sam@example.org"


def test_password_reset_checks_the_policy_and_ends_sessions(
    db: str, cheap_hashing: Argon2Hasher
) -> None:
    add(db, "sam@example.org", "--role", "member")
    with open_store(db) as store:
        session, _ = accounts_sign_in(
            store, email="sam@example.org", password=PASSWORD, client_address="192.0.2.1",
        )  # fmt: skip
    code, _, err = run(db, "users", "password", "sam@example.org", "--password-stdin",
                       password="password1234\n")  # fmt: skip
    assert code == 1 and "commonly used" in err
    code, out, err = run(db, "users", "password", "sam@example.org", "--password-stdin",
                         password="quiet harbour lantern 7\n")  # fmt: skip
    assert code == 0 and "sessions have ended" in out, err
    assert run(db, "users", "password", "nobody@example.org", "--password-stdin",
               password="quiet harbour lantern 7\n")[0] == 1  # fmt: skip
    with open_store(db) as store:
        assert account_for_session(store, session) is None
        with pytest.raises(SignInFailed):
            accounts_sign_in(
                store, email="sam@example.org", password=PASSWORD, client_address="192.0.2.1",
            )  # fmt: skip


NFC = "jos\u00e9@example.org"
NFD = "jose\u0301@example.org"


def test_composed_and_decomposed_forms_are_one_account(db: str) -> None:
    assert add(db, NFC, "--role", "member")[0] == 0
    code, out = add(db, NFD.upper(), "--role", "admin")
    assert code == 1 and f"There is already an account for '{NFC}'" in out
    assert run_json(db, "users", "list")["count"] == 1


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("sa\u200bm@example.org", "invisible character (U+200B)"),
        ("sam\u2060@example.org", "invisible character (U+2060)"),
        ("s\u0430m@example.org", "mixes Cyrillic and Latin letters in the part before the @"),
        ("sam@ex\u0430mple.org", "mixes Cyrillic and Latin letters in the domain's part"),
    ],
    ids=["zero-width space", "word joiner", "cyrillic a in the name", "cyrillic a in the domain"],
)
def test_invisible_and_look_alike_addresses_are_refused(db: str, address: str, words: str) -> None:
    code, out = add(db, address, "--role", "member")
    assert code == 1 and words in out, out
    assert run_json(db, "users", "list")["count"] == 0


def test_an_address_stored_decomposed_still_signs_in(db: str) -> None:
    assert add(db, "stored@example.org", "--role", "member")[0] == 0
    engine = make_engine(db)
    with engine.begin() as connection:  # as an older release stored it: decomposed
        connection.execute(text("UPDATE accounts SET email = :nfd"), {"nfd": NFD})
    engine.dispose()
    with open_store(db) as store, store.unit_of_work() as uow:
        account = uow.accounts.by_email(NFC)
    assert account is not None and account.email == NFD
    with open_store(db) as store:
        _, signed = accounts_sign_in(store, email=NFC, password=PASSWORD, client_address="a")
    assert signed.id == account.id


def test_a_password_reset_revokes_every_api_token_and_says_how_many(db: str) -> None:
    add(db, "sam@example.org", "--role", "member")
    secrets = [run_json(db, "users", "token", "sam@example.org", "--label", n)["token"]
               for n in ("laptop", "ci")]  # fmt: skip
    code, out, err = run(db, "users", "password", "sam@example.org", "--password-stdin",
                         password="quiet harbour lantern 7\n")  # fmt: skip
    assert code == 0 and "2 API tokens revoked" in out, err
    with open_store(db) as store:
        for secret in secrets:
            assert account_for_api_token(store.unit_of_work(), secret, store.clock()) is None
        with store.unit_of_work() as uow:
            actions = [e.action for e in uow.audit.entries()]
    assert "api_token.revoke_all" in actions
    listed = run_json(db, "users", "tokens", "sam@example.org")
    assert listed["count"] == 2 and all(t["revoked_at"] for t in listed["data"])
    code, out, _ = run(db, "users", "tokens", "sam@example.org")
    assert code == 0 and "API tokens of sam@example.org (2)" in out and "laptop" in out
    again = run_json(db, "users", "password", "sam@example.org", "--password-stdin",
                     password="tall window meadow 8\n")  # fmt: skip
    assert again["api_tokens_revoked"] == 0
