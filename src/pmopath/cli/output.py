"""How the CLI speaks: JSON or Rich, and the one place errors become exit codes.

Exit codes: 0 ok, 1 bad input (files, roles, values), 2 usage error (reported by Typer before
a command runs), 3 an internal error we did not expect (reported without a traceback), 4 not
signed in, sign-in failed or not allowed, 5 throttled (too many failed sign-ins).
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from contextlib import ExitStack
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from pmopath.domain.errors import (
    InvalidDocument,
    NotSignedIn,
    PermissionDenied,
    PmopathError,
    SignInFailed,
    Throttled,
)
from pmopath.services.careers.views import error_view
from pmopath.services.ports.store import Store

EXIT_BAD_INPUT = 1
EXIT_INTERNAL = 3
EXIT_DENIED = 4
EXIT_THROTTLED = 5

P = ParamSpec("P")
R = TypeVar("R")


PIPED_WIDTH = 120


def console() -> Console:
    """Return a console for the current stdout (so test runners capture it).

    Piped output gets a wide, fixed width so tables stay on one line per row.
    """
    width = None if sys.stdout.isatty() else PIPED_WIDTH
    # markup=False: titles, names and paths come from users' files; "[/]" must print as is.
    return Console(file=sys.stdout, markup=False, highlight=False, soft_wrap=False, width=width)


def error_console() -> Console:
    return Console(file=sys.stderr, markup=False, highlight=False, soft_wrap=True)


def emit_json(data: Any) -> None:
    """Write ``data`` as indented JSON to stdout (response models as their documented JSON)."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=_as_json) + "\n")


def _as_json(value: Any) -> Any:
    if hasattr(value, "model_dump"):  # a services response model (``*Public``)
        return value.model_dump(mode="json")
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def exit_code_for(error: BaseException) -> int:
    """Map an error to the CLI's exit code."""
    if isinstance(error, Throttled):
        return EXIT_THROTTLED
    if isinstance(error, SignInFailed | NotSignedIn | PermissionDenied):
        return EXIT_DENIED
    return EXIT_BAD_INPUT if isinstance(error, PmopathError) else EXIT_INTERNAL


def report_error(error: BaseException, *, as_json: bool) -> None:
    """Tell the user what went wrong: JSON on stdout with --json, plain text on stderr else."""
    if as_json and isinstance(error, PmopathError):
        emit_json(error_view(error))
        return
    err = error_console()
    if isinstance(error, InvalidDocument):
        err.print(Text.assemble(("Error: ", "bold red"), str(error)))
        for problem in error.problems:
            err.print(problem.located())
    elif isinstance(error, PmopathError):
        err.print(Text.assemble(("Error: ", "bold red"), str(error)))
    else:
        err.print(
            f"Internal error ({type(error).__name__}): {error}. "
            "This is a bug in PMO Pathways; please report it."
        )


_CLOSING: ContextVar[ExitStack | None] = ContextVar("pmopath_cli_closing", default=None)


def closed_after_command(store: Store) -> Store:
    """Return ``store``, to be closed when the running command ends (however it ends)."""
    stack = _CLOSING.get()
    if stack is None:
        raise RuntimeError("closed_after_command used outside a command")
    stack.callback(store.close)
    return store


def handles_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Wrap a command so that our errors become a message and an exit code, never a traceback.

    Stores opened with ``closed_after_command`` are closed when the command ends.
    """

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with ExitStack() as stack:
            token = _CLOSING.set(stack)
            try:
                return _run(command, *args, **kwargs)
            finally:
                _CLOSING.reset(token)

    return wrapper


def _run(command: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    try:
        return command(*args, **kwargs)
    except (typer.TyperException, typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as error:  # noqa: BLE001 - the one place every error is turned into an exit code
        report_error(error, as_json=bool(kwargs.get("as_json")))
        raise typer.Exit(exit_code_for(error)) from None
