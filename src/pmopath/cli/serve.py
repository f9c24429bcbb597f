"""``pmopath serve``: the web application under uvicorn (uvloop and httptools).

uvicorn, FastAPI and the database load when the command runs, not when the CLI starts.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from pmopath.cli.options import DatabaseOption
from pmopath.cli.output import console, handles_errors

MAX_WORKERS = 64


@handles_errors
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, max=MAX_WORKERS, help="Worker processes (share the database).")
    ] = 1,
    db: DatabaseOption = None,
    demo: Annotated[
        bool, typer.Option("--demo", help="Seed a demo organisation into an empty database.")
    ] = False,
) -> None:
    """Run the web application.

    The database is created and migrated on first use.

    \b
    Example:
      pmopath serve --port 8000 --workers 2 --demo
    """
    import uvicorn

    from pmopath.bootstrap.web import prepare_server
    from pmopath.services.demo.organisation import DEMO_PASSWORD

    url, seeded = prepare_server(db, demo=demo, workers=workers)
    out = console()
    out.print(f"PMO Pathways on http://{host}:{port}  (database: {url})")
    if seeded is not None:
        out.print(f"Seeded a demo organisation of {seeded.people} people. Sign in as:")
        for email, role in seeded.accounts:
            out.print(f"  {email:32} {role}")
        out.print(f"Every demo account's password: {DEMO_PASSWORD}")
    elif demo:
        out.print(
            "The database already holds people, so no demo was seeded; demo accounts (if "
            f"this is the demo database) use the password {DEMO_PASSWORD}."
        )
    if db:
        os.environ["PMOPATH_DATABASE_URL"] = db  # the workers read the same settings
    uvicorn.run(
        "pmopath.web.server:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        loop="uvloop",
        http="httptools",
        proxy_headers=False,
        server_header=False,
        log_level="warning",
    )
