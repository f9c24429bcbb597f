"""A large framework, generated with a fixed seed, for benchmarks and scale tests."""

from __future__ import annotations

import random
from typing import Any

LEVELS = ["Not yet", "Aware", "Supported", "Independent", "Advanced", "Expert"]


def generate_framework(
    roles: int = 1000, transitions: int = 18_000, competencies: int = 35, seed: int = 20261122
) -> dict[str, Any]:
    """Return framework file data with the given sizes; every role is reachable from role 0."""
    rng = random.Random(seed)
    competency_ids = [f"skill_{n:02d}" for n in range(competencies)]
    role_list = [_role(rng, n, competency_ids) for n in range(roles)]
    return {
        "format": 1,
        "id": "generated",
        "name": f"Generated framework ({roles} roles)",
        "version": str(seed),
        "scale": [{"level": n, "label": label} for n, label in enumerate(LEVELS)],
        "areas": [{"id": "general", "name": "General"}],
        "tracks": [{"id": f"track_{n}", "name": f"Track {n}"} for n in range(10)],
        "competencies": [
            {
                "id": cid,
                "name": f"Skill {n}",
                "area": "general",
                "anchors": {level: f"Skill {n} at level {level}" for level in range(1, 6)},
            }
            for n, cid in enumerate(competency_ids)
        ],
        "roles": role_list,
        "transitions": _transitions(rng, roles, transitions),
        "actions": [
            {
                "id": f"course_{cid}",
                "title": f"Course {cid}",
                "kind": "course",
                "develops": {cid: 3},
            }
            for cid in competency_ids
        ],
    }


def _role(rng: random.Random, n: int, competency_ids: list[str]) -> dict[str, Any]:
    chosen = rng.sample(competency_ids, k=rng.randint(8, 20))
    return {
        "id": f"role_{n:04d}",
        "title": f"Role {n}",
        "track": f"track_{n % 10}",
        "seniority": 1 + n % 6,
        "requirements": {
            cid: {
                "level": rng.randint(1, 5),
                "weight": rng.choice([1, 1, 2]),
                "critical": rng.random() < 0.1,
            }
            for cid in chosen
        },
    }


def _transitions(rng: random.Random, roles: int, count: int) -> list[dict[str, Any]]:
    pairs: set[tuple[int, int]] = {(n, n + 1) for n in range(roles - 1)}  # a spine: all reachable
    while len(pairs) < count:
        source, target = rng.randrange(roles), rng.randrange(roles)
        if source != target:
            pairs.add((source, target))
    result = []
    for source, target in sorted(pairs):
        minimum = rng.randint(3, 24)
        result.append(
            {
                "from": f"role_{source:04d}",
                "to": f"role_{target:04d}",
                "kind": rng.choice(["promotion", "lateral", "specialisation"]),
                "typical_months": minimum + rng.randint(0, 36),
                "min_months": minimum,
            }
        )
    return result
