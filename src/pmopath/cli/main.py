"""The ``pmopath`` command: one group per resource (roles, people, plans, users, framework, db),
a tour (demo) and the web application (serve).

Start-up is kept short at two levels. A group's module is imported, and its commands built, only
when that group is used: ``pmopath roles`` loads the roles group alone, and ``pmopath --help``
lists the groups by the summaries below. Inside a group, the modules import Typer, the options
and the domain's enums only; each command imports the services, parsers, database and Rich when
it runs.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

import typer
import typer.main
from typer.core import TyperGroup

from pmopath.cli.options import FrameworkOption, JsonOption
from pmopath.cli.output import console, emit_json, handles_errors
from pmopath.cli.serve import serve

if TYPE_CHECKING:
    from typer._click import Command, Context, HelpFormatter

GROUPS: dict[str, tuple[str, str]] = {
    "roles": ("pmopath.cli.roles:roles_app", "The framework's roles, career map, routes and gaps."),
    "people": (
        "pmopath.cli.people:people_app",
        "Stored people, their assessments, targets and data.",
    ),
    "plans": ("pmopath.cli.plans:plans_app", "Development plans: suggestions, versions, reviews."),
    "users": ("pmopath.cli.users:users_app", "Accounts that sign in to the web app; API tokens."),
    "framework": (
        "pmopath.cli.framework:framework_app",
        "Framework files: schema, validate, import, activate.",
    ),
    "db": ("pmopath.cli.db:db_app", "The database: upgrade, backup and restore."),
    "audit": (
        "pmopath.cli.audit:audit_app",
        "Who did what and when: sign-ins, changes, exports.",
    ),
    "feedback": (
        "pmopath.cli.feedback:feedback_app",
        "Stakeholders' views, asked by single-use links.",
    ),
    "calibration": (
        "pmopath.cli.calibration:calibration_app",
        "Disagreeing levels, calibrated levels, sessions.",
    ),
    "insight": (
        "pmopath.cli.insight:insight_app",
        "The leader's view: services, successors and progress.",
    ),
    "mentoring": (
        "pmopath.cli.mentoring:mentoring_app",
        "Mentoring: offers to mentor, matching, active pairs.",
    ),
}
"""Each group's Typer app (module:attribute) and the summary the top-level help shows for it
(the first line of the group's own help; a test holds the two equal)."""


class GroupsOnDemand(TyperGroup):
    """The top level: the resource groups, each built the first time it is asked for, listed
    before the commands of the top level itself (demo, serve).

    A group built on its own inherits nothing from the top level, so each group's app gives its
    own name and ``rich_markup_mode=None`` (plain help, as here: Rich loads only for output).
    """

    def list_commands(self, ctx: Context) -> list[str]:
        return [*GROUPS, *super().list_commands(ctx)]

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        if cmd_name in GROUPS and cmd_name not in self.commands:
            module, attribute = GROUPS[cmd_name][0].split(":")
            group_app = getattr(import_module(module), attribute)
            self.commands[cmd_name] = typer.main.get_group(group_app)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        """The groups by their summaries (nothing is imported for them), then the commands."""
        rows = [(name, summary) for name, (_, summary) in GROUPS.items()]
        own = super().list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in self.list_commands(ctx))
        rows += [(name, self.commands[name].get_short_help_str(limit)) for name in own]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


app = typer.Typer(
    name="pmopath",
    cls=GroupsOnDemand,
    help="PMO Pathways: where a PMO career can go, what each route demands, and how far you are."
    "\n\n\b\nExample:\n  pmopath roles paths --from 'PMO Analyst' --to 'Head of PMO'",
    epilog="Every command takes --help; most take --json for machine-readable output.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


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
