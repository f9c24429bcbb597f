"""Turning pydantic validation errors into plain, located problems."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from pmopath.domain.errors import Problem


def problems_from(exc: ValidationError, prefix: tuple[str | int, ...] = ()) -> list[Problem]:
    """Return one Problem per pydantic error, with a readable message and a document path.

    ``prefix`` is where the validated value sits in its document.
    """
    problems = []
    for error in exc.errors(include_url=False):
        loc = prefix + tuple(part for part in error["loc"] if part != "[key]")
        problems.append(_problem_from_pydantic(error["type"], loc, error["msg"], error["loc"]))
    return problems


def _problem_from_pydantic(
    kind: str, loc: tuple[str | int, ...], message: str, raw_loc: tuple[Any, ...]
) -> Problem:
    where = f" in {_dotted(loc[:-1])}" if len(loc) > 1 else ""
    if kind == "missing":
        return Problem(f"missing required field '{loc[-1]}'{where}", loc[:-1])
    if kind == "extra_forbidden":
        return Problem(f"unknown field '{loc[-1]}'{where}", loc)
    if raw_loc and raw_loc[-1] == "[key]":
        return Problem(f"key '{loc[-1]}' of {_dotted(loc[:-1])}: {message}", loc)
    return Problem(f"{_dotted(loc)}: {message}", loc)


def _dotted(loc: Iterable[str | int]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "document"
