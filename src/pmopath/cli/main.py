"""The ``pmopath`` command: one group per resource (roles, people, plans, users, framework, db),
a tour (demo) and the web application (serve).

Building the command tree imports Typer, the command modules and the domain's enums only; each
command imports the services, parsers, database and Rich when it runs, so ``pmopath --help``
starts in a fraction of a second.
"""

from __future__ import annotations

import typer
from typer.core import TyperGroup

from pmopath.cli.db import db_app
from pmopath.cli.framework import framework_app
from pmopath.cli.options import FrameworkOption, JsonOption
from pmopath.cli.output import console, emit_json, handles_errors
from pmopath.cli.people import people_app
from pmopath.cli.plans import plans_app
from pmopath.cli.roles import roles_app
from pmopath.cli.serve import serve
from pmopath.cli.users import users_app


class _GroupsFirst(TyperGroup):
    """Lists the resources (groups) before the two commands of their own, demo and serve."""

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        names = super().list_commands(ctx)
        return sorted(names, key=lambda name: not isinstance(self.commands[name], TyperGroup))


app = typer.Typer(
    name="pmopath",
    cls=_GroupsFirst,
    help="PMO Pathways: where a PMO career can go, what each route demands, and how far you are."
    "\n\n\b\nExample:\n  pmopath roles paths --from 'PMO Analyst' --to 'Head of PMO'",
    epilog="Every command takes --help; most take --json for machine-readable output.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(roles_app, name="roles")
app.add_typer(people_app, name="people")
app.add_typer(plans_app, name="plans")
app.add_typer(users_app, name="users")
app.add_typer(framework_app, name="framework")
app.add_typer(db_app, name="db")


@app.command("demo")
@handles_errors
def demo(framework: FrameworkOption = None, as_json: JsonOption = False) -> None:
    """A tour of the career map and of Sam's routes.

    The career map, then Sam's routes from PMO Administrator to Head of PMO.

    \b
    Example:
      pmopath demo
    """
    from pmopath.bootstrap.files import framework_for, sample_assessment
    from pmopath.cli.tour import demo_view, show_tour

    fw = framework_for(framework)
    sam_roles = {"pmo_administrator", "head_of_pmo", "pmo_analyst"}
    sam = sample_assessment(fw) if sam_roles <= set(fw.roles_by_id) else None
    if as_json:
        emit_json(demo_view(fw, sam))
    else:
        show_tour(console(), fw, sam)


app.command("serve")(serve)


def run() -> None:
    """Console-script entry point."""
    app()
