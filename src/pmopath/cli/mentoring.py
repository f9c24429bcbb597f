"""``pmopath mentoring``: match mentees to mentors, list and make offers, count active pairs.

Only Typer is imported here: each command imports what it needs when it runs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from pmopath.cli.options import DatabaseOption, JsonOption, PersonArgument, cli_actor, stored
from pmopath.cli.output import console, emit_json, handles_errors

mentoring_app = typer.Typer(name="mentoring", rich_markup_mode=None, no_args_is_help=True)

Day = Annotated[datetime, typer.Option(formats=["%Y-%m-%d"], help="A day, YYYY-MM-DD.")]


@mentoring_app.callback()
def mentoring() -> None:
    """Mentoring: offers to mentor, matching, active pairs.

    \b
    Example:
      pmopath mentoring match --team PMO --json
    """


@mentoring_app.command("match")
@handles_errors
def match(
    team: Annotated[str, typer.Option(help="Only the people of this team.")] = "",
    apply: Annotated[
        bool, typer.Option("--apply", help="Propose the pairs to the people (each agrees).")
    ] = False,
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Propose mentors for people's largest gaps.

    Everyone (or one team) with a target role and no mentor yet; each proposal says which
    gap, the mentor's level and why this mentor. Nobody is matched with someone in their
    line of management; mentors in another team come first; no mentor gets more mentees
    than they offered.

    \b
    Example:
      pmopath mentoring match --team PMO --apply
    """
    from pmopath.domain.permissions import SYSTEM
    from pmopath.services.mentoring import matching, relationships
    from pmopath.services.mentoring.views import match_view

    store = stored(db)
    result = matching.match_group(store, SYSTEM, team=team.strip() or None)
    applied = (
        relationships.accept_proposals(store, SYSTEM, actor=cli_actor(), team=team.strip() or None)
        if apply
        else []
    )
    if as_json:
        emit_json(match_view(result, applied))
        return
    out = console()
    if not result.proposals:
        out.print(f"No proposal: {result.mentors} mentors with {result.places} places.")
    else:
        from rich.table import Table

        table = Table(title=f"{len(result.proposals)} proposals ({result.places} places)")
        for column in ("Mentee", "Mentor", "Gap", "Levels", "Why"):
            table.add_column(column)
        for p in result.proposals:
            levels = f"{p.mentee_level} of {p.required}; mentor {p.mentor_level}"
            table.add_row(p.mentee_name, p.mentor_name, p.competency_name, levels, p.explanation)
        out.print(table)
    if result.unmatched:
        out.print(f"{len(result.unmatched)} without a proposal:")
        for u in result.unmatched:
            out.print(f"  {u.name}: {u.reason}")
    if apply:
        out.print(f"{len(applied)} pairs proposed to the people: each agrees or declines.")


@mentoring_app.command("offers")
@handles_errors
def list_offers(db: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """List everyone's offers to mentor.

    \b
    Example:
      pmopath mentoring offers --json
    """
    from pmopath.domain.permissions import SYSTEM
    from pmopath.services.mentoring.offers import every_offer
    from pmopath.services.mentoring.schemas import MentoringOffersPublic
    from pmopath.services.mentoring.views import offer_view

    found = every_offer(stored(db), SYSTEM)
    if as_json:
        data = [offer_view(line.offer, line.mentees_now) for line in found]
        emit_json(MentoringOffersPublic(data=data, count=len(data)))
        return
    out = console()
    if not found:
        out.print("Nobody offers to mentor yet.")
        return
    from rich.table import Table

    table = Table(title=f"{len(found)} offers to mentor")
    for column in ("Who", "Competencies", "Places", "Availability"):
        table.add_column(column)
    for line in found:
        places = f"{line.mentees_now} of {line.offer.capacity}"
        table.add_row(
            line.name, ", ".join(line.offer.competencies), places, line.offer.availability
        )
    out.print(table)


@mentoring_app.command("offer")
@handles_errors
def offer(
    person: PersonArgument,
    competency: Annotated[
        list[str], typer.Option("--competency", help="A competency id (repeat for more).")
    ] = [],  # noqa: B006 - Typer reads it, never mutated
    capacity: Annotated[int, typer.Option(help="How many mentees at once (1-10).")] = 1,
    availability: Annotated[str, typer.Option(help="When, in a few words.")] = "",
    withdraw: Annotated[bool, typer.Option("--withdraw", help="Withdraw the offer.")] = False,
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Make, change or withdraw someone's offer to mentor.

    Each competency must be held at level 4 or more.

    \b
    Example:
      pmopath mentoring offer maria@example.org --competency data_analysis --capacity 2
    """
    from pmopath.domain.permissions import SYSTEM
    from pmopath.services.mentoring import offers
    from pmopath.services.mentoring.views import offer_view

    store = stored(db)
    if withdraw:
        gone = offers.withdraw_offer(store, SYSTEM, person, actor=cli_actor())
        if as_json:
            emit_json(offer_view(gone, 0))
        else:
            console().print("Offer to mentor withdrawn.")
        return
    saved = offers.offer_to_mentor(
        store,
        SYSTEM,
        person,
        competencies=competency,
        capacity=capacity,
        availability=availability,
        actor=cli_actor(),
    )
    if as_json:
        emit_json(offer_view(saved, offers.offer_picture(store, SYSTEM, person).mentees_now))
        return
    console().print(f"Offer saved: {', '.join(saved.competencies)}, {saved.capacity} places.")


@mentoring_app.command("pairs")
@handles_errors
def pairs(
    from_: Annotated[
        datetime, typer.Option("--from", formats=["%Y-%m-%d"], help="First day, YYYY-MM-DD.")
    ],
    to: Annotated[
        datetime, typer.Option("--to", formats=["%Y-%m-%d"], help="Last day, YYYY-MM-DD.")
    ],
    db: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Count mentoring pairs active in a period.

    \b
    Example:
      pmopath mentoring pairs --from 2027-01-01 --to 2027-03-31 --json
    """
    from pmopath.services.mentoring.kpi import active_pairs_in
    from pmopath.services.mentoring.schemas import ActivePairsPublic

    count = active_pairs_in(stored(db), from_.date(), to.date())
    if as_json:
        emit_json(ActivePairsPublic(from_=from_.date(), to=to.date(), active_pairs=count))
        return
    console().print(f"{count} mentoring pairs active from {from_.date()} to {to.date()}.")
