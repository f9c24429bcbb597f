"""The five people of the career-advice review, through the CLI with the shipped framework:
routes, months and readiness a Head of PMO would sign (docs/career-model.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_cli import run_json

PROFILES = Path(__file__).parents[2] / "docs" / "examples" / "profiles"
AIMS = {
    "administrator": ("pmo_administrator", "head_of_pmo"),
    "project_manager": ("project_manager", "pmo_manager"),
    "business_analyst": ("business_analyst", "pmo_analyst"),
    "pmo_manager": ("pmo_manager", "portfolio_manager"),
    "project_coordinator": ("project_coordinator", "programme_manager"),
}


@pytest.mark.parametrize("name", sorted(AIMS))
def test_each_profile_gets_months_that_match_its_gaps(name: str) -> None:
    source, target = AIMS[name]
    file = str(PROFILES / f"{name}.yaml")
    gap = run_json("roles", "gap", target, "-a", file)
    paths = run_json("roles", "paths", "--from", source, "--to", target, "-a", file)
    assert paths["paths"], f"{name}: no route"
    best = paths["paths"][0]
    if gap["blockers"]:
        assert gap["readiness"] < 80
        assert gap["band"]["band"] != "ready_now"
    if gap["band"]["band"] != "ready_now":
        # nobody not yet ready arrives in 0 months, and a direct move takes at least the months
        # of practice the band gives (a longer route assumes each role's levels are gained in it)
        assert best["steps"][0]["expected_months"] > 0
        for path in paths["paths"]:
            if len(path["steps"]) == 1:
                assert path["expected_months"] >= gap["band"]["months"]
    closest = run_json("roles", "closest", "-a", file)["roles"]
    assert source not in {r["role"] for r in closest}


def test_the_project_manager_is_no_longer_told_0_months() -> None:
    file = str(PROFILES / "project_manager.yaml")
    paths = run_json(
        "roles", "paths", "--from", "project_manager", "--to", "pmo_manager", "-a", file
    )
    direct = next(p for p in paths["paths"] if len(p["steps"]) == 1)
    gap = run_json("roles", "gap", "pmo_manager", "-a", file)
    assert "pmo_service_design" in gap["capped_by"]  # 1 against a critical 4
    assert direct["expected_months"] == gap["band"]["months"] >= 12
