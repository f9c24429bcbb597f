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
