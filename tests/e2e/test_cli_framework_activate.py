"""Changing the active framework: the change is shown, and stored data is never orphaned."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import yaml
from typer.testing import CliRunner

from pmopath.cli.main import app

DATA = Path(__file__).parents[1] / "data"
runner = CliRunner()


def ok(*args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def renamed_framework(tmp_path: Path) -> Path:
    """The shipped framework with PMO Administrator renamed and data analysis split off."""
    text = resources.files("pmopath.data").joinpath("default_framework.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    data["version"] = "2027.1"
    for role in data["roles"]:
        if role["id"] == "pmo_administrator":
            role["id"] = "pmo_admin"
    for transition in data["transitions"]:
        for end in ("from", "to"):
            if transition[end] == "pmo_administrator":
                transition[end] = "pmo_admin"
    for action in data["actions"]:
        action["suits"] = [
            "pmo_admin" if r == "pmo_administrator" else r for r in action.get("suits", [])
        ]
        for option in action.get("prerequisites", []):
            for need in option.get("experience", []):
                need["roles"] = [
                    "pmo_admin" if r == "pmo_administrator" else r for r in need.get("roles", [])
                ]
    path = tmp_path / "next.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def seed(db: str, tmp_path: Path) -> None:
    ok("people", "import", str(DATA / "people.csv"), "--db", db)
    ok("people", "target", "priya@example.org", "PMO Administrator", "--db", db)


def test_orphaning_change_is_refused_and_changes_nothing(database_url: str, tmp_path: Path) -> None:
    seed(database_url, tmp_path)
    result = runner.invoke(
        app, ["framework", "activate", str(renamed_framework(tmp_path)), "--db", database_url]
    )
    assert result.exit_code == 1
    assert "use role 'pmo_administrator', which the new framework removes" in result.stderr
    assert "roles: {pmo_administrator: NEW_ID}" in result.stderr
    assert (
        ok("people", "show", "sam@example.org", "--db", database_url)["role"] == "pmo_administrator"
    )


def test_a_mapping_moves_stored_data(database_url: str, tmp_path: Path) -> None:
    seed(database_url, tmp_path)
    new = renamed_framework(tmp_path)
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("roles: {pmo_administrator: pmo_admin}\n", encoding="utf-8")
    dry = ok(
        "framework",
        "activate",
        str(new),
        "--mapping",
        str(mapping),
        "--dry-run",
        "--db",
        database_url,
    )
    assert dry["activated"] is False and dry["renamed"]["role"] == {
        "pmo_administrator": "pmo_admin"
    }
    assert (
        ok("people", "show", "sam@example.org", "--db", database_url)["role"] == "pmo_administrator"
    )
    done = ok("framework", "activate", str(new), "--mapping", str(mapping), "--db", database_url)
    assert (
        done["activated"] is True and done["added"]["role"] == [] and done["removed"]["role"] == []
    )
    sam = ok("people", "show", "sam@example.org", "--db", database_url)
    assert sam["role"] == "pmo_admin" and sam["history"][0]["role"] == "pmo_admin"
    priya = ok("people", "show", "priya@example.org", "--db", database_url)
    assert priya["targets"] == [{"role": "pmo_admin", "primary": True}]
    assert ok("people", "gap", "priya@example.org", "--db", database_url)["role"] == "pmo_admin"


def test_a_wrong_mapping_is_refused(database_url: str, tmp_path: Path) -> None:
    seed(database_url, tmp_path)
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("roles: {pmo_administrator: nowhere}\n", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "framework",
            "activate",
            str(renamed_framework(tmp_path)),
            "--mapping",
            str(mapping),
            "--db",
            database_url,
        ],
    )
    assert result.exit_code == 1 and "sends role 'pmo_administrator' to 'nowhere'" in result.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("people: {a: b}\n", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "framework",
            "activate",
            str(renamed_framework(tmp_path)),
            "--mapping",
            str(bad),
            "--db",
            database_url,
        ],
    )
    assert result.exit_code == 1 and f"{bad}:1:9: unknown field 'people'" in result.stderr
    assert "problem in the mapping file" in result.stderr


def test_activating_the_same_framework_changes_nothing(database_url: str, tmp_path: Path) -> None:
    seed(database_url, tmp_path)
    shipped = resources.files("pmopath.data").joinpath("default_framework.yaml")
    same = ok("framework", "activate", str(shipped), "--db", database_url)
    assert all(not ids for ids in same["added"].values()) and all(
        not ids for ids in same["removed"].values()
    )


def test_the_change_is_shown_in_words(database_url: str, tmp_path: Path) -> None:
    seed(database_url, tmp_path)
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("roles: {pmo_administrator: pmo_admin}\n", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "framework",
            "activate",
            str(renamed_framework(tmp_path)),
            "--mapping",
            str(mapping),
            "--dry-run",
            "--db",
            database_url,
        ],
    )
    assert result.exit_code == 0
    assert "Roles: 0 added, 0 removed, 1 renamed" in result.stdout
    assert "pmo_administrator → pmo_admin" in result.stdout
    assert "Competencies: 0 added, 0 removed, 0 renamed" in result.stdout
    assert "Dry run: nothing was changed." in result.stdout
