"""``pmopath insight``: the PMO leader's view at the command line (coverage, succession, KPIs).

Only Typer is imported here: each command imports what it needs when it runs. The commands act
as the local operator (an admin): the whole organisation, or ``--manager``'s tree.
"""

from __future__ import annotations

from typing import Annotated

import typer

from pmopath.cli.options import DatabaseOption, JsonOption, cli_actor, stored
from pmopath.cli.output import console, emit_json, handles_errors

insight_app = typer.Typer(name="insight", rich_markup_mode=None, no_args_is_help=True)

ManagerOption = Annotated[
    str | None,
    typer.Option("--manager", help="A manager's e-mail or id: everyone below them."),
]
CsvOption = Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")]


@insight_app.callback()
def insight() -> None:
    """The leader's view: services, successors and progress.

    \b
    Example:
      pmopath insight kpis --from 2026-07-01 --to 2026-09-30 --json
    """


@insight_app.command("kpis")
@handles_errors
def kpis(
    start: Annotated[
        str | None, typer.Option("--from", help="First day, YYYY-MM-DD (default: 90 days ago).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last day, YYYY-MM-DD (default: today).")
    ] = None,
    manager: ManagerOption = None,
    as_csv: CsvOption = False,
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Programme KPIs over a period, with the one before.

    \b
    Example:
      pmopath insight kpis --from 2026-07-01 --to 2026-09-30 --json
    """
    from pmopath.domain.leader import parse_day
    from pmopath.domain.permissions import SYSTEM
    from pmopath.services.insight import leader_views, programme

    first, last = parse_day(start, "--from"), parse_day(end, "--to")
    store = stored(db)
    if as_csv:
        from pmopath.services.insight import leader_exports

        text = leader_exports.kpis_csv(
            store, SYSTEM, actor=cli_actor(), manager=manager, start=first, end=last
        )
        typer.echo(text, nl=False)
        return
    found = programme.programme_kpis(
        store, SYSTEM, store.clock().date(), start=first, end=last, manager=manager
    )
    if as_json:
        emit_json(leader_views.kpis_data(found))
        return
    from rich.table import Table

    table = Table(
        title=f"Programme KPIs, {found.period.start} to {found.period.end} ({found.scope.label})"
    )
    for column in ("KPI", "This period", "", "Period before", "Change"):
        table.add_column(column)
    for r in found.results:
        table.add_row(
            r.kpi.title,
            _shown(r.now.value, r.kpi.unit),
            r.now.detail,
            _shown(r.before.value, r.kpi.unit),
            "" if r.change is None else f"{r.change:+.1f}",
        )
    console().print(table)


def _shown(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    suffix = {"percent": "%", "points": " points", "days": " days"}.get(unit, "")
    return f"{value:.1f}{suffix}" if unit != "count" else f"{value:.0f}"


@insight_app.command("coverage")
@handles_errors
def coverage(
    manager: ManagerOption = None,
    as_csv: CsvOption = False,
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Who meets each PMO service's needs, now and in a year.

    \b
    Example:
      pmopath insight coverage --manager maria@demo.pmopath.org
    """
    from pmopath.domain.permissions import SYSTEM
    from pmopath.services.insight import coverage as covering
    from pmopath.services.insight import leader_views

    store = stored(db)
    if as_csv:
        from pmopath.services.insight import leader_exports

        text = leader_exports.coverage_csv(store, SYSTEM, actor=cli_actor(), manager=manager)
        typer.echo(text, nl=False)
        return
    found = covering.capability_coverage(store, SYSTEM, store.clock().date(), manager=manager)
    if as_json:
        emit_json(leader_views.coverage_data(found, store.framework))
        return
    from rich.table import Table

    table = Table(title=f"Capability coverage ({found.scope.label})")
    for column in ("Service", "Meet it now", "In a year", "Risk", "Only holder"):
        table.add_column(column)
    for s in found.services:
        sole = {found.names.get(n.now.sole, "") for n in s.single_points if n.now.sole}
        if s.now.sole is not None:
            sole.add(found.names.get(s.now.sole, ""))
        table.add_row(
            s.service.name,
            f"{s.now.count:,}",
            f"{s.later.count:,}",
            s.risk.value,
            ", ".join(sorted(sole)),
        )
    console().print(table)


@insight_app.command("succession")
@handles_errors
def succession(
    manager: ManagerOption = None,
    every: Annotated[bool, typer.Option("--all", help="Name every successor.")] = False,
    as_csv: CsvOption = False,
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Successors for each critical role, by readiness band.

    \b
    Example:
      pmopath insight succession --csv
    """
    from pmopath.domain.permissions import SYSTEM
    from pmopath.services.insight import leader_views
    from pmopath.services.insight import succession as benches

    store = stored(db)
    if as_csv:
        from pmopath.services.insight import leader_exports

        text = leader_exports.succession_csv(store, SYSTEM, actor=cli_actor(), manager=manager)
        typer.echo(text, nl=False)
        return
    found = benches.succession(store, SYSTEM, manager=manager, limit=None if every else 5)
    if as_json:
        emit_json(leader_views.succession_data(found))
        return
    from rich.table import Table

    table = Table(title=f"Succession for critical roles ({found.scope.label})")
    for column in ("Role", "Holders", "Ready now", "About a year", "About two", "Successor"):
        table.add_column(column)
    for r in found.roles:
        table.add_row(
            r.role.title,
            f"{r.incumbents:,}",
            *(f"{r.counts[b]:,}" for b in r.counts),
            "yes" if r.has_successor else "none within a year",
        )
    console().print(table)
