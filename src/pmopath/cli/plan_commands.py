"""Plan suggestions and certification eligibility for stored people, in the terminal."""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
from collections.abc import Iterator
from datetime import date
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from pmopath.bootstrap.database import open_store
from pmopath.cli.options import DatabaseOption, JsonOption, StoreFrameworkOption, cli_actor
from pmopath.cli.output import closed_after_command, console, emit_json, handles_errors
from pmopath.domain.eligibility import Eligibility, month_text
from pmopath.domain.framework import Education, Framework
from pmopath.services.optimiser.optimise import INTERACTIVE_SECONDS, OptimisedPlan
from pmopath.services.people import credentials as person_credentials
from pmopath.services.plans import suggestions as plan_suggestions

plan_app = typer.Typer(help="Development plans: suggest an optimised plan.", no_args_is_help=True)

HeldOption = Annotated[
    list[str] | None,
    typer.Option(
        "--held", help="A certification held besides the stored ones (action id; repeatable)."
    ),
]
EducationOption = Annotated[
    Education | None,
    typer.Option(
        "--education", help="Highest education (default: the stored one; unknown: assumed met)."
    ),
]


@contextlib.contextmanager
def _solver_output_silenced() -> Iterator[None]:
    """Keep the solver library's stray prints off stdout (they would spoil --json).

    HiGHS (bundled by scipy) writes a debugging line straight to file descriptor 1 now and then
    (ERGO-Code/HiGHS#2783); the CLI is the only place that owns the process's stdout.
    """
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no real stdout (as under a test runner): nothing to guard
        yield
        return
    with open(os.devnull, "wb") as sink:
        os.dup2(sink.fileno(), 1)
        try:
            yield
        finally:
            with contextlib.suppress(OSError, AttributeError):
                ctypes.CDLL(None).fflush(None)
            os.dup2(saved, 1)
            os.close(saved)


