"""The leader's view's rules: the period, succession buckets, single points of failure, each
programme KPI's count, the engine's band months on arrays, and services in the framework file."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from pmopath.bootstrap.files import load_framework
from pmopath.domain.assessment import Assessment
from pmopath.domain.errors import FrameworkError, InvalidRequest
from pmopath.domain.framework import Framework
from pmopath.domain.leader import (
    Bucket,
    Period,
    Risk,
    by_plan,
    coverage_risk,
    days_to_ready,
    has_successor,
    median,
    moves_and_promotions,
    parse_day,
    period,
    readiness_changes,
    reviews_on_time,
    share,
    succession_bucket,
)
from pmopath.engine import advice, readiness

TODAY = date(2026, 12, 7)
SMALL = Path(__file__).parents[1] / "data" / "small_framework.yaml"


# ---- the period --------------------------------------------------------------------------------


def test_the_default_period_is_the_last_90_days_and_the_one_before_is_as_long() -> None:
    chosen = period(None, None, TODAY)
    assert (chosen.start, chosen.end, chosen.days) == (date(2026, 9, 9), TODAY, 90)
    before = chosen.previous()
    assert (before.start, before.end, before.days) == (date(2026, 6, 11), date(2026, 9, 8), 90)


def test_a_period_given_by_its_start_runs_to_today() -> None:
    assert period(date(2026, 1, 1), None, TODAY) == Period(date(2026, 1, 1), TODAY)
    assert period(date(2026, 3, 1), date(2026, 3, 1), TODAY).days == 1


@pytest.mark.parametrize(
    ("start", "end", "field", "words"),
    [
        (date(2026, 6, 1), date(2026, 5, 1), "from:", "after it ends"),
        (None, date(2026, 12, 8), "to:", "after today"),
        (date(2026, 12, 9), None, "from:", "after today"),
        (date(2019, 1, 1), date(2026, 1, 1), "from:", "five years"),
    ],
)
def test_a_period_that_cannot_be_measured_is_refused_naming_the_field(
    start: date | None, end: date | None, field: str, words: str
) -> None:
    with pytest.raises(InvalidRequest) as refused:
        period(start, end, TODAY)
    assert str(refused.value).startswith(field) and words in str(refused.value)


def test_a_day_that_is_not_a_date_is_refused_naming_the_field() -> None:
    assert parse_day(" 2026-02-03 ", "from") == date(2026, 2, 3)
    assert parse_day("", "from") is None
    with pytest.raises(InvalidRequest, match=r"^to: '2026-02-30' is not a date"):
        parse_day("2026-02-30", "to")


# ---- succession --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("months", "bucket"),
    [
        (0, Bucket.READY_NOW),
        (1, Bucket.ABOUT_A_YEAR),
        (12, Bucket.ABOUT_A_YEAR),
        (13, Bucket.TWO_YEARS),
        (24, Bucket.TWO_YEARS),
        (25, None),
    ],
)
def test_band_months_put_people_in_succession_buckets(months: int, bucket: Bucket | None) -> None:
    assert succession_bucket(months) is bucket


def test_a_role_has_a_successor_only_with_someone_ready_within_a_year() -> None:
    assert not has_successor({"ready_now": 0, "about_a_year": 0, "two_years": 7})
    assert has_successor({"ready_now": 0, "about_a_year": 1, "two_years": 0})
    assert has_successor({"ready_now": 2})


def test_the_stored_band_months_are_the_engines_bands(default_framework: Framework) -> None:
    """``readiness_table`` gives each person's ``readiness_band(...).months`` for every role."""
    rng = random.Random(18)
    competencies = [c.id for c in default_framework.competencies]
    people = list(range(1, 301))
    levels = {
        p: {c: rng.choice([0, 1, 2, 3, 3, 4, 4, 5]) for c in competencies if rng.random() < 0.9}
        for p in people
    }
    rows = [(p, c, v) for p in people for c, v in levels[p].items()]
    columns = tuple(list(column) for column in zip(*rows, strict=True))
    table = readiness.readiness_table(
        default_framework.roles,
        default_framework.rules,
        people,
        columns,  # type: ignore[arg-type]
    )
    seen = set()
    for j, role_id in enumerate(table.roles):
        role = default_framework.role(role_id)
        for i, person in enumerate(table.people.tolist()):
            band = advice.readiness_band(
                readiness.analyse_gap(default_framework, role, Assessment(levels[person]))
            )
            assert table.months[i, j] == band.months, (role_id, person)
            seen.add(succession_bucket(band.months))
    assert seen == {*Bucket, None}  # every bucket, and beyond two years, was tried


