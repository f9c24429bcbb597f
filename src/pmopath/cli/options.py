"""Options several commands share, defined once, and the one way a command opens the store."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pmopath.cli.output import close_after_command
from pmopath.domain.framework import Education

if TYPE_CHECKING:
    from pmopath.services.ports.store import Store

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
FrameworkOption = Annotated[
    Path | None,
    typer.Option(
        "--framework",
        help="Framework file (YAML/JSON). Default: $PMOPATH_FRAMEWORK, else the shipped one.",
        dir_okay=False,
    ),
]
AssessmentOption = Annotated[
    Path | None,
    typer.Option("--assessment", "-a", help="Assessment file (YAML/JSON).", dir_okay=False),
]
PersonArgument = Annotated[str, typer.Argument(help="A stored person (e-mail or id).")]
HeldOption = Annotated[
    list[str] | None,
    typer.Option(
        "--held", help="A certification held besides the stored ones (action id; repeatable)."
    ),
]
EducationOption = Annotated[
    Education | None,
    typer.Option(
        "--education", help="Highest education (default: the stored one; unknown: assumed met)."
    ),
]


def stored(db: str | None, framework: Path | None = None) -> Store:
    """The store at ``db`` (created and migrated on first use; ``framework`` is stored if it
    holds none yet), closed when the running command ends."""
    from pmopath.bootstrap.database import open_store

    store = open_store(db, framework)
    close_after_command(store.close)
    return store


def cli_actor() -> str:
    """Who is acting, for the audit log, when the CLI is used."""
    return f"cli:{getpass.getuser()}"
