"""Rich renderings of roles, paths, gaps and the career map for people at a terminal.

Imported by the commands when they run: Rich and the services load only then.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from pmopath.cli.output import console as stdout_console
from pmopath.cli.output import emit_json
from pmopath.domain.eligibility import education_text
from pmopath.domain.experience import window_text
from pmopath.domain.framework import (
    Action,
    Education,
    Framework,
    PrerequisiteOption,
    Role,
    Transition,
)
from pmopath.domain.framework_change import FrameworkChange
from pmopath.domain.paths import CareerPath
from pmopath.services.careers import advice_text
from pmopath.services.careers.gaps import GapReport
from pmopath.services.careers.roles import RoleDetail
from pmopath.services.careers.views import closest_roles_view, gap_view, shown_percent


def _title(framework: Framework, role_id: str) -> str:
    role = framework.roles_by_id.get(role_id)
    return role.title if role else role_id


def _competency(framework: Framework, competency_id: str) -> str:
    competency = framework.competencies_by_id.get(competency_id)
    return competency.name if competency else competency_id


def _level(framework: Framework, level: int) -> str:
    return f"{level} {framework.scale.label(level)}"


def render_roles(console: Console, framework: Framework, roles: list[Role]) -> None:
    table = Table(title=f"Roles in {framework.name} ({len(roles)})", title_justify="left")
    for column in ("Track", "Seniority", "Role", "Id", "Also known as"):
        table.add_column(column)
    tracks = framework.tracks_by_id
    for role in roles:
        track = tracks[role.track].name if role.track in tracks else role.track
        table.add_row(track, str(role.seniority), role.title, role.id, ", ".join(role.aliases))
    console.print(table)


def render_career_map(console: Console, framework: Framework) -> None:
    """Roles in columns by track and rows by seniority, with each role's routes onward."""
    by_cell: dict[tuple[str, int], list[Role]] = defaultdict(list)
    for role in framework.roles:
        by_cell[(role.track, role.seniority)].append(role)
    seniorities = sorted({role.seniority for role in framework.roles}, reverse=True)
    table = Table(title=f"Career map: {framework.name}", title_justify="left", show_lines=True)
    table.add_column("Level", justify="right")
    for track in framework.tracks:
        table.add_column(track.name)
    for seniority in seniorities:
        cells = []
        for track in framework.tracks:
            roles = sorted(by_cell.get((track.id, seniority), []), key=lambda r: r.title)
            cells.append(Group(*(_map_cell(framework, role) for role in roles)))
        table.add_row(str(seniority), *cells)
    console.print(table)


def _map_cell(framework: Framework, role: Role) -> Text:
    text = Text(role.title, style="bold")
    for transition in framework.transitions_from(role.id):
        text.append(f"\n  → {_title(framework, transition.target)}", style="dim")
        text.append(f" {transition.typical_months}m", style="cyan")
    return text


def render_role(console: Console, framework: Framework, detail: RoleDetail) -> None:
    role = detail.role
    track = framework.tracks_by_id.get(role.track)
    track_name = track.name if track else role.track
    heading = Text.assemble(
        role.title, (f" ({role.id}; {track_name}, level {role.seniority})", "dim")
    )
    body = [Text(role.summary)] if role.summary else []
    if role.aliases:
        body.append(Text(f"Also known as: {', '.join(role.aliases)}", style="dim"))
    body.extend(Text(f"• {item}") for item in role.responsibilities)
    console.print(Panel(Group(*body), title=heading, title_align="left"))
    console.print(_requirements_table(framework, role))
    console.print(_routes_table(framework, "Routes in", detail.routes_in, incoming=True))
    console.print(_routes_table(framework, "Routes out", detail.routes_out, incoming=False))
    console.print(_actions_table(framework, detail.actions))
    validity = validity_table(detail.actions)
    if validity is not None:
        console.print(validity)


def _actions_table(framework: Framework, actions: tuple[Action, ...]) -> Table:
    table = Table(title="Development actions that suit this role", title_justify="left")
    for column in ("Action", "Kind", "Provider", "Develops", "Needs first"):
        table.add_column(column)
    for action in actions:
        develops = ", ".join(
            f"{_competency(framework, c)} → {lvl}" for c, lvl in action.develops.items()
        )
        needs = " or ".join(_option_text(framework, o) for o in action.prerequisites)
        table.add_row(action.title, action.kind.value, action.provider, develops, needs or "—")
    return table


