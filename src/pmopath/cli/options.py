"""Options several commands share, defined once."""

from __future__ import annotations

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
