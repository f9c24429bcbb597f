"""pmopath people credentials: stored certifications and education, used by eligibility."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.test_cli_plans import run, stored_sam


def test_saved_credentials_count_for_eligibility(database_url: str, tmp_path: Path) -> None:
    stored_sam(database_url, tmp_path)
    code, out, err = run(database_url, "people", "credentials", "sam@example.org", "--json")
    assert code == 0, err
    assert json.loads(out) == {"certifications": [], "education": None}
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
    held = {e["action"] for e in json.loads(out)["eligibility"] if e["held"]}
    assert held == {"capm"}
    code, out, err = run(
        database_url, "people", "credentials", "sam@example.org", "--held", "mba", "--save"
    )
    assert code != 0 and "certifications" in err
