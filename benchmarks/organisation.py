"""A synthetic organisation for the store and web benchmarks: people in teams, three assessments
over two years, targets and plans, built with one seeded generator as an archive document."""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pmopath.adapters.db import archive  # noqa: E402
from pmopath.domain.assessment import Assessment  # noqa: E402
from pmopath.domain.framework import Framework  # noqa: E402
from pmopath.engine.readiness import analyse_gap  # noqa: E402

SEED = 20261122


TODAY = date(2026, 11, 1)


FIRST_ASSESSMENT = datetime(2024, 11, 2, 9, 0, tzinfo=UTC)  # three assessments over two years


TEAM_SIZE = 12


PLAN_SHARE = 0.2


PLAN_STATUSES = ["draft", "submitted", "agreed", "agreed", "changes_requested", "closed"]


ITEM_STATUSES = ["planned", "in_progress", "in_progress", "done"]


FIRST_NAMES = "Ada Ben Cara Dev Ema Finn Gita Hugo Ines Jon Kemi Liam Mei Nils Ola Priya Quin Rosa"


LAST_NAMES = "Adams Baker Chen Diaz Evans Fischer Garcia Haddad Ito Jones Khan Lopez Novak Okafor"


def _stamp(moment: datetime) -> str:
    return moment.isoformat()


def _lowered(levels: list[int], drops: list[int]) -> list[int]:
    """Earlier levels: the same or lower, never below 0."""
    return [max(0, level - drop) for level, drop in zip(levels, drops, strict=True)]


