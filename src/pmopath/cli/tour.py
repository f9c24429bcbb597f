"""``pmopath demo``: the career map, then Sam's routes and gap, and what to try next.

Imported when the command runs (it loads Rich, the path search and the services).
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text

from pmopath.cli import render
from pmopath.cli.output import jsonable
from pmopath.domain.assessment import Assessment
from pmopath.domain.framework import Framework
from pmopath.services.careers import views
from pmopath.services.careers.gaps import analyse_gap
from pmopath.services.careers.paths import find_paths
from pmopath.services.careers.roles import roles_by_track

TRY_NEXT = (
    "pmopath roles show 'PMO Manager'",
    "pmopath roles assess 'PMO Manager' --out me.yaml",
    "pmopath roles gap 'PMO Manager' --assessment me.yaml",
    "pmopath roles paths --from 'PMO Analyst' --to 'Head of PMO' --assessment me.yaml",
)


def show_tour(out: Console, fw: Framework, sam: Assessment | None) -> None:
    """The career map; with Sam's assessment (the shipped framework), Sam's routes and gap."""
    render.render_career_map(out, fw)
    if sam is None:
        return
    out.print(
        Text.assemble(
            "\n",
            ("Sam", "bold"),
            " has been a PMO Administrator for 18 months and wonders how far Head of PMO is.",
        )
    )
    source, target = fw.role("pmo_administrator"), fw.role("head_of_pmo")
    found = find_paths(fw, source, target, assessment=sam)
    render.render_paths(out, fw, source, target, found, personal=True)
    render.render_gap(out, fw, analyse_gap(fw, "pmo_analyst", sam))
    out.print("\nTry:")
    for example in TRY_NEXT:
        out.print(f"  {example}", style="bold")


def demo_view(fw: Framework, sam: Assessment | None) -> dict[str, Any]:
    """The career map as JSON, with Sam's routes and gap when there is a Sam."""
    view: dict[str, Any] = jsonable(views.career_map_view(fw, roles_by_track(fw)))
    if sam is not None:
        source, target = fw.role("pmo_administrator"), fw.role("head_of_pmo")
        found = find_paths(fw, source, target, assessment=sam)
        view["sample_paths"] = views.paths_view(source, target, found)
        view["sample_gap"] = views.gap_view(analyse_gap(fw, "pmo_analyst", sam))
    return view
