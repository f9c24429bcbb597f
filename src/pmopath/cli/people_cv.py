"""``pmopath people evidence|log-evidence|cv``: a person's evidence log, told as STAR, and
their PMO CV as PDF or JSON Resume (registered on the ``people`` group in ``people``).

Only Typer is imported here: each command imports what it needs when it runs.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
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
from pmopath.cli.output import emit_json, handles_errors, jsonable, show_lines, write_file

StarOption = Annotated[str, typer.Option(help="STAR: give all four parts, or none.")]


@handles_errors
def evidence(
    person: PersonArgument,
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """List a person's evidence, newest first, as STAR.

    \b
    Example:
      pmopath people evidence sam@example.org --json
    """
    from pmopath.domain.permissions import SYSTEM
    from pmopath.services.people import evidence as evidence_log
    from pmopath.services.people.assessment_views import evidence_list_view

    found = evidence_log.evidence_of(stored(db, framework), person, viewer=SYSTEM)
    lines: list[str] = []
    for e in found:
        verified = ", verified" if e.verified_by_id else ""
        lines.append(f"#{e.id} {e.happened_on.isoformat()} {e.title}{verified}")
        situation, task, action, result = e.star()
        for label, text in (("S", situation), ("T", task), ("A", action), ("R", result)):
            if text:
                lines.append(f"    {label}: {text}")
    show_lines(
        jsonable(evidence_list_view(found)), lines or ["No evidence logged."], as_json=as_json
    )


@handles_errors
def log_evidence(
    person: PersonArgument,
    title: Annotated[str, typer.Option("--title", help="What was achieved, in a line.")],
    on: Annotated[str, typer.Option("--on", help="The day it happened (YYYY-MM-DD).")],
    competencies: Annotated[
        list[str] | None,
        typer.Option("--competency", help="A competency it shows (id; repeatable)."),
    ] = None,
    situation: StarOption = "",
    task: StarOption = "",
    action: StarOption = "",
    result: StarOption = "",
    description: Annotated[
        str, typer.Option(help="Told freely instead of as STAR: the account.")
    ] = "",
    impact: Annotated[str, typer.Option(help="Told freely: what changed.")] = "",
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """Log a piece of evidence for a person.

    Tell it as STAR (--situation, --task, --action and --result) or freely (--description,
    --impact).

    \b
    Example:
      pmopath people log-evidence sam@example.org --title "Automated the report" --on 2026-10-01
    """
    from pmopath.domain.permissions import SYSTEM
    from pmopath.domain.plans import Evidence
    from pmopath.domain.role_history import parse_when
    from pmopath.services.people import evidence as evidence_log
    from pmopath.services.people.assessment_views import evidence_view

    day, _ = parse_when(on, "--on")
    draft = Evidence(
        0,
        title,
        day,
        tuple(competencies or ()),
        description,
        impact,
        situation=situation,
        task=task,
        action=action,
        result=result,
    )
    saved = evidence_log.log_evidence(
        stored(db, framework), person, draft, viewer=SYSTEM, actor=cli_actor()
    )
    star = " as STAR" if saved.told_as_star else ""
    show_lines(
        jsonable(evidence_view(saved)),
        [f"Logged #{saved.id}{star}: {saved.title}"],
        as_json=as_json,
    )


@handles_errors
def cv(
    person: PersonArgument,
    pdf: Annotated[bool, typer.Option("--pdf", help="The CV as a PDF (needs -o).")] = False,
    json_resume: Annotated[
        bool, typer.Option("--json-resume", help="The CV as JSON Resume (v1.0.0).")
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="The file to write (JSON: stdout without).", dir_okay=False
        ),
    ] = None,
    db: DatabaseOption = None,
    framework: StoreFrameworkOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write a person's PMO CV as PDF or JSON Resume.

    It shows what the person chose on their CV page (the defaults until they do). The
    download is recorded in the audit log.

    \b
    Example:
      pmopath people cv sam@example.org --json-resume -o cv.json
    """
    from pmopath.domain.errors import InvalidRequest
    from pmopath.domain.permissions import SYSTEM
    from pmopath.services.exports import cv as cv_export

    if pdf == json_resume:
        raise InvalidRequest("--pdf or --json-resume: choose one of the two formats")
    if pdf and output is None:
        raise InvalidRequest("--output: a PDF needs a file to write (-o cv.pdf)")
    store = stored(db, framework)
    if pdf:
        content, _ = cv_export.cv_pdf(store, person, viewer=SYSTEM, actor=cli_actor())
        assert output is not None
        write_file(output, content, "the CV", as_json=as_json)
        return
    document, _ = cv_export.cv_json_resume(store, person, viewer=SYSTEM, actor=cli_actor())
    if output is None:
        emit_json(document)
        return
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    write_file(output, text.encode("utf-8"), "the CV as JSON Resume", as_json=as_json)


COMMANDS: tuple[tuple[str, Callable[..., None]], ...] = (
    ("evidence", evidence),
    ("log-evidence", log_evidence),
    ("cv", cv),
)
