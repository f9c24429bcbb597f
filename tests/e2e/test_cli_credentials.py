"""pmopath people credentials: stored certifications and education, used by eligibility."""

from __future__ import annotations

import json
from pathlib import Path

from pmopath.services.people.schemas import CredentialsPublic
from tests.e2e.test_cli_plans import run, stored_sam


def test_saved_credentials_count_for_eligibility(database_url: str, tmp_path: Path) -> None:
    stored_sam(database_url, tmp_path)
    code, out, err = run(database_url, "people", "credentials", "sam@example.org", "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert shown == {
        "person_id": shown["person_id"],
        "certifications": [],
        "education": None,
        "earned_on": {},
    }
    assert isinstance(shown["person_id"], int)
    CredentialsPublic.model_validate(shown)  # the API's answer, the same model
    code, out, err = run(
        database_url,
        "people",
        "credentials",
        "sam@example.org",
        "--held",
        "capm",
        "--education",
        "degree",
        "--save",
    )
    assert code == 0, err
    assert "Certified Associate" in out and "degree" in out
    code, out, err = run(database_url, "people", "eligibility", "sam@example.org", "--json")
    assert code == 0, err
    held = {e["action"] for e in json.loads(out)["data"] if e["held"]}
    assert held == {"capm"}
    code, out, err = run(
        database_url, "people", "credentials", "sam@example.org", "--held", "mba", "--save"
    )
    assert code != 0 and "certifications" in err


def test_earned_dates_and_role_history_from_the_terminal(database_url: str, tmp_path: Path) -> None:
    stored_sam(database_url, tmp_path)
    code, out, err = run(
        database_url, "people", "credentials", "sam@example.org", "--held", "capm",
        "--earned", "capm=2024-05",
    )  # fmt: skip
    assert code == 0, err
    assert "earned 2024-05" in out
    code, out, err = run(database_url, "people", "credentials", "sam@example.org", "--json")
    assert json.loads(out)["earned_on"] == {"capm": "2024-05-01"}
    code, out, err = run(
        database_url, "people", "credentials", "sam@example.org", "--earned", "pmp=2024-05"
    )
    assert code == 1 and "earned_on.pmp" in err
    code, out, err = run(
        database_url, "people", "credentials", "sam@example.org", "--earned", "capm"
    )
    assert code == 1 and "--earned takes ID=YYYY-MM" in err
    code, out, err = run(
        database_url, "people", "history", "sam@example.org", "--add", "Project Manager",
        "--from", "2019-01", "--to", "2020-12", "--kind", "agile", "--json",
    )  # fmt: skip
    assert code == 0, err
    spells = json.loads(out)["data"]
    added = next(s for s in spells if s["started_on"] == "2019-01-01")
    assert added["ended_on"] == "2020-12-31" and added["kinds"] == ["agile"]
    code, out, err = run(
        database_url, "people", "history", "sam@example.org", "--add", "project_manager",
        "--from", "2020-06", "--to", "2021-01",
    )  # fmt: skip
    assert code == 1 and "overlaps" in err
    code, out, err = run(database_url, "people", "history", "sam@example.org")
    assert code == 0 and "2019-01 to 2020-12 (agile)" in out
    code, out, err = run(
        database_url, "people", "history", "sam@example.org", "--remove", str(added["id"])
    )
    assert code == 0 and "2019-01" not in out
    code, out, err = run(database_url, "people", "history", "sam@example.org", "--remove", "9999")
    assert code != 0