# ---- capability coverage -----------------------------------------------------------------------


def test_coverage_risk() -> None:
    assert coverage_risk(0, {"a": 3}) is Risk.NONE
    assert coverage_risk(1, {"a": 4, "b": 9}) is Risk.SINGLE
    assert coverage_risk(5, {"a": 6, "b": 1}) is Risk.SINGLE  # a needed level one person holds
    assert coverage_risk(5, {"a": 6, "b": 2}) is Risk.COVERED


# ---- programme KPIs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Review:
    plan_id: int
    held_on: date
    readiness: float
    cadence: str = "quarterly"
    agreed_on: date | None = date(2026, 1, 10)
    target_set_on: date | None = date(2025, 12, 1)


@dataclass(frozen=True)
class Move:
    role: str
    previous: str
    started_on: date


Q3 = Period(date(2026, 7, 1), date(2026, 9, 30))


def test_share_and_median() -> None:
    assert share(3, 12) == 25.0
    assert share(0, 0) is None
    assert median([4.0, 1.0, 10.0]) == 4.0
    assert median([]) is None


def test_a_review_is_on_time_within_one_period_of_the_last_review_or_the_agreement() -> None:
    reviews = [
        Review(1, date(2026, 4, 1), 50),  # before the period: counted only as the last review
        Review(1, date(2026, 7, 1), 55),  # due 1 July: on time
        Review(1, date(2026, 9, 30), 60),  # due 1 October: on time
        Review(2, date(2026, 8, 20), 40, cadence="monthly"),  # due 10 February: late
        Review(3, date(2026, 8, 1), 30, agreed_on=None),  # nothing was due yet: on time
        Review(4, date(2026, 7, 20), 30, agreed_on=date(2026, 7, 25)),
    ]
    assert reviews_on_time(by_plan(reviews), Q3) == (4, 5)


def test_readiness_change_runs_from_before_the_period_to_its_last_review() -> None:
    reviews = [
        Review(1, date(2026, 4, 1), 50),
        Review(1, date(2026, 7, 15), 58),
        Review(1, date(2026, 9, 1), 62),
        Review(2, date(2026, 8, 1), 40),  # first review in the period: its own start
        Review(2, date(2026, 9, 1), 45),
        Review(3, date(2026, 3, 1), 45),  # not reviewed in the period
    ]
    assert sorted(readiness_changes(by_plan(reviews), Q3)) == [5.0, 12.0]


def test_time_to_ready_counts_from_the_target_to_the_first_review_at_the_threshold() -> None:
    reviews = [
        Review(1, date(2026, 4, 1), 70),
        Review(1, date(2026, 8, 1), 82),  # ready in the period: 243 days after 1 December 2025
        Review(1, date(2026, 9, 1), 85),
        Review(2, date(2026, 6, 1), 81),  # ready before the period
        Review(2, date(2026, 8, 1), 90),
        Review(3, date(2026, 9, 10), 95, target_set_on=None),  # no longer a target
    ]
    assert days_to_ready(by_plan(reviews), Q3, 80.0) == [243.0]


