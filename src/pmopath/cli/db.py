"""``pmopath db``: the database itself: create and migrate it, back it up and restore it.

Only Typer is imported here: each command imports what it needs when it runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pmopath.cli.options import DatabaseOption, JsonOption
from pmopath.cli.output import console, emit_json, handles_errors

db_app = typer.Typer(name="db", rich_markup_mode=None, no_args_is_help=True)


@db_app.callback()
def database() -> None:
    """The database: upgrade, backup and restore.

    \b
    Example:
      pmopath db backup org.json --db sqlite:///old.db
    """


@db_app.command("upgrade")
@handles_errors
def upgrade(db: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """Create the database or migrate it to the newest schema.

    Safe to run again.

    \b
    Example:
      pmopath db upgrade --db postgresql+psycopg://postgres@127.0.0.1:5432/pmopath
    """
    from pmopath.bootstrap.database import upgrade_database

    url, applied = upgrade_database(db)
    if as_json:
        emit_json({"database": url, "upgraded": applied})
    else:
        console().print(f"{url}: {'upgraded' if applied else 'already up to date'}.")


@db_app.command("backup")
@handles_errors
def backup(
    file: Annotated[Path, typer.Argument(help="Archive to write (JSON).", dir_okay=False)],
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write the whole database to a JSON archive.

    A portable, versioned archive, from SQLite or PostgreSQL.

    \b
    Example:
      pmopath db backup org.json
    """
    from pmopath.bootstrap.database import backup_database

    counts = backup_database(db, file)
    if as_json:
        emit_json({"file": str(file), "rows": counts})
    else:
        console().print(f"Wrote {file}: {sum(counts.values())} rows in {len(counts)} tables.")


@db_app.command("restore")
@handles_errors
def restore(
    file: Annotated[
        Path, typer.Argument(help="Archive written by 'pmopath db backup'.", dir_okay=False)
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Replace everything already in the database.")
    ] = False,
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Restore a JSON archive into the database.

    Into an empty database, or with --force replacing its contents.

    \b
    Example:
      pmopath db restore org.json --db postgresql+psycopg://postgres@127.0.0.1:5432/pmopath
    """
    from pmopath.bootstrap.database import restore_database

    counts = restore_database(db, file, force=force)
    if as_json:
        emit_json({"file": str(file), "rows": counts})
    else:
        console().print(
            f"Restored {sum(counts.values())} rows in {len(counts)} tables from {file}."
        )
