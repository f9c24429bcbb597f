"""Rich renderings of stored records: people, plans, certification eligibility and accounts.

Imported by the commands when they run: Rich and the services load only then.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import Console
from rich.table import Table

from pmopath.domain.accounts import Account, ApiToken
from pmopath.domain.eligibility import Eligibility, month_text
from pmopath.domain.framework import Framework
from pmopath.domain.people import Person, PersonRecord
from pmopath.services.optimiser.optimise import OptimisedPlan


def render_people(out: Console, framework: Framework, found: Sequence[Person]) -> None:
    """One row per person: id, name, e-mail, role and team."""
    table = Table(title=f"People ({len(found)})", title_justify="left")
    for column in ("Id", "Name", "E-mail", "Role", "Team"):
        table.add_column(column)
    for person in found:
        role = framework.roles_by_id.get(person.role or "")
        table.add_row(
            str(person.id),
            person.name,
            person.email or "",
            role.title if role else (person.role or ""),
            person.team or "",
        )
    out.print(table)


def render_person(out: Console, framework: Framework, record: PersonRecord) -> None:
    """A person's name, role, team, manager and targets, then their current levels."""
    p = record.person
    role = framework.roles_by_id.get(p.role or "")
    out.print(f"{p.name} <{p.email}>", style="bold")
    out.print(
        f"Role: {role.title if role else p.role or '—'}"
        + (f" since {p.role_since}" if p.role_since else "")
    )
    out.print(f"Team: {p.team or '—'}; manager: {record.manager.name if record.manager else '—'}")
    targets = ", ".join(f"{t.role}{' (primary)' if t.is_primary else ''}" for t in record.targets)
    out.print(f"Targets: {targets or '—'}; assessments recorded: {record.assessments}")
    if record.levels:
        table = Table(title="Current levels", title_justify="left")
        table.add_column("Competency")
        table.add_column("Level")
        for competency, level in sorted(record.levels.items()):
            c = framework.competencies_by_id.get(competency)
            table.add_row(c.name if c else competency, str(level))
        out.print(table)


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


def render_accounts(
    out: Console, accounts: Sequence[Account], names: Mapping[int | None, str]
) -> None:
    """One row per account: id, e-mail, role, linked person, when created and whether active."""
    table = Table(title=f"Accounts ({len(accounts)})", title_justify="left")
    for column in ("Id", "E-mail", "Role", "Person", "Created", "Status"):
        table.add_column(column)
    for account in accounts:
        table.add_row(
            str(account.id),
            account.email,
            account.role.value,
            names.get(account.person_id, "") if account.person_id else "",
            account.created_at.strftime("%Y-%m-%d %H:%M"),
            "disabled" if account.disabled else "active",
        )
    out.print(table)


def render_api_tokens(out: Console, email: str, tokens: Sequence[ApiToken]) -> None:
    """One row per API token of an account: id, label, made, last used, revoked."""
    table = Table(title=f"API tokens of {email} ({len(tokens)})", title_justify="left")
    for column in ("Id", "Label", "Made", "Last used", "Revoked"):
        table.add_column(column)
    for token in tokens:
        table.add_row(
            str(token.id),
            token.label,
            token.created_at.strftime("%Y-%m-%d %H:%M"),
            token.last_used_at.strftime("%Y-%m-%d %H:%M") if token.last_used_at else "never",
            token.revoked_at.strftime("%Y-%m-%d %H:%M") if token.revoked_at else "",
        )
    out.print(table)
