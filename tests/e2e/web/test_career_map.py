"""The career map: the grid (tracks as columns, seniority as rows), its JSON for the picture
(every role and route, readiness and highlights), and routes drawn as chains of role boxes."""

from __future__ import annotations

import html as html_text
import re
from typing import Any

from tests.e2e.web.conftest import World, email, sign_in


def _map_json(world: World, who: str, **params: str) -> dict[str, Any]:
    answer = sign_in(world.client(), who).get("/map.json", params=params)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    data: dict[str, Any] = answer.json()
    return data


def test_the_grid_puts_each_role_in_its_tracks_column_and_its_seniority_row(world: World) -> None:
    html = sign_in(world.client(), "priya").get("/map").text
    framework = world.runtime.store().framework
    head = re.search(r"<thead><tr>(.*?)</tr></thead>", html, re.S)
    assert head is not None
    columns = re.findall(r'<th scope="col">(.*?)</th>', head.group(1))
    assert [html_text.unescape(c) for c in columns] == [
        "Seniority",
        *(t.name for t in framework.tracks),
    ]
    placed: dict[str, tuple[str, int]] = {}
    for level, row in re.findall(r'<tr><th scope="row">(\d+)</th>(.*?)</tr>', html, re.S):
        cells = re.findall(r"<td>(.*?)</td>", row, re.S)
        assert len(cells) == len(framework.tracks)
        for track, cell in zip(framework.tracks, cells, strict=True):
            for role in re.findall(r'data-role="([\w-]+)"', cell):
                placed[role] = (track.id, int(level))
    assert placed == {r.id: (r.track, r.seniority) for r in framework.roles}


def test_the_grid_marks_the_current_role_and_the_target(world: World) -> None:
    html = sign_in(world.client(), "priya").get("/map").text
    current = re.findall(r'class="grid-role [^"]*is-current[^"]*" data-role="([\w-]+)"', html)
    target = re.findall(r'class="grid-role [^"]*is-target[^"]*" data-role="([\w-]+)"', html)
    assert current == ["pmo_analyst"] and target == ["portfolio_analyst"]
    assert '<ol class="route-chain" aria-label="The route highlighted">' in html


def test_the_page_loads_the_picture_from_its_own_files(world: World) -> None:
    html = sign_in(world.client(), "sam").get("/map?track=pmo").text
    assert 'data-source="/map.json?track=pmo"' in html
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert all(s.startswith("/static/") for s in scripts)
    assert "/static/vendor/career-map/cytoscape.min.js" in scripts
    assert "<script>" not in html  # the CSP allows no inline script


def test_the_json_has_every_role_and_route(world: World) -> None:
    data = _map_json(world, "priya")
    framework = world.runtime.store().framework
    assert [t["id"] for t in data["tracks"]] == [t.id for t in framework.tracks]
    assert {r["id"] for r in data["roles"]} == {r.id for r in framework.roles}
    assert len(data["roles"]) == len(framework.roles)
    assert sorted((r["from"], r["to"]) for r in data["routes"]) == sorted(
        (t.source, t.target) for t in framework.transitions
    )
    for role in data["roles"]:
        assert 0 <= role["readiness"] <= 100
        assert role["band"] in {"ready_now", "ready_in", "stretch"} and role["band_label"]


def test_the_json_highlights_the_current_role_the_target_and_the_best_route(
    world: World,
) -> None:
    from pmopath.domain.assessment import Assessment
    from pmopath.services.careers.gaps import analyse_gap
    from pmopath.services.careers.paths import find_paths

    data = _map_json(world, "priya")
    assert data["current"] == "pmo_analyst" and data["target"] == "portfolio_analyst"
    roles = {r["id"]: r for r in data["roles"]}
    assert [r for r in roles if roles[r]["current"]] == ["pmo_analyst"]
    assert [r for r in roles if roles[r]["target"]] == ["portfolio_analyst"]

    store = world.runtime.store()
    framework = store.framework
    with store.unit_of_work() as uow:
        person = uow.people.by_email(email("priya"))
        assert person is not None and person.id is not None
        levels = uow.assessments.current_levels(person.id)
    mine = Assessment(levels, person.role)
    best = find_paths(framework, "pmo_analyst", "portfolio_analyst", assessment=mine, k=1)[0]
    assert data["route"]["roles"] == list(best.roles)
    assert {r for r in roles if roles[r]["on_route"]} == set(best.roles)
    steps = {(s.transition.source, s.transition.target) for s in best.steps}
    assert {(r["from"], r["to"]) for r in data["routes"] if r["on_route"]} == steps
    for role in framework.roles:  # readiness per role is the engine's, shown rounded down
        expected = analyse_gap(framework, role, mine).analysis.readiness
        assert expected - 0.1 <= roles[role.id]["readiness"] <= expected + 1e-9


def test_the_json_follows_a_route_asked_for(world: World) -> None:
    data = _map_json(world, "priya", **{"from": "pmo_administrator", "to": "head_of_pmo"})
    assert data["current"] == "pmo_administrator" and data["target"] == "head_of_pmo"
    assert data["route"]["roles"][0] == "pmo_administrator"
    assert data["route"]["roles"][-1] == "head_of_pmo"


def test_an_account_without_a_person_gets_the_map_without_readiness(world: World) -> None:
    data = _map_json(world, "admin")
    assert data["current"] is None and data["target"] is None and data["route"] is None
    assert all(r["readiness"] is None and r["band"] is None for r in data["roles"])
    assert not any(r["on_route"] for r in data["routes"])


def test_a_track_shows_only_its_roles_and_the_routes_between_them(world: World) -> None:
    framework = world.runtime.store().framework
    track = framework.tracks[0].id
    data = _map_json(world, "sam", track=track)
    ids = {r["id"] for r in data["roles"]}
    assert ids == {r.id for r in framework.roles if r.track == track}
    assert all(r["from"] in ids and r["to"] in ids for r in data["routes"])


def test_routes_are_drawn_as_chains_on_the_planner_and_role_pages(world: World) -> None:
    client = sign_in(world.client(), "sam")
    paths = client.get("/paths", params={"to": "pmo_manager"}).text
    chains = re.findall(r'<ol class="route-chain" aria-label="Route (\d+)">(.*?)</ol>', paths, re.S)
    assert chains and chains[0][0] == "1"
    boxes = re.findall(r'<a class="chain-box" href="/roles/([\w-]+)">', chains[0][1])
    assert boxes[0] == "pmo_administrator" and boxes[-1] == "pmo_manager"
    assert re.search(r"→</span> (about \d+ months?|under a month|now),", chains[0][1])

    role = client.get("/roles/pmo_manager").text
    detail = client.get("/api/v1/roles/pmo_manager").json()
    drawn = re.findall(r'<ol class="route-chain" aria-label="[^"]*">(.*?)</ol>', role, re.S)
    pairs = [
        tuple(re.findall(r'<a class="chain-box" href="/roles/([\w-]+)">', chain)) for chain in drawn
    ]
    expected = [(t["from"], t["to"]) for t in detail["routes_in"] + detail["routes_out"]]
    assert pairs == expected and expected