def test_moves_and_promotions_come_from_role_history() -> None:
    seniority = {"pmo_analyst": 2, "reporting_lead": 3, "risk_lead": 3, "pmo_manager": 4}.get
    moves = [
        Move("reporting_lead", "pmo_analyst", date(2026, 8, 1)),  # a promotion
        Move("risk_lead", "reporting_lead", date(2026, 7, 5)),  # a move at the same seniority
        Move("retired_role", "pmo_manager", date(2026, 9, 1)),  # a role the framework lost
        Move("pmo_analyst", "pmo_manager", date(2026, 7, 9)),  # down: a move, no promotion
        Move("risk_lead", "risk_lead", date(2026, 8, 9)),  # the same role again: no move
        Move("pmo_manager", "pmo_analyst", date(2026, 10, 1)),  # after the period
    ]
    assert moves_and_promotions(moves, Q3, seniority) == (4, 1)


# ---- the framework file ------------------------------------------------------------------------


def _with_services(tmp_path: Path, services: str, critical: str = "") -> Path:
    text = SMALL.read_text(encoding="utf-8")
    if critical:
        text = text.replace("  - id: manager\n", f"  - id: manager\n    critical: {critical}\n")
    path = tmp_path / "fw.yaml"
    path.write_text(text + services, encoding="utf-8")
    return path


def test_services_and_critical_roles_load_from_the_file(tmp_path: Path) -> None:
    services = (
        "services:\n  - id: reports\n    name: Reporting\n    description: Status each month.\n"
        "    needs: {reporting: 3, leadership: 2}\n"
    )
    framework = load_framework(_with_services(tmp_path, services, critical="true"))
    (service,) = framework.services
    assert (service.id, service.name, dict(service.needs)) == (
        "reports",
        "Reporting",
        {"reporting": 3, "leadership": 2},
    )
    assert [r.id for r in framework.roles if r.critical] == ["manager"]


def test_service_and_critical_mistakes_are_located(tmp_path: Path) -> None:
    services = (
        "services:\n  - id: reports\n    name: Reporting\n    needs: {reportng: 3, leadership: 9}\n"
        "  - id: reports\n    name: Again\n    needs: {}\n"
    )
    path = _with_services(tmp_path, services, critical="maybe")
    with pytest.raises(FrameworkError) as refused:
        load_framework(path)
    text = path.read_text(encoding="utf-8").splitlines()
    located = [p.located().removeprefix(f"{path}:") for p in refused.value.problems]

    def line(needle: str) -> int:
        return next(n for n, t in enumerate(text, start=1) if needle in t)

    assert any(p.startswith(f"{line('critical: maybe')}:") and "bool" in p for p in located)
    assert any(p.startswith(f"{line('needs: {}')}:") for p in located), located
    path = _with_services(
        tmp_path,
        "services:\n  - id: reports\n    name: Reporting\n    needs: {reportng: 3, leadership: 9}\n",
    )
    with pytest.raises(FrameworkError) as refused:
        load_framework(path)
    located = [p.located().removeprefix(f"{path}:") for p in refused.value.problems]
    text = path.read_text(encoding="utf-8").splitlines()
    needs = line("needs: {reportng")
    assert any(
        p.startswith(f"{needs}:") and "unknown competency 'reportng'" in p for p in located
    ), located
    assert any(p.startswith(f"{needs}:") and "level 9 is outside the scale" in p for p in located)


def test_the_shipped_framework_defines_the_pmos_services_and_critical_roles(
    default_framework: Framework,
) -> None:
    assert [s.id for s in default_framework.services] == [
        "reporting",
        "planning",
        "risk",
        "benefits",
        "change_control",
        "governance",
        "centre_of_excellence",
    ]
    assert all(s.description and len(s.needs) >= 3 for s in default_framework.services)
    critical = {r.id for r in default_framework.roles if r.critical}
    assert {"pmo_manager", "head_of_pmo", "reporting_lead", "risk_lead"} <= critical
