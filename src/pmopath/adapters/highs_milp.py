"""The MILP solver port (services/ports/solver.py) on HiGHS, through ``scipy.optimize.milp``."""

from __future__ import annotations

import math

from pmopath.services.ports.solver import MilpAnswer, MilpProblem, MilpStatus

STATUS: dict[int, MilpStatus] = {
    0: "optimal",
    1: "time limit",
    2: "infeasible",
    3: "unbounded",
    4: "solver error",
}


class HighsMilp:
    """Solves with HiGHS (branch and bound with cuts and heuristics), in this process."""

    def solve(self, problem: MilpProblem) -> MilpAnswer:
        # Imported on first use: scipy would add some 50 MB to every web worker otherwise.
        import numpy as np
        from scipy.optimize import Bounds, LinearConstraint, milp
        from scipy.sparse import coo_array

        shape = (len(problem.row_low), len(problem.cost))
        matrix = coo_array((problem.data, (problem.rows, problem.cols)), shape=shape).tocsr()
        result = milp(
            np.array(problem.cost),
            integrality=np.array(problem.integer),
            bounds=Bounds(np.zeros(len(problem.cost)), np.array(problem.upper)),
            constraints=LinearConstraint(matrix, problem.row_low, problem.row_high),
            options={"time_limit": problem.time_limit, "mip_rel_gap": problem.relative_gap},
        )
        status = STATUS.get(result.status, "solver error")
        if result.x is None:
            return MilpAnswer(status, None, None)
        gap = getattr(result, "mip_gap", None)
        proven = float(gap) if gap is not None and math.isfinite(gap) else None
        return MilpAnswer(status, [float(v) for v in result.x], proven)
