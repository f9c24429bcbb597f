"""Backup and restore through the CLI: identical round trips, refusals that write nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmopath.cli.main import app
from tests.conftest import PG_URL, _fresh_postgres

DATA = Path(__file__).parents[1] / "data"
runner = CliRunner()


def ok(*args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def populate(db: str, tmp_path: Path) -> None:
    ok("people", "import", str(DATA / "people.csv"), "--db", db)
    levels = tmp_path / "levels.yaml"
    levels.write_text("levels: {data_analysis: 3, performance_reporting: 2}\n", encoding="utf-8")
    ok("people", "assess", "sam@example.org", "--from", str(levels), "--db", db)
    ok("people", "target", "sam@example.org", "PMO Analyst", "--db", db)


def test_backup_restore_backup_is_identical(database_url: str, tmp_path: Path) -> None:
    populate(database_url, tmp_path)
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    counts = ok("db", "backup", str(first), "--db", database_url)["rows"]
    assert counts["people"] == 4 and counts["assessment_levels"] == 2
    restored_db = f"sqlite:///{tmp_path / 'restored.db'}"
    ok("db", "restore", str(first), "--db", restored_db)
    ok("db", "backup", str(second), "--db", restored_db)
    assert first.read_bytes() == second.read_bytes()
    # the restored database goes on working: new rows get new ids
    extra = tmp_path / "extra.csv"
    extra.write_text("email,name\nnew@example.org,New Person\n", encoding="utf-8")
    ok("people", "import", str(extra), "--db", restored_db)
    assert ok("people", "show", "new@example.org", "--db", restored_db)["id"] == 5


@pytest.mark.postgres
@pytest.mark.skipif(PG_URL is None, reason="needs PMOPATH_TEST_DATABASE_URL (CI sets it)")
def test_sqlite_to_postgresql_and_back(tmp_path: Path) -> None:
    sqlite_db = f"sqlite:///{tmp_path / 'a.db'}"
    populate(sqlite_db, tmp_path)
    from_sqlite, from_pg, back = (tmp_path / n for n in ("s.json", "p.json", "b.json"))
    ok("db", "backup", str(from_sqlite), "--db", sqlite_db)
    pg = _fresh_postgres()
    ok("db", "restore", str(from_sqlite), "--db", pg)
    ok("db", "backup", str(from_pg), "--db", pg)
    assert from_sqlite.read_bytes() == from_pg.read_bytes()
    ok("people", "import", str(DATA / "people.csv"), "--db", pg)  # sequences moved on
    ok("db", "restore", str(from_pg), "--db", f"sqlite:///{tmp_path / 'b.db'}")
    ok("db", "backup", str(back), "--db", f"sqlite:///{tmp_path / 'b.db'}")
    assert back.read_bytes() == from_sqlite.read_bytes()


def test_restore_refuses_a_database_with_data(database_url: str, tmp_path: Path) -> None:
    populate(database_url, tmp_path)
    archive = tmp_path / "a.json"
    ok("db", "backup", str(archive), "--db", database_url)
    extra = tmp_path / "extra.csv"
    extra.write_text("email,name\nnew@example.org,New Person\n", encoding="utf-8")
    ok("people", "import", str(extra), "--db", database_url)
    result = runner.invoke(app, ["db", "restore", str(archive), "--db", database_url])
    assert result.exit_code == 1 and "not empty; use --force" in result.stderr
    assert ok("people", "list", "--db", database_url)["count"] == 5
    ok("db", "restore", str(archive), "--force", "--db", database_url)
    assert ok("people", "list", "--db", database_url)["count"] == 4


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda text: text[: len(text) // 2], "unreadable JSON"),
        (lambda text: text.replace('"Sam Smith"', '"Sam Smyth"'), "checksum does not match"),
        (lambda text: text.replace('"pmopath-archive"', '"other"'), "not a PMO Pathways archive"),
        (lambda text: text.replace('"version":1', '"version":99'), "version 99 is not supported"),
        (lambda text: "[]", "not a PMO Pathways archive"),
    ],
)
def test_a_damaged_archive_writes_nothing(
    database_url: str, tmp_path: Path, damage, message: str
) -> None:  # type: ignore[no-untyped-def]
    source_db = f"sqlite:///{tmp_path / 'source.db'}"
    populate(source_db, tmp_path)
    archive = tmp_path / "a.json"
    ok("db", "backup", str(archive), "--db", source_db)
    archive.write_text(damage(archive.read_text(encoding="utf-8")), encoding="utf-8")
    result = runner.invoke(app, ["db", "restore", str(archive), "--db", database_url])
    assert result.exit_code == 1 and message in result.stderr, result.stderr
    assert ok("people", "list", "--db", database_url)["count"] == 0


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("current_levels", "person_id", 999),  # a reference to nobody
        ("people", "manager_id", 999),  # a manager who is not there
        ("assessment_levels", "assessment_id", None),  # a key left empty
    ],
)
def test_rows_that_do_not_hold_together_write_nothing(
    database_url: str, tmp_path: Path, table: str, column: str, value: object
) -> None:
    """References and keys are checked once after loading; a failure still writes nothing."""
    from pmopath.adapters.db.archive import _canonical_hash

    populate(database_url, tmp_path)
    good = tmp_path / "good.json"
    ok("db", "backup", str(good), "--db", database_url)
    document = json.loads(good.read_text(encoding="utf-8"))
    content = document["tables"][table]
    content["rows"][-1][content["columns"].index(column)] = value
    document["sha256"] = _canonical_hash(document["tables"])
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    result = runner.invoke(app, ["db", "restore", str(bad), "--force", "--db", database_url])
    assert result.exit_code == 1 and "do not hold together" in result.stderr, result.stderr
    again = tmp_path / "again.json"
    ok("db", "backup", str(again), "--db", database_url)
    assert again.read_bytes() == good.read_bytes()  # the old data, untouched
    ready = ok("people", "show", "sam@example.org", "--db", database_url)
    assert ready["email"] == "sam@example.org"


def test_a_missing_archive(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["db", "restore", str(tmp_path / "none.json"), "--db", f"sqlite:///{tmp_path / 'x.db'}"],
    )
    assert result.exit_code == 1 and "file not found" in result.stderr