@plan_app.command("suggest")
@handles_errors
def suggest(
    person: Annotated[str, typer.Argument(help="E-mail or id.")],
    hours_per_month: Annotated[
        float, typer.Option("--hours-per-month", help="Hours a month to spend.", min=0)
    ] = 16.0,
    budget: Annotated[float, typer.Option("--budget", help="Money to spend.", min=0)] = 2000.0,
    by: Annotated[
        str | None, typer.Option("--by", help="Target month, YYYY-MM (default: a year).")
    ] = None,
    goal: Annotated[
        float | None,
        typer.Option("--goal", help="Readiness to reach soonest (0-100).", min=0, max=100),
    ] = None,
    role: Annotated[
        str | None, typer.Option("--role", help="Target role (default: the primary target).")
    ] = None,
    pin: Annotated[
        list[str] | None, typer.Option("--pin", help="ACTION or ACTION@YYYY-MM to keep.")
    ] = None,
    without: Annotated[
        list[str] | None, typer.Option("--without", help="An action to leave out.")
    ] = None,
    held: HeldOption = None,
    education: EducationOption = None,
    balance: Annotated[
        str,
        typer.Option("--balance", help="Effort shares experience/social/formal in %, or 'off'."),
    ] = "70/20/10",
    tolerance: Annotated[
        float, typer.Option("--tolerance", help="Points each share may be off by.", min=0)
    ] = 10.0,
    time_limit: Annotated[
        float, typer.Option("--time-limit", help="Seconds the solver may take.", min=0.1)
    ] = INTERACTIVE_SECONDS,
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """Suggest the plan that raises readiness most by the target month (or reaches --goal soonest).

    Hours per month are never exceeded, the budget is kept, prerequisites and exam eligibility
    are respected and effort is balanced 70/20/10 (experience, social, formal).
    """
    store = closed_after_command(open_store(db, framework))
    with _solver_output_silenced():
        found = plan_suggestions.suggest_plan(
            store,
            person,
            today=date.today(),
            hours_per_month=hours_per_month,
            budget=budget,
            by=plan_suggestions.parse_month(by, "--by") if by else None,
            goal=goal,
            role=role,
            pins=pin or [],
            without=without or [],
            held=held or [],
            education=education,
            balance=plan_suggestions.parse_balance(balance, tolerance),
            time_limit=time_limit,
        )
    if as_json:
        plan = plan_suggestions.plan_view(found.plan).model_dump(mode="json")
        emit_json({"person": found.record.person.id, **plan})
    else:
        render_plan(console(), store.framework, found.record.person.name, found.plan)


def render_plan(out: Console, framework: Framework, name: str, plan: OptimisedPlan) -> None:
    """The schedule as a table, then readiness, limits and SMART objectives."""
    request = plan.request
    table = Table(
        title=f"{name}: plan towards {request.role.title}, "
        f"{month_text(request.start)} to {month_text(request.month(plan.months - 1))}",
        title_justify="left",
    )
    for column in ("Start", "End", "Action", "Kind", "Hours/month", "Raises", "Without it"):
        table.add_column(column)
    for item in plan.items:
        raises = ", ".join(
            f"{_competency(framework, r.competency)} {r.from_level}→{r.to_level}"
            for r in item.raises
        )
        table.add_row(
            month_text(item.start),
            month_text(item.end),
            item.action.title + (" (pinned)" if item.pinned else ""),
            item.action.kind.value,
            f"{item.hours_per_month:.1f}",
            raises or "— (balance)",
            f"{item.readiness_without:.0f}%",
        )
    out.print(table)
    gap = f", gap {100 * plan.gap:.2f}%" if plan.gap is not None else ""
    out.print(
        f"Readiness {plan.readiness_before:.0f}% → {plan.readiness:.0f}% "
        f"(solver: {plan.status}{gap}, {plan.solve_seconds:.2f} s)"
    )
    effort = ", ".join(f"{k.value} {v:g} h" for k, v in plan.effort_by_category.items())
    out.print(f"Cost {plan.cost:g} of {request.budget:g}; effort {plan.effort:g} h ({effort})")
    objectives = [o for item in plan.items for o in item.objectives]
    if objectives:
        out.print("Objectives:")
        for objective in objectives:
            out.print(f"  • {objective}")


def _competency(framework: Framework, competency: str) -> str:
    found = framework.competencies_by_id.get(competency)
    return found.name if found else competency


@handles_errors
def eligibility(
    person: Annotated[str, typer.Argument(help="E-mail or id.")],
    held: HeldOption = None,
    education: EducationOption = None,
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """When a person becomes eligible for each certification, and why."""
    store = closed_after_command(open_store(db, framework))
    record, found = plan_suggestions.eligibility_of(
        store, person, today=date.today(), held=held or [], education=education
    )
    if as_json:
        emit_json(
            {
                "person": record.person.id,
                "eligibility": plan_suggestions.eligibility_view(store.framework, found),
            }
        )
        return
    render_eligibility(console(), store.framework, record.person.name, found)


def render_eligibility(
    out: Console, framework: Framework, name: str, found: tuple[Eligibility, ...]
) -> None:
    """One row per certification: from when, what is still needed first, and why."""
    table = Table(title=f"{name}: certification eligibility", title_justify="left")
    for column in ("Certification", "From", "First pass", "Why"):
        table.add_column(column)
    for entry in found:
        first = [framework.actions_by_id[a].title for a in entry.needs]
        if entry.needs_one_of:
            first.append(" or ".join(framework.actions_by_id[a].title for a in entry.needs_one_of))
        shown = "held" if entry.held else "not by waiting"
        if entry.eligible_from is not None and not entry.held:
            shown = month_text(entry.eligible_from)
        table.add_row(entry.action.title, shown, "; ".join(first) or "—", entry.reason)
    out.print(table)


@plan_app.command("credentials")
@handles_errors
def credentials(
    person: Annotated[str, typer.Argument(help="E-mail or id.")],
    held: Annotated[
        list[str] | None,
        typer.Option("--held", help="A certification held (action id; repeatable); with --save."),
    ] = None,
    education: EducationOption = None,
    save: Annotated[
        bool, typer.Option("--save", help="Replace the stored ones with --held and --education.")
    ] = False,
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show, or with --save replace, the certifications a person holds and their education."""
    store = closed_after_command(open_store(db, framework))
    if save:
        level = education.value if education else None
        found = person_credentials.set_credentials(
            store, person, held or [], level, actor=cli_actor()
        )
    else:
        found = person_credentials.credentials_of(store, person)
    shown = found.education.value if found.education else None
    if as_json:
        emit_json({"certifications": list(found.certifications), "education": shown})
        return
    titles = [store.framework.actions_by_id[c].title for c in found.certifications]
    console().print(f"Held: {', '.join(titles) or 'none recorded'}")
    console().print(f"Education: {shown or 'not recorded'}")
