"""The port to a mixed-integer linear programming solver, which the plan optimiser builds its
models for (services/optimiser/models.py). The adapter is HiGHS through scipy
(adapters/highs_milp.py); bootstrap puts it on the Store."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

MilpStatus = Literal["optimal", "time limit", "infeasible", "unbounded", "solver error"]


@dataclass(frozen=True, slots=True)
class MilpProblem:
    """Minimise ``cost . x`` subject to ``row_low <= A x <= row_high`` and ``0 <= x <= upper``,
    with ``x[j]`` integral where ``integer[j]`` is 1. ``A`` is sparse: ``data[k]`` at row
    ``rows[k]``, column ``cols[k]``. The solver stops at ``time_limit`` seconds, or once its
    best answer is proven within ``relative_gap`` of the optimum."""

    cost: Sequence[float]
    upper: Sequence[float]
    integer: Sequence[int]
    data: Sequence[float]
    rows: Sequence[int]
    cols: Sequence[int]
    row_low: Sequence[float]
    row_high: Sequence[float]
    time_limit: float
    relative_gap: float


@dataclass(frozen=True, slots=True)
class MilpAnswer:
    """The best ``values`` found (None when none was), and the proven relative gap."""

    status: MilpStatus
    values: Sequence[float] | None
    gap: float | None


class MilpSolver(Protocol):
    def solve(self, problem: MilpProblem) -> MilpAnswer: ...
