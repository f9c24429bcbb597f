"""Ports for reading what people upload or name on the command line: framework files, rename
mappings and people CSVs, each checked whole with every problem located (file:line, row)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from pmopath.domain.framework import Framework

PeopleRows = list[tuple[int, dict[str, str]]]
"""CSV rows keyed by column, each with its row number in the file (the header is row 1)."""


@dataclass(frozen=True, slots=True)
class FrameworkDocument:
    """A framework read and checked: the framework, its stored form and that form's hash."""

    framework: Framework
    data: Mapping[str, Any]
    content_hash: str


class FileReaders(Protocol):
    def framework(self, text: str, source: str) -> FrameworkDocument:
        """Parse and check framework text (YAML or JSON); raises FrameworkError or
        InvalidDocument listing every problem with its line."""
        ...

    def renames(self, text: str, source: str) -> dict[str, dict[str, str]]:
        """Parse a rename mapping (kind -> old id -> new id); raises InvalidDocument."""
        ...

    def people(self, text: str, source: str) -> tuple[list[str], PeopleRows]:
        """Parse people CSV text into its header (lower-cased) and numbered rows; raises
        RowProblems for malformed rows."""
        ...
