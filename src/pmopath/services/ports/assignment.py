"""The port to an assignment solver, which mentoring's matching hands its scores to
(services/mentoring/matching.py). The adapter is scipy's ``linear_sum_assignment``
(adapters/assignment.py); bootstrap puts it on the Store."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class AssignmentProblem:
    """Give each row at most one column, each column ``j`` to at most ``capacity[j]`` rows, so
    that the total score is as large as it can be. Only the listed pairs are allowed: row
    ``rows[k]`` with column ``cols[k]`` scores ``scores[k]`` (every score above zero)."""

    row_count: int
    capacity: Sequence[int]
    rows: Sequence[int]
    cols: Sequence[int]
    scores: Sequence[float]


class AssignmentSolver(Protocol):
    def assign(self, problem: AssignmentProblem) -> list[tuple[int, int]]:
        """The (row, column) pairs of a best assignment, by row; rows left without an allowed
        column are left out."""
        ...
