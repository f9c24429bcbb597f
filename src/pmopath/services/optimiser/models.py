"""The plan optimiser's mixed-integer models, handed to a MILP solver (services/ports/solver.py;
HiGHS through ``scipy.optimize.milp`` in adapters/highs_milp.py, wired by bootstrap).

services/optimiser/search.py combines the two models below; the rules are domain/plan_schedule.py's.

Timed model (H months)
----------------------
* ``x[a,s]`` binary: action ``a`` starts in month ``s``, with ``s + D_a <= H`` (it ends in time)
  and ``s`` no earlier than eligibility and prerequisite chains allow (``Timing``).
  ``sum_s x[a,s] <= 1`` (``= 1`` for a pinned action; a pinned month leaves one ``x``).
  ``done(b, s)`` is the sum of ``x[b,s']`` with ``s' + D_b <= s``.
* Prerequisites: with one usable option, ``x[a,s] <= done(b,s)`` for each action ``b`` it needs
  and ``x[a,s] <= sum_b done(b,s)`` over its alternatives. With several options, a binary
  ``z[a,o]`` picks one (``sum_o z[a,o] >= sum_s x[a,s]``) and each row above gains ``+ z[a,o] - 1``
  on the left (it binds only for the picked option); a start too early for the education and
  experience of option ``o`` gets ``x[a,s] + z[a,o] <= 1``.
* Hours: in every month ``t``, the sum of ``(effort_a / D_a) x[a,s]`` over starts running in ``t``
  is at most the hours per month.

Selection model (no months)
---------------------------
One binary ``y[a]`` per action; prerequisites as above without the months (``done(b) = y[b]``);
an option is usable only if its chain can end in time. Hours become valid aggregate cuts: for
each month ``t``, the effort of actions that cannot start before ``t`` is at most ``(H - t) C``;
and, as at most ``q - 1`` actions needing more than ``C / q`` hours a month can run at once,
``sum D_a y[a] <= (q - 1) H`` over them (q = 2, 3, 4). It is a relaxation of the timed model.

Shared rows
-----------
* Budget: ``sum cost_a (started a) <= budget``. Balance: with ``E_k`` the effort of category ``k``
  and ``E`` the total, ``(p_k - tol) E <= E_k <= (p_k + tol) E`` (linear: ``E`` is a sum of x).
* Levels: for a gapped requirement (current ``l``, required ``R``) and each ``k`` in ``l+1..R``,
  ``u[c,k] <= sum of x`` over actions reaching ``k`` or more. Every such step adds the same
  ``g_c = 100 w_c / (R_c W)`` of raw readiness (``level_step_gain`` of engine/readiness.py, the
  model's one home), so ``raw = base + sum g_c u[c,k]``.
* The not-ready cap, exactly: ``all <= u[c,U_c]`` for every blocking gap (``U_c`` the level at
  which it stops blocking: the required level of a critical gap, one below it for a core gap;
  ``levels_to_unblock`` of engine/readiness.py), and the readiness ``r <= raw`` and
  ``r <= cap + (100 - cap) all``. ``u``, ``all`` and ``r`` are continuous: their
  upper bounds are sums of binaries, so they take the integral values the model means.
* Objective: maximise ``r + 0.001 raw`` (progress beyond a cap counts a little), less penalties
  on cost and effort (under 0.002 together). Both stay below the smallest level step (0.4 points
  with 30 competencies), so readiness comes first and ties go to the cheapest, lightest plan.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from pmopath.domain.assessment import Assessment
from pmopath.domain.framework import Action, Framework, Role
from pmopath.domain.plan_checks import Timing
from pmopath.domain.plan_schedule import (
    CATEGORY_OF_KIND,
    Category,
    PlanOption,
    PlanRequest,
    duration_months,
    gate_offset,
    hours_per_month,
    levels_after,
    plan_options,
)
from pmopath.services.ports.solver import MilpProblem, MilpSolver

DEFAULT_GAP = 1e-2
"""HiGHS stops within 1% of the best readiness (one level step is 1-5%); tests ask for less."""
RAW_WEIGHT = 0.001
PENALTY = 0.001
EARLY = 1e-5
"""Per month of delay: among equally good plans, the timed model starts things sooner."""
Terms = list[tuple[int, float]]


@dataclass(frozen=True, slots=True)
class Outcome:
    """One solve: start months by action id (selection model: earliest starts), and status."""

    starts: dict[str, int]
    status: str
    gap: float | None
    readiness: float | None


@dataclass
class _Model:
    cost: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    integer: list[int] = field(default_factory=list)
    data: list[float] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    cols: list[int] = field(default_factory=list)
    row_low: list[float] = field(default_factory=list)
    row_high: list[float] = field(default_factory=list)

    def var(self, cost: float = 0.0, *, upper: float = 1.0, integer: bool = True) -> int:
        self.cost.append(cost)
        self.upper.append(upper)
        self.integer.append(1 if integer else 0)
        return len(self.cost) - 1

    def row(self, terms: Terms, low: float, high: float) -> None:
        number = len(self.row_low)
        for col, coefficient in terms:
            self.rows.append(number)
            self.cols.append(col)
            self.data.append(coefficient)
        self.row_low.append(low)
        self.row_high.append(high)


@dataclass
class _Plan:
    """A model under construction, with the start variables of each action."""

    framework: Framework
    request: PlanRequest
    actions: dict[str, Action]
    timed: bool
    timing: Timing
    model: _Model = field(default_factory=_Model)
    starts: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    options: dict[str, list[PlanOption]] = field(default_factory=dict)
    readiness_var: int | None = None
    early: float = 0.0
    priced: bool = True
    squeeze: float = 1.0

    def started(self, action_id: str) -> Terms:
        return [(var, 1.0) for _, var in self.starts.get(action_id, [])]

    def done_by(self, action_id: str, month: int) -> Terms:
        if not self.timed:
            return [(var, -1.0) for _, var in self.starts.get(action_id, [])]
        length = duration_months(self.actions[action_id]) if action_id in self.actions else 0
        return [(var, -1.0) for s, var in self.starts.get(action_id, []) if s + length <= month]


def _usable(plan: _Plan, action: Action) -> list[PlanOption]:
    usable = []
    limit = plan.request.months - duration_months(action)
    for option in plan_options(plan.framework, action, plan.request):
        any_of = tuple(b for b in option.any_of if b in plan.actions)
        if not all(b in plan.actions for b in option.all_of) or (option.any_of and not any_of):
            continue
        option = option._replace(any_of=any_of)
        start = plan.timing.option_start(action, option)
        if start is not None and start <= limit:
            usable.append(option)
    return usable


def _add_starts(plan: _Plan) -> None:
    request, months = plan.request, plan.request.months
    total_cost = max(sum(a.cost for a in plan.actions.values()), 1.0)
    total_effort = max(sum(a.effort_hours for a in plan.actions.values()), 1.0)
    for action in plan.actions.values():
        length = duration_months(action)
        usable = _usable(plan, action)
        if hours_per_month(action) > request.hours_per_month + 1e-9 or not usable:
            plan.model.row([], 1.0 if action.id in request.pinned else 0.0, 1.0)
            continue
        plan.options[action.id] = usable
        first = min(s for o in usable if (s := plan.timing.option_start(action, o)) is not None)
        fixed = request.pinned.get(action.id)
        penalty = PENALTY * (action.cost / total_cost + action.effort_hours / total_effort)
        penalty = penalty if plan.priced else 0.0
        if not plan.timed:
            plan.starts[action.id] = [(first, plan.model.var(penalty))]
        else:
            candidates = [fixed] if fixed is not None else range(first, months - length + 1)
            plan.starts[action.id] = [
                (s, plan.model.var(penalty + plan.early * s))
                for s in candidates
                if first <= s <= months - length
            ]
        pinned = 1.0 if action.id in request.pinned else 0.0
        plan.model.row(plan.started(action.id), pinned, 1.0)


def _add_prerequisites(plan: _Plan) -> None:
    model = plan.model
    for action_id, starts in plan.starts.items():
        action, usable = plan.actions[action_id], plan.options[action_id]
        if usable == [PlanOption("", 0, (), ())]:
            continue
        picks = [model.var() for _ in usable] if len(usable) > 1 else []
        if picks:
            model.row(plan.started(action_id) + [(z, -1.0) for z in picks], -math.inf, 0.0)
        for index, option in enumerate(usable):
            pick = [(picks[index], 1.0)] if picks else []
            for s, x in starts:
                if plan.timed and picks and gate_offset(action, s) < option.earliest:
                    model.row([(x, 1.0), *pick], -math.inf, 1.0)
                    continue
                for needed in option.all_of:
                    model.row([(x, 1.0), *pick, *plan.done_by(needed, s)], -math.inf, len(pick))
                if option.any_of:
                    done = [t for b in option.any_of for t in plan.done_by(b, s)]
                    model.row([(x, 1.0), *pick, *done], -math.inf, float(len(pick)))


def _add_hours(plan: _Plan) -> None:
    request, model = plan.request, plan.model
    capacity, months = request.hours_per_month, request.months
    if plan.timed:
        by_month: list[Terms] = [[] for _ in range(months)]
        for action_id, starts in plan.starts.items():
            action = plan.actions[action_id]
            for s, x in starts:
                for month in range(s, s + duration_months(action)):
                    by_month[month].append((x, hours_per_month(action)))
        for terms in by_month:
            model.row(terms, -math.inf, capacity)
        return
    for month in range(months):
        late = [
            (starts[0][1], plan.actions[a].effort_hours)
            for a, starts in plan.starts.items()
            if starts[0][0] >= month
        ]
        model.row(late, -math.inf, (months - month) * capacity * plan.squeeze)
    for q in (2, 3, 4):
        heavy = [
            (starts[0][1], float(duration_months(plan.actions[a])))
            for a, starts in plan.starts.items()
            if hours_per_month(plan.actions[a]) > capacity / q
        ]
        model.row(heavy, -math.inf, (q - 1) * months)
    _add_clashes(plan)


def _add_clashes(plan: _Plan) -> None:
    """Actions needing over half the hours clash with each other: they run one after another.

    So, for each lighter action ``b``, ``b`` and the heavy actions that clash with it too
    (hours a month adding up to more than the capacity) fill at most H months between them.
    """
    capacity, months = plan.request.hours_per_month, plan.request.months
    rate = {a: hours_per_month(plan.actions[a]) for a in plan.starts}
    heavy = [a for a in plan.starts if rate[a] > capacity / 2]
    for light in plan.starts:
        if light in heavy:
            continue
        clique = [a for a in heavy if rate[a] + rate[light] > capacity + 1e-9]
        if clique:
            terms = [
                (plan.starts[a][0][1], float(duration_months(plan.actions[a])))
                for a in (*clique, light)
            ]
            plan.model.row(terms, -math.inf, months)


def _add_budget_and_balance(plan: _Plan) -> None:
    budget = [(x, plan.actions[a].cost) for a, starts in plan.starts.items() for _, x in starts]
    plan.model.row(budget, -math.inf, plan.request.budget)
    balance = plan.request.balance
    if balance is None:
        return
    for category in Category:
        share = balance.share(category)
        high, low = share + balance.tolerance, share - balance.tolerance
        above: Terms = []
        below: Terms = []
        for action_id, starts in plan.starts.items():
            action = plan.actions[action_id]
            mine = 1.0 if CATEGORY_OF_KIND[action.kind] is category else 0.0
            for _, x in starts:
                above.append((x, action.effort_hours * (mine - high)))
                below.append((x, action.effort_hours * (low - mine)))
        if high < 1:
            plan.model.row(above, -math.inf, 0.0)
        if low > 0:
            plan.model.row(below, -math.inf, 0.0)


def readiness_with(
    framework: Framework, role: Role, levels: Mapping[str, int], actions: Iterable[Action]
) -> float:
    """Readiness for ``role`` (the engine's model, cap included) once ``actions`` end."""
    from pmopath.engine.readiness import readiness_of  # numpy loads on first use

    return readiness_of(framework, role, levels_after(levels, actions))


def _add_readiness(plan: _Plan) -> None:
    from pmopath.engine.readiness import analyse_gap, level_step_gain, levels_to_unblock

    framework, request, model = plan.framework, plan.request, plan.model
    analysis = analyse_gap(framework, request.role, Assessment(dict(request.levels)))
    readiness = model.var(-1.0, upper=100.0, integer=False)
    plan.readiness_var = readiness
    raw_terms: Terms = [(readiness, 1.0)]
    closes: list[int | None] = []
    for gap in analysis.open_gaps:
        gain = level_step_gain(gap, analysis.total_weight)
        unblocked_at = gap.current + levels_to_unblock(gap)
        last: int | None = None
        for level in range(gap.current + 1, gap.required + 1):
            reach = [
                (var, -1.0)
                for a_id, starts in plan.starts.items()
                if plan.actions[a_id].develops.get(gap.competency, 0) >= level
                for _, var in starts
            ]
            step = model.var(-RAW_WEIGHT * gain, integer=False, upper=1.0 if reach else 0.0)
            model.row([(step, 1.0), *reach], -math.inf, 0.0)
            raw_terms.append((step, -gain))
            if level == unblocked_at:
                last = step if reach else None
        if unblocked_at > gap.current:
            closes.append(last)
    model.row(raw_terms, -math.inf, analysis.raw_readiness)
    if closes:
        cap = analysis.critical_cap
        met = model.var(integer=False, upper=0.0 if None in closes else 1.0)
        model.row([(readiness, 1.0), (met, -(100.0 - cap))], -math.inf, cap)
        for closing in closes:
            if closing is not None:
                model.row([(met, 1.0), (closing, -1.0)], -math.inf, 0.0)


Cut = tuple[frozenset[str], frozenset[str]]
"""A no-good: not all of the first set unless one of the second (their prerequisite helpers)."""


def solve(
    framework: Framework,
    request: PlanRequest,
    actions: Sequence[Action],
    *,
    timed: bool,
    milp: MilpSolver,
    readiness: bool = True,
    cuts: Sequence[Cut] = (),
    squeeze: float = 1.0,
    time_limit: float = 10.0,
    relative_gap: float = DEFAULT_GAP,
) -> Outcome:
    """Build and solve one model (see the module docstring); starts are empty if infeasible.

    ``squeeze`` (below 1) tightens the selection model's hours cuts: no longer a relaxation,
    but its proposals fit more easily (the search's fallback uses it).
    """
    by_id = {a.id: a for a in actions}
    plan = _Plan(framework, request, by_id, timed, Timing(framework, request, by_id))
    plan.early = EARLY if readiness else 0.0
    plan.priced = readiness
    plan.squeeze = squeeze
    _add_starts(plan)
    _add_prerequisites(plan)
    _add_hours(plan)
    _add_budget_and_balance(plan)
    if readiness:
        _add_readiness(plan)
    for together, helpers in cuts:
        terms = [t for a in together for t in plan.started(a)]
        terms += [(var, -1.0) for b in helpers for var, _ in plan.started(b)]
        plan.model.row(terms, -math.inf, len(together) - 1.0)
    return _run(plan, milp, max(time_limit, 0.01), relative_gap)


def _run(plan: _Plan, milp: MilpSolver, time_limit: float, relative_gap: float) -> Outcome:
    model = plan.model
    if not model.cost:
        return Outcome({}, "optimal", 0.0, None)
    answer = milp.solve(
        MilpProblem(
            model.cost,
            model.upper,
            model.integer,
            model.data,
            model.rows,
            model.cols,
            model.row_low,
            model.row_high,
            time_limit,
            relative_gap,
        )
    )
    values = answer.values
    if values is None:
        return Outcome({}, answer.status, None, None)
    chosen = {
        action_id: s
        for action_id, starts in plan.starts.items()
        for s, var in starts
        if values[var] > 0.5
    }
    value = float(values[plan.readiness_var]) if plan.readiness_var is not None else None
    return Outcome(chosen, answer.status, answer.gap, value)
