"""Reading the people CSV: header, rows with their row numbers, and file-level problems."""

from __future__ import annotations

import csv
from pathlib import Path

from pmopath.domain.errors import Problem, RowProblems
from pmopath.domain.text import unusable_character

MAX_BYTES = 100 * 1024 * 1024
MAX_FIELD = 4000

Rows = list[tuple[int, dict[str, str]]]


def read_people_csv(path: Path) -> tuple[list[str], Rows]:
    """Return the header (lower-cased) and every row keyed by column, numbered as in the file.

    The header is row 1. Raises RowProblems for an unreadable file or malformed rows.
    """
    source = str(path)

    def fail(message: str, row: int = 1) -> RowProblems:
        return RowProblems(source, [Problem(message, ("row", row), source, row, 1)])

    try:
        if path.stat().st_size > MAX_BYTES:
            raise fail(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise fail("file not found") from None
    except IsADirectoryError:
        raise fail("is a directory, not a file") from None
    except UnicodeDecodeError as error:
        raise fail(f"not UTF-8 text (byte {error.start})") from None
    return _rows(text.splitlines(keepends=True), source)


def parse_people_csv(text: str, source: str) -> tuple[list[str], Rows]:
    """Return the header and numbered rows of CSV text; raises RowProblems like the file reader."""
    return _rows(text.removeprefix("\ufeff").splitlines(keepends=True), source)


def _rows(lines: list[str], source: str) -> tuple[list[str], Rows]:
    reader = csv.reader(lines, strict=True)
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise RowProblems(source, [Problem("the file is empty", (), source, 1, 1)]) from None
    except csv.Error as error:
        problem = Problem(f"unreadable header: {error}", (), source, 1, 1)
        raise RowProblems(source, [problem]) from None
    problems = _header_problems(header, source)
    if problems:
        raise RowProblems(source, problems)
    rows: Rows = []
    try:
        for values in reader:
            number = reader.line_num
            wrong = _shape_problem(values, len(header))
            if wrong:
                problems.append(
                    Problem(f"row {number}: {wrong}", ("row", number), source, number, 1)
                )
            elif any(v.strip() for v in values):
                problems += _text_problems(header, values, number, source)
                rows.append((number, dict(zip(header, values, strict=True))))
    except csv.Error as error:  # the rest of the file cannot be read reliably
        problems.append(Problem(f"row {reader.line_num}: {error}", (), source, reader.line_num, 1))
    if problems:
        raise RowProblems(source, problems)
    return header, rows


def _header_problems(header: list[str], source: str) -> list[Problem]:
    """A column named twice (which value would count?) or a name no text may hold."""
    problems = []
    seen: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        found = unusable_character(name, lines=False)
        if found is not None:
            message = f"row 1, column {position}: the name holds {found}, which cannot be stored"
            problems.append(Problem(message, ("row", 1), source, 1, position))
        elif name and name in seen:
            message = (
                f"row 1, column {position}: the column '{name}' appears twice (also column "
                f"{seen[name]}); keep one of them"
            )
            problems.append(Problem(message, ("row", 1, name), source, 1, position))
        seen.setdefault(name, position)
    return problems


def _text_problems(header: list[str], values: list[str], number: int, source: str) -> list[Problem]:
    """A value holding a control character (a NUL, an escape): nothing of the row is stored."""
    problems = []
    for name, value in zip(header, values, strict=True):
        found = unusable_character(value, lines=True)
        if found is not None:
            message = (
                f"row {number}, {name}: contains a control character ({found}) that cannot "
                "be stored; remove it"
            )
            problems.append(Problem(message, ("row", number, name), source, number, 1))
    return problems


def _shape_problem(values: list[str], columns: int) -> str | None:
    if not any(v.strip() for v in values):
        return None  # a blank line
    if len(values) != columns:
        return f"{len(values)} values for {columns} columns"
    if any(len(v) > MAX_FIELD for v in values):
        return f"a value is longer than {MAX_FIELD} characters"
    return None