def validity_table(actions: tuple[Action, ...]) -> Table | None:
    """How long each expiring certification stays current and how it is renewed."""
    expiring = [a for a in actions if a.validity_months is not None]
    if not expiring:
        return None
    table = Table(title="Validity and renewal", title_justify="left")
    for column in ("Certification", "Valid for", "Renewal"):
        table.add_column(column)
    for action in expiring:
        table.add_row(action.title, f"{action.validity_months} months", action.renewal or "—")
    return table


def _option_text(framework: Framework, option: PrerequisiteOption) -> str:
    """One way to qualify, in a few words: 'degree; 36 months as Project Manager, ...'."""
    parts = [] if option.education is Education.NONE else [education_text(option.education)]
    for need in option.experience:
        where = [_title(framework, r) for r in need.roles]
        where += [
            framework.tracks_by_id[t].name if t in framework.tracks_by_id else t
            for t in need.tracks
        ]
        shown = ", ".join(where[:3]) + (", …" if len(where) > 3 else "")
        kind = f"{need.kind} " if need.kind else ""
        text = (
            f"{need.months} months of {kind}work in {shown}"
            if kind
            else (f"{need.months} months in {shown}")
        )
        if need.within_months is not None:
            text += f" {window_text(need.within_months)}"
        parts.append(text)
    titles = framework.actions_by_id
    parts += [titles[a].title if a in titles else a for a in option.actions]
    if option.any_of_actions:
        names = [titles[a].title if a in titles else a for a in option.any_of_actions]
        parts.append("one of " + " / ".join(names))
    return "; ".join(parts)


def _requirements_table(framework: Framework, role: Role) -> Table:
    """Requirements with their kind: critical and core must be near met before anyone is ready;
    awareness-level ones are listed, not counted."""
    table = Table(title="Requirements", title_justify="left")
    for column in ("Competency", "Level", "Kind", "Weight"):
        table.add_column(column)
    awareness = framework.rules.awareness_level
    counted = [r for r in role.requirements if r.level > awareness]
    marked = any(r.core for r in counted)
    for req in role.requirements:
        if req.level <= 0:
            continue
        if req.level <= awareness:
            kind, weight = "awareness (not counted)", "—"
        else:
            kind = "core" if req.core or not marked else "supporting"
            kind = f"critical, {kind}" if req.critical else kind
            weight = f"{req.weight:g}"
        table.add_row(
            _competency(framework, req.competency), _level(framework, req.level), kind, weight
        )
    return table


def _routes_table(
    framework: Framework, title: str, routes: tuple[Transition, ...], *, incoming: bool
) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("From" if incoming else "To", "Kind", "Typical months", "Minimum months"):
        table.add_column(column)
    for route in routes:
        other = route.source if incoming else route.target
        table.add_row(
            _title(framework, other),
            route.kind.value,
            str(route.typical_months),
            str(route.min_months),
        )
    if not routes:
        table.add_row("(none)", "", "", "")
    return table


def render_paths(
    console: Console,
    framework: Framework,
    source: Role,
    target: Role,
    paths: list[CareerPath],
    *,
    personal: bool = False,
) -> None:
    """Show ranked routes; ``personal`` when the months were worked out from an assessment."""
    whose = " for you" if personal else ""
    if not paths:
        console.print(
            f"No route from {source.title} to {target.title} with these constraints. "
            "Try fewer avoided roles or tracks, or more steps."
        )
        return
    console.print(f"{len(paths)} best route(s) from {source.title} to {target.title}", style="bold")
    for number, path in enumerate(paths, start=1):
        table = Table(
            title=(
                f"Route {number}: about {path.expected_months:.0f} months{whose} "
                f"(typical {path.total_typical_months}, fastest {path.total_min_months})"
            ),
            title_justify="left",
        )
        for column in ("Step", "Move", "Kind", "Typical", "Minimum", f"Expected{whose}"):
            table.add_column(column)
        for index, step in enumerate(path.steps, start=1):
            t = step.transition
            table.add_row(
                str(index),
                f"{_title(framework, t.source)} → {_title(framework, t.target)}",
                t.kind.value,
                f"{t.typical_months}m",
                f"{t.min_months}m",
                f"{step.expected_months:.0f}m",
            )
        console.print(table)


