"""``pmopath serve --workers N`` on PostgreSQL refuses at once, saying why, when the server has
no room for every worker's pooled connections (otherwise a worker refused one fails to start,
and uvicorn stops the server with no reason a user could act on)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import uvicorn
from typer.testing import CliRunner

from pmopath.adapters.db.engine import make_engine, spare_connections
from pmopath.bootstrap import web
from pmopath.bootstrap.web import WEB_CONNECTIONS_PER_WORKER
from pmopath.cli import serve
from pmopath.cli.main import app as cli_app
from tests.conftest import PG_URL, _fresh_postgres


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What uvicorn was asked to run (nothing is started)."""
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: calls.append(k))
    return calls


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="needs PMOPATH_TEST_DATABASE_URL (CI sets it)")
def test_too_many_workers_for_the_servers_connections_are_refused(
    started: list[dict[str, Any]],
) -> None:
    url = _fresh_postgres()
    engine = make_engine(url)
    spare = spare_connections(engine)
    engine.dispose()
    assert spare is not None and 0 < spare < serve.MAX_WORKERS * 12
    result = CliRunner().invoke(cli_app, ["serve", "--db", url, "--workers", "64"])
    assert result.exit_code == 1, result.output
    assert "64 workers keep 768 PostgreSQL connections open" in " ".join(result.output.split())
    assert "max_connections" in result.output and "Traceback" not in result.output
    assert started == []
    result = CliRunner().invoke(cli_app, ["serve", "--db", url, "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert [call["workers"] for call in started] == [1]


def test_sqlite_has_no_connection_limit_to_check(
    started: list[dict[str, Any]], tmp_path: Path
) -> None:
    assert WEB_CONNECTIONS_PER_WORKER == 12
    url = f"sqlite:///{tmp_path / 'x.db'}"
    assert spare_connections(make_engine(url)) is None
    result = CliRunner().invoke(cli_app, ["serve", "--db", url, "--workers", "64"])
    assert result.exit_code == 0, result.output
    assert [call["workers"] for call in started] == [64]


@pytest.mark.parametrize(("spare", "workers", "refused"), [(24, 2, False), (23, 2, True)])
def test_workers_fit_when_each_has_its_twelve_connections(
    spare: int,
    workers: int,
    refused: bool,
    started: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(web, "spare_connections", lambda engine: spare)
    url = f"sqlite:///{tmp_path / 'x.db'}"
    result = CliRunner().invoke(cli_app, ["serve", "--db", url, "--workers", str(workers)])
    assert result.exit_code == (1 if refused else 0), result.output
    assert len(started) == (0 if refused else 1)
    if refused:
        assert f"the server takes only {spare} more" in " ".join(result.output.split())


def test_the_served_app_uses_the_database_given_with_db(
    started: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With one worker uvicorn calls the app factory in the command's own process, after the
    command has read its settings: the app must still serve the --db database (it served the
    default one once), with the demo the command seeded there."""
    monkeypatch.setenv("PMOPATH_DATABASE_URL", "")  # serve sets it; restored after the test
    monkeypatch.setenv("PMOPATH_SECRET_KEY", "serve-test-secret-" + "s" * 40)
    chosen = f"sqlite:///{tmp_path / 'chosen.db'}"
    result = CliRunner().invoke(cli_app, ["serve", "--db", chosen, "--demo"])
    assert result.exit_code == 0, result.output
    assert [call["workers"] for call in started] == [1]
    from pmopath.web.server import app_from_environment

    runtime = app_from_environment().state.runtime
    try:
        assert runtime.engine.url.database == str(tmp_path / "chosen.db")
        with runtime.unit_of_work() as uow:
            assert len(uow.people.everyone()) == 12
    finally:
        runtime.close()
