"""The store through the CLI, on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic import command
from typer.testing import CliRunner

from pmopath.adapters.db.engine import alembic_config, make_engine, upgrade
from pmopath.cli.main import app

DATA = Path(__file__).parents[1] / "data"
runner = CliRunner()


def run(db: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--db", db])
    return result.exit_code, result.stdout, result.stderr


def run_json(db: str, *args: str) -> dict:  # type: ignore[type-arg]
    code, out, err = run(db, *args, "--json")
    assert code == 0, (out, err)
    return json.loads(out)  # type: ignore[no-any-return]


def write_csv(tmp_path: Path, text: str) -> str:
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_models_and_migrations_never_drift(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    try:
        upgrade(engine)
        command.check(alembic_config(engine))  # raises if the models need a new migration
    finally:
        engine.dispose()


def test_db_upgrade_is_idempotent(empty_database_url: str) -> None:
    assert run_json(empty_database_url, "db", "upgrade")["upgraded"] is True
    assert run_json(empty_database_url, "db", "upgrade")["upgraded"] is False


def test_import_then_reimport_updates_without_duplicates(database_url: str, tmp_path: Path) -> None:
    csv = str(DATA / "people.csv")
    dry = run_json(database_url, "people", "import", csv, "--dry-run")
    assert dry["dry_run"] is True and len(dry["created"]) == 4
    assert run_json(database_url, "people", "list")["count"] == 0  # a dry run writes nothing
    first = run_json(database_url, "people", "import", csv)
    assert len(first["created"]) == 4 and first["ignored_columns"] == ["desk"]
    again = run_json(database_url, "people", "import", csv)
    assert again["created"] == [] and len(again["unchanged"]) == 4
    changed = write_csv(
        tmp_path,
        "email,name,current_role,role_since,manager_email,team\n"
        "sam@example.org,Sam Smith,PMO Analyst,2026-06-01,alex@example.org,PMO\n",
    )
    update = run_json(database_url, "people", "import", changed)
    assert update["updated"] == ["sam@example.org"]
    people = run_json(database_url, "people", "list")
    assert people["count"] == 4
    sam = run_json(database_url, "people", "show", "sam@example.org")
    assert sam["role"] == "pmo_analyst" and sam["manager"]["email"] == "alex@example.org"
    assert [(h["role"], h["ended_on"]) for h in sam["history"]] == [
        ("pmo_administrator", "2026-06-01"),
        ("pmo_analyst", None),
    ]


def test_managers_may_come_after_their_reports(database_url: str) -> None:
    run_json(database_url, "people", "import", str(DATA / "people.csv"))
    maria = run_json(database_url, "people", "show", "maria@example.org")
    assert maria["manager"]["email"] == "alex@example.org"  # alex is on a later row


def test_bad_rows_import_nothing_and_are_all_listed(database_url: str, tmp_path: Path) -> None:
    bad = write_csv(
        tmp_path,
        "email,name,current_role,role_since,manager_email,team\n"
        "ok@example.org,Fine Person,PMO Analyst,2024-01-01,,PMO\n"
        "not-an-email,,Astronaut,2025-13-01,nobody@example.org,\n"
        "a@example.org,A,PMO Analyst,2030-01-01,,\n"
        "b@example.org,B,PMO Analsyt,,,\n"
        "b@example.org,B again,,,,\n",
    )
    code, _, err = run(database_url, "people", "import", bad)
    assert code == 1
    lines = err.splitlines()
    assert "nothing was imported" in lines[0]
    expected = [
        f"{bad}:3:1: row 3, email: 'not-an-email' is not an e-mail address",
        f"{bad}:3:1: row 3, name: is empty",
        f"{bad}:3:1: row 3, current_role: Unknown role 'Astronaut'.",
        f"{bad}:3:1: row 3, role_since: '2025-13-01' is not a date as YYYY-MM-DD",
        f"{bad}:4:1: row 4, role_since: 2030-01-01 is in the future",
        f"{bad}:5:1: row 5, current_role: Unknown role 'PMO Analsyt'. Did you mean: PMO Analyst, PMO Tools & Data Analyst, Portfolio Analyst?",
        f"{bad}:6:1: row 6, email: b@example.org is already on row 5",
    ]
    for line in expected:
        assert line in lines, (line, lines)
    assert run_json(database_url, "people", "list")["count"] == 0


def test_a_manager_cycle_is_refused(database_url: str, tmp_path: Path) -> None:
    loop = write_csv(
        tmp_path,
        "email,name,current_role,role_since,manager_email,team\n"
        "a@example.org,A,,,b@example.org,\n"
        "b@example.org,B,,,c@example.org,\n"
        "c@example.org,C,,,a@example.org,\n",
    )
    code, _, err = run(database_url, "people", "import", loop)
    assert code == 1 and "manager chain loops" in err
    assert run_json(database_url, "people", "list")["count"] == 0


def test_a_cycle_through_stored_people_is_refused(database_url: str, tmp_path: Path) -> None:
    run_json(database_url, "people", "import", str(DATA / "people.csv"))  # sam -> maria -> alex
    loop = write_csv(
        tmp_path, "email,name,manager_email\nalex@example.org,Alex Brown,sam@example.org\n"
    )
    code, _, err = run(database_url, "people", "import", loop)
    assert code == 1 and "manager chain loops" in err
    assert run_json(database_url, "people", "show", "alex@example.org")["manager"] is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the file is empty"),
        ("name,team\nSam,PMO\n", "missing column(s): email"),
        ("email,name\na@example.org,A,extra\n", "row 2: 3 values for 2 columns"),
        ('email,name\n"a@example.org,A\n', "row"),
    ],
)
def test_malformed_files(database_url: str, tmp_path: Path, content: str, message: str) -> None:
    code, out, err = run(database_url, "people", "import", write_csv(tmp_path, content))
    assert code == 1 and message in err, (out, err)
    assert "Traceback" not in out + err


def test_not_utf8_and_missing_files(database_url: str, tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("email,name\nzoë@example.org,Zoë\n".encode("latin-1"))
    code, _, err = run(database_url, "people", "import", str(path))
    assert code == 1 and "not UTF-8" in err
    code, _, err = run(database_url, "people", "import", str(tmp_path / "none.csv"))
    assert code == 1 and "file not found" in err


def test_assess_target_and_gap_from_stored_data(database_url: str, tmp_path: Path) -> None:
    run_json(database_url, "people", "import", str(DATA / "people.csv"))
    levels = tmp_path / "sam.yaml"
    levels.write_text(
        "levels: {performance_reporting: 3, information_management: 3, data_analysis: 3}\n",
        encoding="utf-8",
    )
    recorded = run_json(
        database_url,
        "people",
        "assess",
        "sam@example.org",
        "--from",
        str(levels),
        "--source",
        "self",
    )
    assert recorded["source"] == "self" and recorded["levels"]["data_analysis"] == 3
    manager = tmp_path / "by-maria.json"
    manager.write_text('{"levels": {"data_analysis": 2}}', encoding="utf-8")
    run_json(
        database_url,
        "people",
        "assess",
        "sam@example.org",
        "--from",
        str(manager),
        "--source",
        "manager",
        "--assessor",
        "maria@example.org",
    )
    code, _, err = run(database_url, "people", "gap", "sam@example.org")
    assert code == 1 and "no target role yet" in err
    run_json(database_url, "people", "target", "sam@example.org", "PMO Analyst")
    run_json(
        database_url, "people", "target", "sam@example.org", "Project Coordinator", "--secondary"
    )
    shown = run_json(database_url, "people", "show", "sam@example.org")
    assert shown["levels"] == {
        "performance_reporting": 3,
        "information_management": 3,
        "data_analysis": 2,
    }
    assert shown["targets"] == [
        {"role": "pmo_analyst", "primary": True},
        {"role": "project_coordinator", "primary": False},
    ]
    assert shown["assessments"] == 2
    gap = run_json(database_url, "people", "gap", "sam@example.org")
    assert gap["role"] == "pmo_analyst" and 0 < gap["readiness"] < 100
    assert gap["band"]["label"] and gap["certifications"]  # the API's model: with certifications
    code, out, _ = run(database_url, "people", "gap", "sam@example.org")
    assert code == 0 and gap["band"]["label"].lower() in out
    assert "PMO Analyst: certification eligibility" in out
    by_role = run_json(
        database_url, "people", "gap", "sam@example.org", "--role", "project coordinator"
    )
    assert by_role["role"] == "project_coordinator"


def test_unknown_people_and_bad_assessments(database_url: str, tmp_path: Path) -> None:
    run_json(database_url, "people", "import", str(DATA / "people.csv"))
    code, _, err = run(database_url, "people", "show", "nobody@example.org")
    assert code == 1 and "No person 'nobody@example.org'" in err
    levels = tmp_path / "bad.yaml"
    levels.write_text("levels: {data_analysis: 9}\n", encoding="utf-8")
    code, _, err = run(database_url, "people", "assess", "sam@example.org", "--from", str(levels))
    assert code == 1 and f"{levels}:1:25: level 9 is outside the scale (0-5)" in err
    code, _, err = run(database_url, "people", "target", "sam@example.org", "Astronaut")
    assert code == 1 and "Unknown role 'Astronaut'" in err
    assert run_json(database_url, "people", "show", "sam@example.org")["assessments"] == 0


def test_a_bad_database_url_is_bad_input() -> None:
    result = runner.invoke(app, ["people", "list", "--db", "mysql://x@y/z"])
    assert result.exit_code == 1 and "unsupported database" in result.stderr
    result = runner.invoke(app, ["people", "list", "--db", "not a url"])
    assert result.exit_code == 1 and "not a database URL" in result.stderr


def test_sqlite_runs_with_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    from sqlalchemy import text

    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 10_000
    finally:
        engine.dispose()


def test_the_default_database_lives_in_the_user_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from pmopath.config import Settings

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.delenv("PMOPATH_DATABASE_URL", raising=False)
    url = Settings().database()
    assert url == f"sqlite:///{tmp_path / 'pmopath' / 'pmopath.db'}"
    monkeypatch.setenv("PMOPATH_DATABASE_URL", "sqlite:///elsewhere.db")
    assert Settings().database() == "sqlite:///elsewhere.db"
    assert Settings().database("sqlite:///override.db") == "sqlite:///override.db"


@pytest.mark.parametrize("dry_run", [True, False], ids=["dry run", "import"])
def test_a_control_character_in_the_csv_is_a_located_row_error(
    database_url: str, tmp_path: Path, dry_run: bool
) -> None:
    bad = write_csv(
        tmp_path,
        "email,name,team\nok@example.org,Fine Person,PMO\nnul@example.org,Nul\x00Name,PMO\n",
    )
    code, _, err = run(database_url, "people", "import", bad, *(["--dry-run"] if dry_run else []))
    assert code == 1, err
    assert f"{bad}:3:1: row 3, name: contains a control character (U+0000, a NUL)" in err
    assert "Traceback" not in err
    assert run_json(database_url, "people", "list")["count"] == 0


def test_a_column_named_twice_is_refused_by_name(database_url: str, tmp_path: Path) -> None:
    bad = write_csv(tmp_path, "email,name,Email\na@example.org,A,b@example.org\n")
    code, _, err = run(database_url, "people", "import", bad)
    assert code == 1
    assert f"{bad}:1:3: row 1, column 3: the column 'email' appears twice (also column 1)" in err
    assert run_json(database_url, "people", "list")["count"] == 0


def test_a_nul_in_a_users_email_exits_1_with_the_field(database_url: str) -> None:
    result = runner.invoke(
        app,
        ["users", "add", "sam\x00@example.org", "--role", "admin", "--password-stdin",
         "--db", database_url],
        input="plum tractor velvet 42\n",
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "email: contains a control character (U+0000, a NUL)" in result.stderr
    assert run_json(database_url, "users", "list")["count"] == 0


def test_one_address_in_two_unicode_forms_is_one_person(database_url: str, tmp_path: Path) -> None:
    both = write_csv(
        tmp_path, "email,name\njos\u00e9@example.org,Composed\njose\u0301@example.org,Decomposed\n"
    )
    code, _, err = run(database_url, "people", "import", both)
    assert code == 1 and "row 3, email: jos\u00e9@example.org is already on row 2" in err
    one = write_csv(tmp_path, "email,name\nJOSE\u0301@Example.ORG,Decomposed\n")
    assert run_json(database_url, "people", "import", one)["created"] == ["jos\u00e9@example.org"]
    again = write_csv(tmp_path, "email,name\njos\u00e9@example.org,Decomposed\n")
    assert run_json(database_url, "people", "import", again)["unchanged"] == [
        "jos\u00e9@example.org"
    ]
    look_alike = write_csv(tmp_path, "email,name\nj\u043es\u00e9@example.org,Look Alike\n")
    code, _, err = run(database_url, "people", "import", look_alike)
    assert code == 1 and "row 2, email:" in err and "mixes Cyrillic and Latin" in err
