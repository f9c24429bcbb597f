"""``pmopath people history``: a person's role history, with past spells added or removed
(registered on the ``people`` group in ``people``).

Only Typer is imported here: the command imports what it needs when it runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer

from pmopath.cli.options import (
    DatabaseOption,
    JsonOption,
    PersonArgument,
    StoreFrameworkOption,
    cli_actor,
    stored,
)
from pmopath.cli.output import handles_errors, jsonable, show_lines


@handles_errors
def history(
    person: PersonArgument,
    add: Annotated[
        str | None,
        typer.Option("--add", help="Record a past spell in this role (id, title or alias)."),
    ] = None,
    started: Annotated[
        str | None,
        typer.Option("--from", help="With --add: its first month (YYYY-MM) or day."),
    ] = None,
    ended: Annotated[
        str | None,
        typer.Option("--to", help="With --add: its last month (YYYY-MM) or day, inclusive."),
    ] = None,
    kinds: Annotated[
        list[str] | None,
        typer.Option("--kind", help="With --add: a kind of work done in it (agile; repeatable)."),
    ] = None,
    remove: Annotated[
        int | None, typer.Option("--remove", help="Remove the past spell with this id.", min=1)
    ] = None,
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show or change a person's role history.

    Months of agile work (--kind agile) count for the PMI-ACP; every spell counts for the
    experience that certifications ask for.

    \b
    Example:
      pmopath people history sam@example.org --add project_manager --from 2019-01 --to 2021-06
    """
    from pmopath.domain.errors import InvalidRequest
    from pmopath.services.people import role_history
    from pmopath.services.people.views import history_view

    store = stored(db, framework)
    if add is not None and remove is not None:
        raise InvalidRequest("--add and --remove: one at a time")
    if add is not None:
        if started is None or ended is None:
            raise InvalidRequest("--add needs --from and --to (YYYY-MM)")
        role_history.add_spell(store, person, add, started, ended, kinds or [], actor=cli_actor())
    elif started is not None or ended is not None or kinds:
        raise InvalidRequest("--from, --to and --kind go with --add")
    if remove is not None:
        role_history.remove_spell(store, person, remove, actor=cli_actor())
    data = jsonable(history_view(store.framework, role_history.history_of(store, person)))
    lines = [
        f"#{s['id']:<5} {s['role_title']}: {_month(s['started_on'])} to "
        f"{_month(s['ended_on']) if s['ended_on'] else 'now'}"
        + (f" ({', '.join(s['kinds'])})" if s["kinds"] else "")
        for s in data["data"]
    ] or ["No role history recorded."]
    show_lines(data, lines, as_json=as_json)


def _month(day: str | None) -> str:
    return day[:7] if day else "unknown"


COMMANDS: tuple[tuple[str, Callable[..., None]], ...] = (("history", history),)
