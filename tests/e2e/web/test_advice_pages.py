"""The engine's advice where people read it: the home page, a role page and the API agree."""

from __future__ import annotations

import html

from tests.e2e.web.conftest import World, sign_in
from tests.e2e.web.test_people_api import _api


def test_home_shows_the_band_the_blockers_and_the_closest_roles(world: World) -> None:
    sam = world.person_id("sam")
    api = _api(world, "sam")
    gap = api.get(f"/api/v1/people/{sam}/gap").json()
    closest = api.get(f"/api/v1/people/{sam}/closest-roles").json()
    home = html.unescape(sign_in(world.client(), "sam").get("/").text)
    assert gap["band"]["label"] in home
    assert gap["band"]["explanation"] in home
    assert "Roles you are closest to" in home
    assert "Certifications for PMO Analyst" in home and "Eligible now:" in home
    assert closest["roles"], "Sam has roles above their own to measure against"
    for role in closest["roles"]:
        assert f'<a href="/roles/{role["role"]}">{role["title"]}</a>' in home
        assert role["band"]["label"] in home
    bands = {"ready_now": 0, "ready_in": 1, "stretch": 2}
    order = [(bands[r["band"]["band"]], r["band"]["months"]) for r in closest["roles"]]
    assert order == sorted(order)  # ready now first, then the fewest months
    assert all(r["role"] != "pmo_administrator" for r in closest["roles"])  # Sam's own role


def test_a_role_page_shows_your_level_and_your_band(world: World) -> None:
    sam = world.person_id("sam")
    gap = _api(world, "sam").get(f"/api/v1/people/{sam}/gap", params={"role": "pmo_manager"})
    page = html.unescape(sign_in(world.client(), "sam").get("/roles/pmo_manager").text)
    body = gap.json()
    assert "Your level" in page and "You and this role" in page
    assert body["band"]["label"] in page
    framework = world.runtime.store().framework
    for blocker in body["blockers"]:
        name = framework.competencies_by_id[blocker["competency"]].name
        assert f"{name}: {blocker['short_by']} level" in page and f"({blocker['reason']}" in page
    if body["helps_most"]:
        assert "What helps most" in page


def test_closest_roles_refuse_a_bad_limit(world: World) -> None:
    sam = world.person_id("sam")
    answer = _api(world, "sam").get(f"/api/v1/people/{sam}/closest-roles", params={"limit": 0})
    assert answer.status_code == 422


def test_the_gap_comes_with_the_roles_certifications_and_dates(world: World) -> None:
    sam = world.person_id("sam")
    body = _api(world, "sam").get(f"/api/v1/people/{sam}/gap").json()
    framework = world.runtime.store().framework
    suited = {a.id for a in framework.actions_for_role(body["role"])}
    listed = {c["action"] for c in body["certifications"]}
    assert listed and listed <= suited
    assert all(
        c["held"] or c["eligible_from"] or c["needs"] or c["reason"] for c in body["certifications"]
    )
