"""Ids no store can hold (2**31 and more on PostgreSQL, 2**63 on SQLite) are "not found" in
the CLI too: its usual message and exit code, never a traceback."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from pmopath.cli.main import app

runner = CliRunner()
TOO_LARGE = (2**31, 2**63, 2**64)
COMMANDS = (
    ("people", "show", "{id}"),
    ("plans", "versions", "{id}"),
    ("plans", "compare", "{id}", "1", "2"),
    ("users", "token", "{id}", "--label", "x"),
    ("users", "token", "admin@example.org", "--revoke", "{id}"),
)


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
def test_an_id_out_of_range_is_not_found(database_url: str, command: tuple[str, ...]) -> None:
    add = runner.invoke(
        app,
        [
            "users",
            "add",
            "admin@example.org",
            "--role",
            "admin",
            "--password-stdin",
            "--db",
            database_url,
        ],
        input="plum tractor velvet 42\n",
    )
    assert add.exit_code == 0, add.stderr
    for value in TOO_LARGE:
        args = [part.format(id=value) for part in command]
        result = runner.invoke(app, [*args, "--db", database_url])
        assert result.exit_code == 1, (args, result.stderr, result.exception)
        assert "No " in result.stderr and str(value) in result.stderr, result.stderr
