"""Start-up: what ``pmopath --help`` and ``pmopath roles`` load, in a fresh interpreter each, and
the settings they skip."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmopath.bootstrap import files
from pmopath.cli.main import app
from pmopath.config import Settings

SMALL = str(Path(__file__).parents[1] / "data" / "small_framework.yaml")
HEAVY = {
    "alembic",
    "fastapi",
    "igraph",
    "jinja2",
    "networkx",
    "numpy",
    "psycopg",
    "pydantic_settings",
    "scipy",
    "sqlalchemy",
    "starlette",
    "uvicorn",
    "weasyprint",
    "yaml",
}
"""Libraries no command that only shows the shipped framework needs."""
GROUP_MODULES = {f"pmopath.cli.{group}" for group in ("roles", "people", "plans", "users", "db")}
GROUP_MODULES |= {"pmopath.cli.framework"}

PROBE = """
import json, sys
from pmopath.cli.main import app
try:
    app(sys.argv[1:], prog_name="pmopath")
except SystemExit:
    pass
sys.stderr.write("\\nLOADED " + json.dumps(sorted(sys.modules)) + "\\n")
"""


def loaded_by(args: list[str], cache: Path) -> set[str]:
    """The modules a fresh interpreter holds after running ``pmopath ARGS``, with no PMOPATH_
    setting and ``cache`` as the user's cache folder."""
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PMOPATH_")}
    env["XDG_CACHE_HOME"] = str(cache)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stderr.splitlines() if x.startswith("LOADED "))
    return set(json.loads(line.removeprefix("LOADED ")))


def _roots(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_help_loads_no_heavy_library_service_or_adapter(tmp_path: Path) -> None:
    loaded = loaded_by(["--help"], tmp_path)
    assert _roots(loaded) & (HEAVY | {"pydantic", "rich"}) == set()
    ours = {name for name in loaded if name.startswith("pmopath.")}
    assert {n for n in ours if n.split(".")[1] in {"cli", "domain"}} == ours, sorted(ours)
    assert not ours & GROUP_MODULES  # the groups are listed by their summaries


@pytest.mark.parametrize("group", ["roles", "people", "plans", "users", "framework", "db"])
def test_a_groups_help_loads_no_heavy_library_either(group: str, tmp_path: Path) -> None:
    loaded = loaded_by([group, "--help"], tmp_path)
    assert _roots(loaded) & (HEAVY | {"rich"}) == set()  # Typer checks its options with pydantic
    assert not {name for name in loaded if name.startswith(("pmopath.services", "pmopath.boot"))}


def test_roles_reads_the_shipped_framework_from_the_cache_without_parsers_or_database(
    tmp_path: Path,
) -> None:
    first = loaded_by(["roles"], tmp_path)
    assert "yaml" in first  # the first time, the shipped file is parsed and validated in full
    assert list((tmp_path / "pmopath").glob("default-framework-*.pickle"))
    again = loaded_by(["roles"], tmp_path)
    assert _roots(again) & HEAVY == set()
    assert "pmopath.config" not in again and "pmopath.bootstrap.database" not in again
    assert again & GROUP_MODULES == {"pmopath.cli.roles"}  # no other group is built
    assert "rich.table" in again  # it did draw the table


def test_roles_honours_pmopath_framework(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMOPATH_FRAMEWORK", SMALL)
    result = CliRunner().invoke(app, ["roles", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["count"] == 5


def test_roles_reads_settings_when_one_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMOPATH_RESPONSE_CACHE_MB", "-1")
    result = CliRunner().invoke(app, ["roles"])
    assert result.exit_code == 1 and "PMOPATH_RESPONSE_CACHE_MB" in result.stderr


def test_settings_come_only_from_prefixed_environment_variables() -> None:
    """``configured_framework`` skips the settings when no PMOPATH_ variable is set: right only
    while every setting comes from such a variable and from no file."""
    config = Settings.model_config
    assert config.get("env_prefix") == files.SETTINGS_PREFIX
    assert config.get("env_file") is None and config.get("secrets_dir") is None
    assert not config.get("case_sensitive", False)
