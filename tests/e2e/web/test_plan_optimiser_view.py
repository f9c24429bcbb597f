"""The optimiser shown as a plan (issue 16): a month-by-month timeline, no action that adds
nothing, pins that conflict named with links that fix them, short objectives."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from pmopath.domain.assessment import Assessment
from pmopath.domain.framework import Framework
from pmopath.domain.plan_schedule import levels_after
from pmopath.engine.readiness import analyse_gap
from pmopath.services.people.records import record_of
from tests.e2e.web.conftest import World, email, page_csrf, sign_in

PLANNERS = ("sam", "grace")


def _suggest(client: TestClient, body: dict[str, Any] | None = None) -> Any:
    headers = {"X-CSRF-Token": page_csrf(client, "/map")}
    answer = client.post("/api/v1/plans/suggest", json=body or {}, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _levels(world: World, key: str) -> dict[str, int]:
    with world.runtime.unit_of_work() as uow:
        person = uow.people.by_email(email(key))
        assert person is not None
        return dict(record_of(uow, person).levels)


def _worth(framework: Framework, role: str, levels: dict[str, int], actions: list[str]) -> Any:
    reached = levels_after(levels, (framework.actions_by_id[a] for a in actions))
    found = analyse_gap(framework, framework.role(role), Assessment(reached), what_if=False)
    steps = tuple((b.competency, b.levels_to_unblock) for b in found.blockers)
    return round(found.readiness, 6), round(found.raw_readiness, 6), steps


def _needed_by_another(framework: Framework, action: str, others: list[str]) -> bool:
    return any(
        action in (*option.actions, *option.any_of_actions)
        for other in others
        for option in framework.actions_by_id[other].prerequisites
    )


def test_every_suggested_action_adds_something(world: World) -> None:
    framework = world.runtime.store().framework
    for key in PLANNERS:
        plan = _suggest(sign_in(TestClient(world.app), key))
        chosen = [i["action"] for i in plan["items"]]
        assert chosen, key
        levels = _levels(world, key)
        full = _worth(framework, plan["target_role"], levels, chosen)
        for action in chosen:
            others = [a for a in chosen if a != action]
            without = _worth(framework, plan["target_role"], levels, others)
            assert without != full or _needed_by_another(framework, action, others), (
                f"{key}'s plan schedules {action}, which adds nothing"
            )
