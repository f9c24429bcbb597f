"""Home's readiness trend in Chromium, for a plan checked in on more days than it charts: one
dot a day for the latest days, a note saying so, and a link to the plan that lists them all."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from pmopath.bootstrap.web import open_web_runtime
from pmopath.domain.plans import TREND_DAYS, CheckIn
from pmopath.services.demo.organisation import DEMO_DOMAIN
from tests.conftest import demo_template
from tests.e2e.browser.conftest import _free_port, screenshot, serving, sign_in
from tests.support import templates
from tests.support.containers import cheap_container

pytestmark = pytest.mark.browser


@pytest.fixture
def checked_in_often(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_templates: templates.Templates
) -> Iterator[str]:
    """The demo, with Sam's plan checked in on TREND_DAYS + 4 days (twice on the last), served."""
    port = _free_port()
    monkeypatch.setenv("PMOPATH_SECRET_KEY", "browser-test-secret-" + "y" * 40)
    url = templates.copy(demo_template(database_templates, "sqlite"), str(tmp_path / "trend.db"))
    runtime = open_web_runtime(url, container=cheap_container())
    with runtime.unit_of_work() as uow:
        sam = uow.people.by_email(f"sam@{DEMO_DOMAIN}")
        assert sam is not None and sam.id is not None
        plan = max(uow.plans.for_person(sam.id), key=lambda p: p.id or 0)
        assert plan.id is not None
        days = uow.plans.readiness_by_day(plan.id, 1)  # after the demo's own check-ins
        first = days[-1][0] + timedelta(days=1) if days else date(2026, 1, 5)
        for offset in range(TREND_DAYS + 4):
            uow.plans.add_checkin(
                CheckIn(plan.id, first + timedelta(days=offset), "", {}, {}, 40.0)
            )
        last = first + timedelta(days=TREND_DAYS + 3)
        uow.plans.add_checkin(CheckIn(plan.id, last, "", {}, {}, 65.0))
        uow.commit()
    with serving(runtime, port):
        yield f"http://127.0.0.1:{port}"


def test_the_trend_charts_the_latest_days_and_leads_to_the_plan(
    page: Page, checked_in_often: str
) -> None:
    sign_in(page, checked_in_often, "sam")
    chart = page.locator("figure.trend")
    expect(page.get_by_role("heading", name="Readiness over time")).to_be_visible()
    expect(chart.locator("circle.trend-dot")).to_have_count(TREND_DAYS)
    expect(chart.locator("circle.trend-dot").last.locator("title")).to_contain_text("65%")
    hint = page.get_by_text(f"The latest {TREND_DAYS} days with a check-in")
    expect(hint).to_be_visible()
    screenshot(page, "home-trend-latest-days")
    hint.get_by_role("link", name="the plan").click()
    expect(page.get_by_role("heading", name="My development plan")).to_be_visible()
    expect(page.get_by_role("cell", name="65%").first).to_be_attached()
