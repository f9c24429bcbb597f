"""The optimiser shown as a plan (issue 16): a month-by-month timeline, no action that adds
nothing, pins that conflict named with links that fix them, short objectives."""

from __future__ import annotations

import re
from html import unescape
from typing import Any
from urllib.parse import urlencode

from fastapi.testclient import TestClient

from pmopath.domain.assessment import Assessment
from pmopath.domain.framework import Framework
from pmopath.domain.plan_schedule import CATEGORY_OF_KIND, Category, levels_after
from pmopath.engine.readiness import analyse_gap
from pmopath.services.insight import formats
from pmopath.services.people.records import record_of
from pmopath.services.plans.suggestions import DEFAULT_BALANCE
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


def _balanced_without(framework: Framework, action: str, others: list[str]) -> bool:
    """Whether the others alone keep the 70/20/10 balance (by effort, 10 points either way)."""
    effort = dict.fromkeys(Category, 0.0)
    for other in others:
        found = framework.actions_by_id[other]
        effort[CATEGORY_OF_KIND[found.kind]] += found.effort_hours
    total = sum(effort.values())
    shares = {c: DEFAULT_BALANCE.share(c) for c in Category}
    return total <= 0 or all(abs(effort[c] / total - shares[c]) <= 0.1 + 1e-6 for c in Category)


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
            if without != full or _needed_by_another(framework, action, others):
                continue
            # adds nothing itself: only the 70/20/10 balance may keep it, and the page says so
            assert not _balanced_without(framework, action, others), (
                f"{key}'s plan schedules {action}, which adds nothing"
            )
            assert next(i for i in plan["items"] if i["action"] == action)["for_balance"]


ITEM = re.compile(
    r'<li class="tl-item" data-action="([\w-]+)">(.*?)</li>\s*(?=<li class="tl-item"|</ul>)', re.S
)
BAR = re.compile(r'<span class="tl-track tl-bar" aria-hidden="true">(.*?)</span>\s*$', re.S)


def _items(page: str) -> dict[str, str]:
    return dict(ITEM.findall(page))


def test_the_timeline_shows_every_item_with_its_months(world: World) -> None:
    grace = sign_in(TestClient(world.app), "grace")
    plan = _suggest(grace)
    page = grace.get("/plan/suggest")
    assert page.status_code == 200, page.text
    shown = _items(page.text)
    assert list(shown) == [i["action"] for i in plan["items"]] or set(shown) == {
        i["action"] for i in plan["items"]
    }
    first = plan["start"]
    for item in plan["items"]:
        html = shown[item["action"]]
        text = unescape(html)
        assert item["title"] in text and formats.month(item["start"]) in text
        if item["end"] != item["start"]:
            assert formats.month(item["end"]) in text
        assert f"{formats.number(item['hours_per_month'])} h/month" in text
        bar = BAR.search(html)
        assert bar is not None
        cells = re.findall(r"<span( class=\"on\")?></span>", bar.group(1))
        assert len(cells) == plan["months"]
        on = [n for n, cell in enumerate(cells) if cell]
        start = _months_between(first, item["start"])
        assert on == list(range(start, _months_between(first, item["end"]) + 1))
        assert "<details" in html and "Without it: readiness" in text
        # one short line per raised competency, said once
        for objective in item["objectives"]:
            assert text.count(objective) == 1 and len(objective) < 160
        assert f"From {formats.month(item['start'])}" in unescape(page.text)
    assert "raw readiness" in page.text


def _months_between(first: str, month: str) -> int:
    (y0, m0), (y1, m1) = (map(int, first.split("-")), map(int, month.split("-")))
    return (y1 - y0) * 12 + m1 - m0


def test_pins_that_conflict_are_named_and_each_fix_link_gives_a_plan(world: World) -> None:
    # A formal reading pinned in the plan's third month, with the only early experience removed:
    # the 70/20/10 balance cannot then be kept (the demo's catalogue, found by hand).
    sam = sign_in(TestClient(world.app), "sam")
    year, month = map(int, _suggest(sam)["start"].split("-"))
    third = f"{year + (month + 1) // 12}-{(month + 1) % 12 + 1:02d}"
    conflict = [("pin", f"strategy_reading@{third}"), ("without", "board_presentation")]
    page = sam.get(f"/plan/suggest?{urlencode(conflict)}")
    assert page.status_code == 422
    text = unescape(re.sub("<[^>]+>", "", page.text))
    assert "These conflict:" in text
    assert f"Read on strategy, portfolios and value pinned to {formats.month(third)}" in text
    assert "removing Present insight and a recommendation to a senior board" in text
    assert "strategy_reading" not in text and third not in text  # no raw ids or ISO months
    section = page.text.split('id="problem-h"')[1].split("</section>")[0]
    links = [unescape(h) for h in re.findall(r'<ul class="fixes">(.*?)</ul>', section, re.S)]
    hrefs = re.findall(r'href="([^"]+)"', links[0])
    assert len(hrefs) >= 2
    for href in hrefs:
        fixed = sam.get(href)
        assert fixed.status_code == 200, href
        assert "The suggested schedule" in fixed.text
