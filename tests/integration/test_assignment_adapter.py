"""The assignment port on scipy's linear_sum_assignment: best totals, places per column, only
allowed pairs, and refused scores."""

from __future__ import annotations

import itertools

import pytest

from pmopath.adapters.assignment import ScipyAssignment
from pmopath.services.ports.assignment import AssignmentProblem

SOLVER = ScipyAssignment()


def _total(problem: AssignmentProblem, pairs: list[tuple[int, int]]) -> float:
    score = {(r, c): s for r, c, s in zip(problem.rows, problem.cols, problem.scores, strict=True)}
    return sum(score[pair] for pair in pairs)


def _brute_force(problem: AssignmentProblem) -> float:
    """The best total over every way of giving each row a column or none."""
    allowed = {
        (r, c): s for r, c, s in zip(problem.rows, problem.cols, problem.scores, strict=True)
    }
    choices = [[None, *range(len(problem.capacity))] for _ in range(problem.row_count)]
    best = 0.0
    for picked in itertools.product(*choices):
        used = [sum(1 for p in picked if p == col) for col in range(len(problem.capacity))]
        if any(u > cap for u, cap in zip(used, problem.capacity, strict=True)):
            continue
        if any(p is not None and (row, p) not in allowed for row, p in enumerate(picked)):
            continue
        best = max(best, sum(allowed[row, p] for row, p in enumerate(picked) if p is not None))
    return best


def test_a_column_with_two_places_takes_two_rows_and_no_more() -> None:
    problem = AssignmentProblem(3, [2, 1], [0, 1, 2, 2], [0, 0, 0, 1], [5.0, 4.0, 3.0, 1.0])
    pairs = SOLVER.assign(problem)
    assert pairs == [(0, 0), (1, 0), (2, 1)]
    assert _total(problem, pairs) == _brute_force(problem) == 10.0


def test_only_allowed_pairs_and_rows_without_one_are_left_out() -> None:
    problem = AssignmentProblem(3, [1, 1], [0, 1], [1, 1], [2.0, 9.0])
    assert SOLVER.assign(problem) == [(1, 1)]
    assert SOLVER.assign(AssignmentProblem(2, [3], [], [], [])) == []
    assert SOLVER.assign(AssignmentProblem(2, [0], [0], [0], [1.0])) == []


def test_the_total_is_the_best_there_is() -> None:
    rows = [0, 0, 1, 1, 2, 2, 3, 3, 3]
    cols = [0, 1, 0, 2, 1, 2, 0, 1, 2]
    scores = [7.0, 3.0, 6.0, 5.0, 4.0, 2.0, 8.0, 1.0, 2.5]
    problem = AssignmentProblem(4, [1, 2, 1], rows, cols, scores)
    pairs = SOLVER.assign(problem)
    assert len({r for r, _ in pairs}) == len(pairs)
    assert _total(problem, pairs) == _brute_force(problem)


def test_scores_must_be_above_zero() -> None:
    with pytest.raises(ValueError, match="above zero"):
        SOLVER.assign(AssignmentProblem(1, [1], [0], [0], [0.0]))
