"""pmopath people log-evidence|evidence (STAR) and pmopath people cv (JSON Resume to stdout or
a file, validated against the official schema; a PDF read back); bad input exits 1 in words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmopath.cli.main import app
from tests.support.documents import pdf_pages, text_outside_the_page
from tests.support.json_resume import resume_problems

runner = CliRunner()
SAM = "sam@demo.pmopath.org"
STAR = (
    *("--situation", "Board reports were a week late."),
    *("--task", "Get them out every Monday."),
    *("--action", "I automated them from the plan data."),
    *("--result", "Four hours saved a week."),
)


def run(db: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--db", db])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def demo_db(demo_database_url: str) -> str:
    return demo_database_url


def _log(db: str) -> None:
    code, out, err = run(
        db,
        "people",
        "log-evidence",
        SAM,
        *("--title", "Automated the board report", "--on", "2026-09-14"),
        *("--competency", "performance_reporting", *STAR),
    )
    assert code == 0, err
    assert "as STAR: Automated the board report" in out


def test_evidence_is_logged_as_star_and_listed(demo_db: str) -> None:
    _log(demo_db)
    code, out, err = run(demo_db, "people", "evidence", SAM)
    assert code == 0, err
    assert "Automated the board report" in out and "    S: Board reports were a week late." in out
    assert "    R: Four hours saved a week." in out
    assert "Rebuilt the weekly RAID log" in out  # the demo's, told freely
    code, out, _ = run(demo_db, "people", "evidence", SAM, "--json")
    listed = json.loads(out)
    told = {e["title"]: e for e in listed["data"]}
    assert listed["count"] == 2
    assert told["Automated the board report"]["task"] == "Get them out every Monday."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--situation", "Only this"), "task: say what you were asked"),
        (("--on", "14/09/2026"), "--on"),
        (("--competency", "juggling"), "competencies: unknown juggling"),
    ],
)
def test_bad_evidence_exits_1_saying_where(
    demo_db: str, args: tuple[str, ...], message: str
) -> None:
    code, out, err = run(
        demo_db, "people", "log-evidence", SAM, "--title", "Half", "--on", "2026-09-14", *args
    )
    assert code == 1 and message in err and "Traceback" not in err + out
    code, out, _ = run(demo_db, "people", "evidence", SAM, "--json")
    assert json.loads(out)["count"] == 1  # nothing written


def test_the_cv_as_json_resume_to_stdout_and_a_file(demo_db: str, tmp_path: Path) -> None:
    _log(demo_db)
    code, out, err = run(demo_db, "people", "cv", SAM, "--json-resume")
    assert code == 0, err
    document = json.loads(out)
    assert resume_problems(document) == []
    assert document["basics"]["name"] == "Sam Patel"
    assert "Automated the board report" in [p["name"] for p in document["projects"]]
    target = tmp_path / "cv.json"
    code, out, err = run(demo_db, "people", "cv", SAM, "--json-resume", "-o", str(target), "--json")
    assert code == 0, err
    assert json.loads(out)["file"] == str(target)
    written = json.loads(target.read_text(encoding="utf-8"))
    assert {**written, "meta": {}} == {**document, "meta": {}}  # meta: when each was made


def test_the_cv_as_a_pdf(demo_db: str, tmp_path: Path) -> None:
    _log(demo_db)
    target = tmp_path / "cv.pdf"
    code, out, err = run(demo_db, "people", "cv", SAM, "--pdf", "--output", str(target))
    assert code == 0, err
    assert f"Wrote the CV to {target}" in out
    text = " ".join(" ".join(pdf_pages(target.read_bytes())).split())
    assert text.startswith("Sam Patel PMO Administrator")
    assert "Situation Board reports were a week late." in text
    assert text_outside_the_page(target.read_bytes()) == []
    code, out, err = run(demo_db, "audit", "list", "--kind", "exports", "--json")
    assert code == 0, err
    exported = [e for e in json.loads(out)["data"] if e["action"] == "export.cv"]
    assert [(e["what"], e["after"]) for e in exported] == [("CV downloaded", {"format": "pdf"})]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "--pdf or --json-resume: choose one"),
        (("--pdf", "--json-resume"), "--pdf or --json-resume: choose one"),
        (("--pdf",), "--output: a PDF needs a file to write"),
    ],
)
def test_a_cv_without_one_format_exits_1(demo_db: str, args: tuple[str, ...], message: str) -> None:
    code, out, err = run(demo_db, "people", "cv", SAM, *args)
    assert code == 1 and message in err and "Traceback" not in err + out


def test_a_cv_of_nobody_exits_saying_so(demo_db: str) -> None:
    code, _, err = run(demo_db, "people", "cv", "nobody@demo.pmopath.org", "--json-resume")
    assert code != 0 and "nobody@demo.pmopath.org" in err
