"""The assignment port (services/ports/assignment.py) on scipy's ``linear_sum_assignment``
(a shortest augmenting path method for the rectangular linear assignment problem)."""

from __future__ import annotations

from pmopath.services.ports.assignment import AssignmentProblem


class ScipyAssignment:
    """Solves in this process: a column with room for ``k`` rows becomes ``k`` columns."""

    def assign(self, problem: AssignmentProblem) -> list[tuple[int, int]]:
        # Imported on first use: scipy would add some 50 MB to every web worker otherwise.
        import numpy as np
        from scipy.optimize import linear_sum_assignment

        if problem.row_count == 0 or not problem.rows:
            return []
        rows = np.asarray(problem.rows, dtype=np.int64)
        cols = np.asarray(problem.cols, dtype=np.int64)
        scores = np.asarray(problem.scores, dtype=np.float64)
        if np.any(scores <= 0) or np.any(~np.isfinite(scores)):
            raise ValueError("every allowed pair needs a finite score above zero")
        # No column needs more places than there are rows.
        capacity = np.minimum(np.asarray(problem.capacity, dtype=np.int64), problem.row_count)
        capacity = np.maximum(capacity, 0)
        first_slot = np.concatenate(([0], np.cumsum(capacity)[:-1]))
        matrix = np.zeros((problem.row_count, int(capacity.sum())))
        for place in range(int(capacity.max(initial=0))):
            has_room = capacity[cols] > place
            matrix[rows[has_room], first_slot[cols[has_room]] + place] = scores[has_room]
        chosen_rows, chosen_slots = linear_sum_assignment(matrix, maximize=True)
        owner = np.repeat(np.arange(len(capacity)), capacity)
        return [
            (int(r), int(owner[s]))
            for r, s in zip(chosen_rows.tolist(), chosen_slots.tolist(), strict=True)
            if matrix[r, s] > 0
        ]
