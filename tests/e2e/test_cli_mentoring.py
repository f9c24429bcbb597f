"""``pmopath mentoring`` on the demo organisation, on SQLite and (when configured) PostgreSQL:
offers made and refused, matching as a table and JSON, applied, and the active pairs."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from pmopath.bootstrap.database import open_store
from pmopath.cli.main import app
from tests.e2e.web.mentoring_world import omar_can_mentor

runner = CliRunner()


def _run(db: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["mentoring", *args, "--db", db])
    return result.exit_code, result.stdout, result.stderr


def test_offer_match_apply_and_count(demo_database_url: str) -> None:
    with open_store(demo_database_url) as store:
        gaps = omar_can_mentor(store, offer=False)
    omar = "omar@demo.pmopath.org"
    code, out, err = _run(demo_database_url, "offer", omar, "--competency", "nonsense")
    assert code == 1 and "competencies: no competency is called 'nonsense'" in err
    assert "Traceback" not in out + err
    code, out, err = _run(
        demo_database_url, "offer", omar, "--competency", gaps[0], "--capacity", "0"
    )
    assert code == 1 and err.strip().endswith("capacity: a whole number of mentees from 1 to 10")
    args = ["offer", omar, "--capacity", "10", "--availability", "Tuesdays"]
    for competency in gaps:
        args += ["--competency", competency]
    code, out, err = _run(demo_database_url, *args, "--json")
    assert code == 0, err
    assert json.loads(out)["competencies"] == gaps and json.loads(out)["capacity"] == 10

    code, out, err = _run(demo_database_url, "offers", "--json")
    offers = {o["person_id"]: o for o in json.loads(out)["data"]}
    assert code == 0 and len(offers) == 2  # Maria's (the demo's) and Omar's
    assert sorted(o["mentees_now"] for o in offers.values()) == [0, 1]

    code, out, err = _run(demo_database_url, "match", "--team", "PMO", "--json")
    assert code == 0, err
    found = json.loads(out)
    assert found["count"] == len(found["data"]) > 0 and found["applied"] == []
    sam = next(p for p in found["data"] if p["mentee_name"] == "Sam Patel")
    assert sam["mentor_name"] == "Omar Haddad" and "line of management" in sam["explanation"]
    marias = {"Sam Patel", "Priya Shah", "Tom Becker", "Lena Novak", "Ella Fischer"}
    by_maria = {p["mentee_name"] for p in found["data"] if p["mentor_name"] == "Maria Lopez"}
    assert not by_maria & marias  # never the line manager
    code, out, _ = _run(demo_database_url, "match")
    assert code == 0 and "Sam Patel" in out and "proposals" in out

    code, out, err = _run(demo_database_url, "match", "--apply", "--json")
    assert code == 0, err
    assert len(json.loads(out)["applied"]) == json.loads(out)["count"] > 0
    code, out, err = _run(demo_database_url, "match", "--team", "Nowhere")
    assert code == 1 and "team: nobody you may match is in a team called 'Nowhere'" in err

    code, out, err = _run(
        demo_database_url, "pairs", "--from", "2020-01-01", "--to", "2099-12-31", "--json"
    )
    assert code == 0 and json.loads(out) == {
        "from": "2020-01-01",
        "to": "2099-12-31",
        "active_pairs": 1,
    }
    code, out, err = _run(demo_database_url, "pairs", "--from", "2027-01-01", "--to", "2026-01-01")
    assert code == 1 and "to: 2026-01-01 is before from" in err
    code, out, err = _run(demo_database_url, "offer", omar, "--withdraw")
    assert code == 0 and "withdrawn" in out
