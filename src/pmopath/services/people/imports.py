"""Importing people from CSV rows: validate every row first, then write all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

import networkx as nx

from pmopath.domain.accounts import email_problem, normalise_email
from pmopath.domain.errors import Problem, RowProblems, UnknownRole
from pmopath.domain.framework import Framework
from pmopath.domain.names import find_role
from pmopath.domain.people import AuditEntry, Person
from pmopath.domain.permissions import Viewer, require_admin
from pmopath.services.ports.repositories import UnitOfWork
from pmopath.services.ports.store import Store

COLUMNS = ("email", "name", "current_role", "role_since", "manager_email", "team")
REQUIRED = ("email", "name")
MAX_ROWS = 200_000
Complaint = Callable[[str, str], None]
"""Records a problem with a column of the row being checked."""


@dataclass(frozen=True, slots=True)
class PersonRow:
    """One valid row, normalised: lower-case email, role id, parsed date."""

    row: int
    email: str
    name: str
    role: str | None
    role_since: date | None
    manager_email: str | None
    team: str | None


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    dry_run: bool = False


def import_people(
    store: Store,
    source: str,
    header: Sequence[str],
    rows: Sequence[tuple[int, Mapping[str, str]]],
    *,
    actor: str,
    dry_run: bool = False,
) -> ImportReport:
    """Validate every row, then create or update people by email in one transaction.

    Raises RowProblems listing every bad row (row number and reason); nothing is written then,
    nor with ``dry_run``.
    """
    report = ImportReport(ignored_columns=[c for c in header if c not in COLUMNS], dry_run=dry_run)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise RowProblems(
            source, [Problem(f"missing column(s): {', '.join(missing)}", ("row", 1), source, 1, 1)]
        )
    if len(rows) > MAX_ROWS:
        raise RowProblems(source, [Problem(f"more than {MAX_ROWS} rows", (), source, 1, 1)])
    now = store.clock()
    with store.unit_of_work() as uow:
        checked, problems = _check_rows(uow, store.framework, source, rows, now.date())
        problems += _manager_cycles(uow, checked, source)
        if problems:
            raise RowProblems(source, sorted(problems, key=lambda p: p.line or 0))
        _apply(uow, checked, report, actor=actor, now=now)
        if dry_run:
            uow.rollback()
        else:
            uow.readiness.refresh()
            uow.commit()
    return report


def _row_problem(source: str, row: int, column: str, message: str) -> Problem:
    return Problem(f"row {row}, {column}: {message}", ("row", row, column), source, row, 1)


def _check_rows(
    uow: UnitOfWork,
    framework: Framework,
    source: str,
    rows: Sequence[tuple[int, Mapping[str, str]]],
    today: date,
) -> tuple[list[PersonRow], list[Problem]]:
    problems: list[Problem] = []
    checked: list[PersonRow] = []
    first_row: dict[str, int] = {}
    for number, values in rows:
        email = normalise_email(values.get("email", ""))
        if email and email in first_row:
            message = f"{email} is already on row {first_row[email]}"
            problems.append(_row_problem(source, number, "email", message))
        first_row.setdefault(email, number)
        found = _check_row(framework, source, number, values, today)
        if isinstance(found, list):
            problems.extend(found)
        elif first_row[email] == number:
            checked.append(found)
    in_file = set(first_row)  # a manager on a bad row is reported on that row, not here
    wanted = {row.manager_email for row in checked if row.manager_email}
    stored = uow.people.by_emails(wanted - in_file)
    for row in checked:
        if (
            row.manager_email
            and row.manager_email not in in_file
            and row.manager_email not in stored
        ):
            problems.append(
                _row_problem(
                    source,
                    row.row,
                    "manager_email",
                    f"no person {row.manager_email} in this file or stored",
                )
            )
    return checked, problems


def _check_row(
    framework: Framework, source: str, number: int, values: Mapping[str, str], today: date
) -> PersonRow | list[Problem]:
    problems: list[Problem] = []

    def bad(column: str, message: str) -> None:
        problems.append(_row_problem(source, number, column, message))

    email = normalise_email(values.get("email", ""))
    problem = email_problem(email) if email else "is empty"
    if problem:
        bad("email", problem)
    name = " ".join(values.get("name", "").split())
    if not name or len(name) > 200:
        bad("name", "is empty" if not name else "is longer than 200 characters")
    role = _role(framework, values.get("current_role", "").strip(), bad)
    since = _date(values.get("role_since", "").strip(), today, bad)
    if since and not role:
        bad("role_since", "is given without a current_role")
    manager = normalise_email(values.get("manager_email", "")) or None
    manager_problem = email_problem(manager) if manager else None
    if manager_problem:
        bad("manager_email", manager_problem)
    elif manager and manager == email:
        bad("manager_email", "a person cannot be their own manager")
    team = " ".join(values.get("team", "").split()) or None
    if team and len(team) > 200:
        bad("team", "is longer than 200 characters")
    if problems:
        return problems
    return PersonRow(number, email, name, role, since, manager, team)


def _role(framework: Framework, value: str, bad: Complaint) -> str | None:
    if not value:
        return None
    try:
        return find_role(framework, value).id
    except UnknownRole as error:
        bad("current_role", str(error))
        return None


def _date(value: str, today: date, bad: Complaint) -> date | None:
    if not value:
        return None
    try:
        parsed = date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        parsed = None
    if parsed is None:
        bad("role_since", f"'{value}' is not a date as YYYY-MM-DD")
        return None
    if parsed > today:
        bad("role_since", f"{value} is in the future")
        return None
    return parsed


def _manager_cycles(uow: UnitOfWork, rows: list[PersonRow], source: str) -> list[Problem]:
    """A manager chain that loops back (in the file, or through people already stored)."""
    graph: nx.DiGraph[str] = nx.DiGraph()
    stored = uow.people.everyone()
    email_of = {p.id: p.email for p in stored if p.email}
    for person in stored:
        if person.email and person.manager_id in email_of:
            graph.add_edge(person.email, email_of[person.manager_id])
    row_of = {}
    for row in rows:
        row_of[row.email] = row.row
        if graph.has_node(row.email):
            graph.remove_edges_from(list(graph.out_edges(row.email)))
        if row.manager_email:
            graph.add_edge(row.email, row.manager_email)
    problems = []
    for cycle in nx.simple_cycles(graph):
        numbered = sorted(row_of[e] for e in cycle if e in row_of)
        at = numbered[0] if numbered else 1
        chain = " -> ".join([*cycle, cycle[0]])
        problems.append(_row_problem(source, at, "manager_email", f"manager chain loops: {chain}"))
    return problems


def _apply(
    uow: UnitOfWork, rows: list[PersonRow], report: ImportReport, *, actor: str, now: datetime
) -> None:
    """Write people first, then their managers (who may come later in the file)."""
    existing = uow.people.by_emails(row.email for row in rows)
    saved = {row.email: _save_person(uow, row, existing.get(row.email)) for row in rows}
    managers = uow.people.by_emails({r.manager_email for r in rows if r.manager_email} - set(saved))
    managers.update(saved)
    for row in rows:
        person = saved[row.email]
        manager_id = managers[row.manager_email].id if row.manager_email else None
        if person.manager_id != manager_id:
            person = replace(person, manager_id=manager_id)
            uow.people.update(person)
        before = existing.get(row.email)
        outcome = report.created if before is None else report.updated
        if before == person:
            outcome = report.unchanged
        outcome.append(row.email)
        if before != person:
            after = _view(person)
            entry = AuditEntry(now, actor, "people.import", "person", str(person.id), None, after)
            uow.audit.record(replace(entry, before=_view(before)) if before else entry)


def _save_person(uow: UnitOfWork, row: PersonRow, before: Person | None) -> Person:
    person = Person(
        before.id if before else None,
        row.email,
        row.name,
        row.role,
        row.role_since,
        before.manager_id if before else None,
        row.team,
    )
    if before is None:
        person = uow.people.add(person)
    elif before != person:
        uow.people.update(person)
    if row.role and (before is None or before.role != row.role):
        assert person.id is not None
        uow.people.start_role(person.id, row.role, row.role_since)
    return person


def _view(person: Person) -> dict[str, object]:
    return {
        "email": person.email,
        "name": person.name,
        "role": person.role,
        "role_since": person.role_since.isoformat() if person.role_since else None,
        "manager_id": person.manager_id,
        "team": person.team,
    }


def upload_people(
    store: Store, viewer: Viewer, text: str, source: str, *, actor: str, dry_run: bool
) -> ImportReport:
    """Read people CSV text and (unless ``dry_run``) import it, all rows or none (admins only).

    Raises PermissionDenied, or RowProblems listing every bad row with its number.
    """
    require_admin(viewer)
    header, rows = store.ports.readers.people(text, source)
    return import_people(store, source, header, rows, actor=actor, dry_run=dry_run)
