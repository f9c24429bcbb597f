"""``pmopath people gap|eligibility|credentials|notifications|pack``: what a stored person has
reached and what is due (registered on the ``people`` group in ``people``).

Only Typer and the domain's enums are imported here: each command imports what it needs when it
runs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from pmopath.cli.options import (
    DatabaseOption,
    EducationOption,
    HeldOption,
    JsonOption,
    PersonArgument,
    StoreFrameworkOption,
    cli_actor,
    stored,
)
from pmopath.cli.output import (
    console,
    emit_json,
    handles_errors,
    jsonable,
    show_lines,
    write_file,
)


@handles_errors
def gap(
    person: PersonArgument,
    role: Annotated[
        str | None,
        typer.Option("--role", help="Role to measure against (default: the primary target)."),
    ] = None,
    target: Annotated[
        float, typer.Option("--target", help="Readiness to reach (0-100).", min=0, max=100)
    ] = 80.0,
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """A person's gaps and readiness, from stored levels.

    For an assessment file, use 'pmopath roles gap'.

    \b
    Example:
      pmopath people gap sam@example.org --role "PMO Manager"
    """
    from pmopath.cli.render import render_gap
    from pmopath.cli.render_records import render_eligibility
    from pmopath.services.plans import role_certifications

    store = stored(db, framework)
    found_person, report, found = role_certifications.gap_with_certifications(
        store, person, role, target=target, today=store.clock().date()
    )
    if as_json:
        emit_json(
            role_certifications.gap_with_certifications_view(store, found_person, report, found)
        )
        return
    out = console()
    render_gap(out, store.framework, report)
    if found:
        render_eligibility(
            out, store.framework, f"{found_person.name}, {report.analysis.role.title}", found
        )


@handles_errors
def closest(
    person: PersonArgument,
    limit: Annotated[int, typer.Option("--limit", help="How many roles.", min=1, max=50)] = 5,
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """The roles a person is closest to, from stored levels.

    \b
    Example:
      pmopath people closest sam@example.org
    """
    from pmopath.cli.render import show_closest_roles
    from pmopath.services.people import records

    store = stored(db, framework)
    _, reports = records.person_closest_roles(store, person, limit=limit)
    show_closest_roles(store.framework, reports, as_json=as_json)


@handles_errors
def eligibility(
    person: PersonArgument,
    held: HeldOption = None,
    education: EducationOption = None,
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """When a person becomes eligible for each certification.

    With what is still needed first, and why.

    \b
    Example:
      pmopath people eligibility priya@example.org --held capm
    """
    from pmopath.services.plans import suggestions

    store = stored(db, framework)
    record, found = suggestions.eligibility_of(
        store, person, today=store.clock().date(), held=held or [], education=education
    )
    if as_json:
        emit_json(suggestions.eligibilities_view(store.framework, found))
    else:
        from pmopath.cli.render_records import render_eligibility

        render_eligibility(console(), store.framework, record.person.name, found)


@handles_errors
def credentials(
    person: PersonArgument,
    held: Annotated[
        list[str] | None,
        typer.Option("--held", help="A certification held (action id; repeatable)."),
    ] = None,
    earned: Annotated[
        list[str] | None,
        typer.Option(
            "--earned", help="When a held one was earned: ID=YYYY-MM or ID=YYYY-MM-DD (repeatable)."
        ),
    ] = None,
    education: EducationOption = None,
    save: Annotated[
        bool, typer.Option("--save", help="Replace the stored ones with --held and --education.")
    ] = False,
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show or set a person's certifications and education.

    With --save, --held and --education replace the stored ones. --held or --earned without
    --save change only what they name: --earned adds to the stored earned dates.

    \b
    Example:
      pmopath people credentials sam@example.org --held capm --earned capm=2024-05
    """
    from pmopath.services.people import credentials as person_credentials

    store = stored(db, framework)
    if save or held or earned:
        before = person_credentials.credentials_of(store, person)
        wanted = list(held or []) if save or held else list(before.certifications)
        level = education.value if education else None
        if not save and education is None and before.education is not None:
            level = before.education.value
        given = _earned(earned or [])
        dates = None
        if earned:
            dates = {k: v.isoformat() for k, v in before.earned_on.items() if k in wanted}
            dates.update(given)
        found = person_credentials.set_credentials(
            store, person, wanted, level, actor=cli_actor(), earned=dates
        )
    else:
        found = person_credentials.credentials_of(store, person)
    shown = found.education.value if found.education else None
    if as_json:
        from pmopath.services.people.records import show_person
        from pmopath.services.people.views import credentials_view

        person_id = show_person(store, person).person.id
        assert person_id is not None
        emit_json(credentials_view(person_id, found))
        return
    titles = [
        store.framework.actions_by_id[c].title
        + (f" (earned {found.earned_on[c]:%Y-%m})" if c in found.earned_on else "")
        for c in found.certifications
    ]
    console().print(f"Held: {', '.join(titles) or 'none recorded'}")
    console().print(f"Education: {shown or 'not recorded'}")


def _earned(given: list[str]) -> dict[str, str]:
    """``ID=YYYY-MM`` pairs by id; raises InvalidRequest for one without '='."""
    from pmopath.domain.errors import InvalidRequest

    found: dict[str, str] = {}
    for text in given:
        action, sep, when = text.partition("=")
        if not sep or not action.strip() or not when.strip():
            raise InvalidRequest(f"--earned takes ID=YYYY-MM (such as capm=2024-05), not '{text}'")
        found[action.strip()] = when.strip()
    return found


@handles_errors
def notifications(
    person: PersonArgument, db: DatabaseOption = None, as_json: JsonOption = False
) -> None:
    """A person's notifications, newest first.

    * marks the unread.

    \b
    Example:
      pmopath people notifications maria@example.org
    """
    from pmopath.domain.people import AccountRole
    from pmopath.domain.permissions import Viewer
    from pmopath.services.people.records import person_of
    from pmopath.services.plans.notifications import my_notifications
    from pmopath.services.plans.review_views import notifications_view

    store = stored(db)
    found = person_of(store, person)
    data = jsonable(
        notifications_view(my_notifications(store, Viewer(AccountRole.MEMBER, found.id)))
    )
    lines = [
        f"{'  ' if n['read_at'] else '* '}{n['created_at'][:10]} {n['message']}"
        for n in data["data"]
    ] or ["No notifications."]
    show_lines(data, lines, as_json=as_json)


@handles_errors
def pack(
    person: PersonArgument,
    pdf: Annotated[Path, typer.Option("--pdf", help="The PDF file to write.", dir_okay=False)],
    role: Annotated[
        str | None, typer.Option("--role", help="Target role (default: the primary target).")
    ] = None,
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write a person's readiness pack for a role as PDF.

    Their profile, evidence as STAR and plan.

    \b
    Example:
      pmopath people pack sam@example.org --role "PMO Manager" --pdf pack.pdf
    """
    from pmopath.domain.permissions import SYSTEM
    from pmopath.services.exports import documents

    content = documents.readiness_pack_pdf(stored(db), SYSTEM, person, role)
    write_file(pdf, content, "the readiness pack", as_json=as_json)


COMMANDS: tuple[tuple[str, Callable[..., None]], ...] = (
    ("gap", gap),
    ("closest", closest),
    ("eligibility", eligibility),
    ("credentials", credentials),
    ("notifications", notifications),
    ("pack", pack),
)