def show_gap(framework: Framework, report: GapReport, *, as_json: bool) -> None:
    """A gap report as JSON, or rendered for a person at a terminal."""
    if as_json:
        emit_json(gap_view(report))
    else:
        render_gap(stdout_console(), framework, report)


def show_closest_roles(
    framework: Framework, reports: Sequence[GapReport], *, as_json: bool
) -> None:
    """The roles someone is closest to, as JSON or a table."""
    if as_json:
        emit_json(closest_roles_view(reports))
        return
    console = stdout_console()
    if not reports:
        console.print("No role above your current one to measure against.")
        return
    table = Table(title="Roles you are closest to", title_justify="left")
    for column in ("Role", "Readiness", "When", "Blocked by"):
        table.add_column(column)
    for report in reports:
        analysis = report.analysis
        table.add_row(
            analysis.role.title,
            f"{shown_percent(analysis.readiness, 0)}%",
            report.band.label,
            ", ".join(_competency(framework, c) for c in analysis.capped_by) or "—",
        )
    console.print(table)


def render_gap(console: Console, framework: Framework, report: GapReport) -> None:
    analysis, band = report.analysis, report.band
    console.print(
        f"You are {shown_percent(analysis.readiness, 0)}% ready for {analysis.role.title}: "
        f"{band.label.lower()}.",
        style="bold",
    )
    console.print(band.explanation)
    if analysis.blockers:
        console.print(advice_text.blockers_heading(analysis))
        for blocker in analysis.blockers:
            name = _competency(framework, blocker.competency)
            console.print(f"  {advice_text.blocker_line(blocker, name)}")
    table = Table(title="Competencies that count", title_justify="left")
    for column in ("Competency", "Required", "Current", "Gap", "Weight", "Core", "Critical"):
        table.add_column(column)
    for gap in sorted(analysis.gaps, key=lambda g: (-g.gap, -g.weight)):
        blocked = gap.competency in analysis.capped_by
        style = "red" if blocked else ("yellow" if gap.gap else "")
        table.add_row(
            _competency(framework, gap.competency),
            _level(framework, gap.required),
            _level(framework, gap.current),
            str(gap.gap) if gap.gap else "—",
            f"{gap.weight:g}",
            "yes" if gap.core else "",
            "yes" if gap.critical else "",
            style=style,
        )
    console.print(table)
    if analysis.awareness:
        names = ", ".join(_competency(framework, g.competency) for g in analysis.awareness)
        console.print(f"To be aware of (not counted in readiness): {names}.")
    _render_explanation(console, framework, report)


def _render_explanation(console: Console, framework: Framework, report: GapReport) -> None:
    if report.impacts:
        console.print(Text.assemble(("What helps most", "bold"), " (one level at a time):"))
        names = {c.id: c.name for c in framework.competencies}
        for impact in report.impacts[:5]:
            console.print(f"  {advice_text.impact_line(report.analysis, impact, names)}")
    if not report.to_reach:
        if report.analysis.readiness < 100:
            console.print(f"You already meet the {report.target:g}% target.")
        return
    console.print(
        Text.assemble((f"What gets you to {report.target:g}%", "bold"), " (fewest level steps):")
    )
    for raise_ in report.to_reach:
        console.print(
            f"  {_competency(framework, raise_.competency)}: "
            f"{raise_.from_level} → {raise_.to_level} "
            f"(about {raise_.months:.0f} months of practice)"
        )


def render_framework_change(console: Console, change: FrameworkChange) -> None:
    """Per kind: how many ids were added, removed and renamed, then each of them; then what
    changed inside those both versions hold (titles, levels, flags, routes)."""
    for kind, label in (("role", "Roles"), ("competency", "Competencies"), ("action", "Actions")):
        added, removed = change.added.get(kind, []), change.removed.get(kind, [])
        renamed = change.renamed.get(kind, {})
        console.print(
            f"{label}: {len(added)} added, {len(removed)} removed, {len(renamed)} renamed"
        )
        for old, new in renamed.items():
            console.print(f"  {old} → {new}")
        for gone in removed:
            console.print(f"  - {gone}")
        for new_id in added:
            console.print(f"  + {new_id}")
    for item in change.changed:
        heading = f"Changed {item.kind} {item.id}: {item.title}" if item.id else item.title
        console.print(heading, markup=False)
        for line in item.lines:
            console.print(f"  {line}", markup=False)
