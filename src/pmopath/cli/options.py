"""Options several commands share, defined once."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer

JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
DatabaseOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL. Default: $PMOPATH_DATABASE_URL, else a SQLite file."),
]
StoreFrameworkOption = Annotated[
    Path | None,
    typer.Option(
        "--framework", help="Framework to store if the database has none yet.", dir_okay=False
    ),
]


def cli_actor() -> str:
    """Who is acting, for the audit log, when the CLI is used."""
    return f"cli:{getpass.getuser()}"