@dataclass
class Organisation:
    """Builds every table's rows, in the archive's column order, with one seeded generator."""

    framework: Framework
    size: int
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))
    tables: dict[str, list[list[Any]]] = field(default_factory=dict)
    role_of: list[str] = field(default_factory=list)
    manager_of: list[int | None] = field(default_factory=list)
    levels_of: list[dict[str, int]] = field(default_factory=list)

    def row(self, table: str, *values: Any) -> None:
        self.tables.setdefault(table, []).append(list(values))

    def build(self, content: dict[str, Any], content_hash: str) -> dict[str, Any]:
        """Return the archive's ``tables``: {name: {"columns": [...], "rows": [...]}}."""
        stored_at = _stamp(FIRST_ASSESSMENT - timedelta(days=30))
        framework = self.framework
        self.row("framework_versions", 1, framework.id, framework.name, framework.version)
        self.tables["framework_versions"][0] += [content_hash, content, stored_at, True]
        self.people()
        self.assessments()
        self.targets_and_plans()
        tables = {}
        for table in archive._tables():
            columns = [c.name for c in table.columns]
            rows = self.tables.get(table.name, [])
            if rows and len(rows[0]) != len(columns):  # the schema moved: update the generator
                raise SystemExit(f"{table.name}: generated {len(rows[0])} of {columns}")
            tables[table.name] = {"columns": columns, "rows": rows}
        return tables

    def pick_role(self, depth: int, manages: bool) -> str:
        """Senior roles near the top and for managers; every role somewhere."""
        roles = self.framework.roles
        if depth == 0:
            return "chief_project_officer"
        if manages:
            floor = 5 if depth == 1 else 4 if depth == 2 else 3
            return self.rng.choice([r.id for r in roles if r.seniority >= floor])
        return self.rng.choice(roles).id

    def people(self) -> None:
        """People 1..N in breadth-first order: person i reports to (i - 2) // 12 + 1."""
        first, last = FIRST_NAMES.split(), LAST_NAMES.split()
        managers = (self.size - 2) // TEAM_SIZE + 1
        depth = [0] * (self.size + 1)
        self.role_of, self.manager_of = [""], [None]
        created = _stamp(FIRST_ASSESSMENT - timedelta(days=30))
        for pid in range(1, self.size + 1):
            manager = (pid - 2) // TEAM_SIZE + 1 if pid > 1 else None
            depth[pid] = depth[manager] + 1 if manager else 0
            role = self.pick_role(depth[pid], pid <= managers)
            since = TODAY - timedelta(days=self.rng.randint(60, 2200))
            given, family = self.rng.choice(first), self.rng.choice(last)
            team = f"team-{manager:05d}" if manager else "executive"
            email = f"{given}.{family}.{pid}@example.org".lower()
            self.row("people", pid, email, f"{given} {family}", role, since.isoformat())
            self.tables["people"][-1] += [manager, team, created, created, None]
            self.role_of.append(role)
            self.manager_of.append(manager)
            self.history(pid, role, since)

    def history(self, pid: int, role: str, since: date) -> None:
        before = [t.source for t in self.framework.transitions_to(role)]
        if before and self.rng.random() < 0.6:
            started = since - timedelta(days=self.rng.randint(365, 1500))
            spell = len(self.tables.get("role_history", [])) + 1
            self.row("role_history", spell, pid, self.rng.choice(before), started.isoformat())
            self.tables["role_history"][-1] += [since.isoformat(), None]  # no kinds recorded
        spell = len(self.tables.get("role_history", [])) + 1
        self.row("role_history", spell, pid, role, since.isoformat(), None, None)

    def assessments(self) -> None:
        """Self, manager, self over two years; every competency each time; newest is current."""
        # In primary-key order, as a backup lists them, so that backing up gives the same rows.
        competencies = sorted(c.id for c in self.framework.competencies)
        top, count = self.framework.scale.maximum, len(competencies)
        rows: list[list[Any]] = []
        levels_rows: list[list[Any]] = []
        current: list[list[Any]] = []
        self.levels_of = [{}]
        for pid in range(1, self.size + 1):
            required = self.framework.role(self.role_of[pid]).required_levels
            drift = self.rng.choices([-2, -1, -1, 0, 0, 0, 1], k=count)
            base = [required.get(c, 1) for c in competencies]
            latest = [min(top, max(0, b + d)) for b, d in zip(base, drift, strict=True)]
            middle = _lowered(latest, self.rng.choices([0, 0, 1], k=count))
            oldest = _lowered(middle, self.rng.choices([0, 1], k=count))
            manager = self.manager_of[pid]
            for step, (source, assessor, values) in enumerate(
                (("self", pid, oldest), ("manager", manager, middle), ("self", pid, latest))
            ):
                aid = len(rows) + 1
                at = FIRST_ASSESSMENT + timedelta(days=350 * step + self.rng.randint(0, 20))
                stamp = _stamp(at.replace(hour=self.rng.randint(8, 17)))
                rows.append([aid, pid, 1, source, assessor, stamp, ""])
                levels_rows.extend([aid, c, v] for c, v in zip(competencies, values, strict=True))
            current.extend(
                [pid, c, v, aid, stamp] for c, v in zip(competencies, latest, strict=True)
            )
            self.levels_of.append(dict(zip(competencies, latest, strict=True)))
        self.tables["assessments"] = rows
        self.tables["assessment_levels"] = levels_rows
        self.tables["current_levels"] = current

    def targets_and_plans(self) -> None:
        for pid in range(1, self.size + 1):
            onward = [t.target for t in self.framework.transitions_from(self.role_of[pid])]
            target = self.rng.choice(onward or [r.id for r in self.framework.roles])
            created = _stamp(FIRST_ASSESSMENT + timedelta(days=self.rng.randint(0, 700)))
            self.row("targets", pid, pid, target, True, created)
            if self.rng.random() < PLAN_SHARE:
                self.plan(pid, target)

    def plan(self, pid: int, target: str) -> None:
        plan_id = len(self.tables.get("plans", [])) + 1
        status = self.rng.choice(PLAN_STATUSES)
        created = FIRST_ASSESSMENT + timedelta(days=self.rng.randint(360, 600))
        agreed = status in ("agreed", "closed")
        manager = self.manager_of[pid] if agreed else None
        agreed_at = _stamp(created + timedelta(days=14)) if manager else None
        self.row("plans", plan_id, pid, target, 1, 1, self.rng.randint(1, 3), status, "")
        self.tables["plans"][-1] += [
            manager,
            agreed_at,
            _stamp(created),
            _stamp(created),
            "quarterly",  # review cadence
        ]
        analysis = analyse_gap(
            self.framework, self.framework.role(target), Assessment(self.levels_of[pid])
        )
        gaps = sorted(analysis.open_gaps, key=lambda g: -g.gap)[: self.rng.randint(3, 6)]
        items = [self.item(plan_id, gap.competency, gap.required, created) for gap in gaps]
        for number in range(self.rng.randint(1, 3)):
            held = created.date() + timedelta(days=60 * (number + 1))
            progress = {str(item): self.rng.choice([0, 25, 50, 75, 100]) for item in items}
            levels = {g.competency: g.current for g in gaps}
            readiness = round(analysis.readiness, 1)
            checkin = len(self.tables.get("checkins", [])) + 1
            self.row("checkins", checkin, plan_id, held.isoformat(), "On track.", progress)
            self.tables["checkins"][-1] += [levels, readiness]

    def item(self, plan_id: int, competency: str, level: int, created: datetime) -> int:
        actions = [a.id for a in self.framework.actions if competency in a.develops]
        item_id = len(self.tables.get("plan_items", [])) + 1
        start = created.date() + timedelta(days=self.rng.randint(0, 60))
        due = start + timedelta(days=self.rng.randint(60, 240))
        action = self.rng.choice(actions) if actions else None
        self.row("plan_items", item_id, plan_id, competency, action, "" if action else "Practice")
        self.tables["plan_items"][-1] += [level, start.isoformat(), due.isoformat()]
        self.tables["plan_items"][-1] += [
            self.rng.choice(ITEM_STATUSES),
            8.0 * self.rng.randint(1, 6),
            None,  # made from no mentoring goal
        ]
        return item_id
