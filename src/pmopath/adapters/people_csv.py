"""Reading the people CSV: header, rows with their row numbers, and file-level problems."""

from __future__ import annotations

import csv
from pathlib import Path

from pmopath.domain.errors import Problem, RowProblems

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
    rows: Rows = []
    problems: list[Problem] = []
    try:
        for values in reader:
            number = reader.line_num
            wrong = _shape_problem(values, len(header))
            if wrong:
                problems.append(
                    Problem(f"row {number}: {wrong}", ("row", number), source, number, 1)
                )
            elif any(v.strip() for v in values):
                rows.append((number, dict(zip(header, values, strict=True))))
    except csv.Error as error:  # the rest of the file cannot be read reliably
        problems.append(Problem(f"row {reader.line_num}: {error}", (), source, reader.line_num, 1))
    if problems:
        raise RowProblems(source, problems)
    return header, rows


def _shape_problem(values: list[str], columns: int) -> str | None:
    if not any(v.strip() for v in values):
        return None  # a blank line
    if len(values) != columns:
        return f"{len(values)} values for {columns} columns"
    if any(len(v) > MAX_FIELD for v in values):
        return f"a value is longer than {MAX_FIELD} characters"
    return None
