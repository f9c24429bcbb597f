"""How the CLI speaks: JSON or Rich, and the one place errors become exit codes.

Exit codes: 0 ok, 1 bad input (files, roles, values), 2 usage error (reported by Typer before
a command runs), 3 an internal error we did not expect (reported without a traceback), 4 not
signed in, sign-in failed or not allowed, 5 throttled (too many failed sign-ins).

Rich and the services are imported when first needed, so that ``pmopath --help`` loads neither.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import typer

from pmopath.domain.errors import (
    InvalidDocument,
    NotSignedIn,
    PermissionDenied,
    PmopathError,
    SignInFailed,
    Throttled,
)

if TYPE_CHECKING:
    from rich.console import Console

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
    from rich.console import Console

    width = None if sys.stdout.isatty() else PIPED_WIDTH
    # markup=False: titles, names and paths come from users' files; "[/]" must print as is.
    return Console(file=sys.stdout, markup=False, highlight=False, soft_wrap=False, width=width)


def error_console() -> Console:
    from rich.console import Console

    return Console(file=sys.stderr, markup=False, highlight=False, soft_wrap=True)


def jsonable(value: Any) -> Any:
    """``value`` as plain JSON data: a pydantic model (such as the services' response models)
    dumped as the API sends it (JSON types, field aliases), anything else unchanged."""
    dump = getattr(value, "model_dump", None)
    return dump(mode="json", by_alias=True) if callable(dump) else value


def _encode(value: Any) -> Any:
    """``json.dumps``'s hook for what it cannot encode itself: models anywhere in the data."""
    if callable(getattr(value, "model_dump", None)):
        return jsonable(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def emit_json(data: Any) -> None:
    """Write ``data`` (plain data, pydantic models, or plain data holding models) as indented
    JSON to stdout."""
    text = json.dumps(jsonable(data), indent=2, ensure_ascii=False, default=_encode)
    sys.stdout.write(text + "\n")


def show_lines(data: Any, lines: Iterable[str], *, as_json: bool) -> None:
    """``data`` as JSON with --json, else ``lines`` for a person at a terminal."""
    if as_json:
        emit_json(data)
        return
    out = console()
    for line in lines:
        out.print(line)


def write_file(path: Path, content: bytes, what: str, *, as_json: bool) -> None:
    """Write ``content`` (a document the command made) to ``path`` and say so."""
    path.write_bytes(content)
    if as_json:
        emit_json({"file": str(path), "bytes": len(content)})
    else:
        console().print(f"Wrote {what} to {path} ({len(content) // 1024 + 1} KiB).")


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
        from pmopath.services.careers.views import error_view

        emit_json(error_view(error))
        return
    from rich.text import Text

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


def close_after_command(close: Callable[[], object]) -> None:
    """Call ``close`` when the running command ends (however it ends)."""
    stack = _CLOSING.get()
    if stack is None:
        raise RuntimeError("close_after_command used outside a command")
    stack.callback(close)


def handles_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Wrap a command so that our errors become a message and an exit code, never a traceback.

    What the command registered with ``close_after_command`` (the store it opened) is closed
    when it ends.
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
