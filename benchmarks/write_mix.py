"""The web benchmark's writing mix: reads and writes together, and every acknowledged write found.

Each of ``clients`` members works on their own for ``seconds``, one request after another on a
kept-alive connection, as a person at a browser or a script would: half reads (their home page
with their session cookie, their gap through the API) and half writes through the API with an
API token of their own: a self-assessment of one competency, a piece of evidence, a check-in on
their plan, and an edit of their plan's comment at the revision the last edit answered. Every
write the server acknowledges (2xx) is noted; afterwards the database is read and each must be
there: the evidence by its title, the assessments and check-ins by count, the plan at the last
acknowledged revision with that edit's comment.

The client is a small asyncio HTTP/1.1 client (keep-alive, Content-Length or chunked answers):
on two cores, a heavier one would take the server's CPU and be measured as the server's latency.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import bindparam, text

from pmopath.adapters.db.engine import make_engine
from pmopath.bootstrap.database import open_store
from pmopath.services.accounts.management import get_account
from pmopath.services.accounts.tokens import create_api_token

KINDS = ("home", "gap", "assessment", "evidence", "checkin", "plan edit")
WEIGHTS = (25, 25, 15, 15, 10, 10)
"""Half reads (the home page, the gap API), half writes."""


@dataclass
class Member:
    email: str
    person_id: int
    cookie: str
    competencies: list[str]
    token: str = ""
    plan_id: int = 0
    revision: int = 0
    editable: bool = False


@dataclass
class Outcome:
    """What one run saw: latencies by kind, errors by kind, the writes acknowledged."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    errors: Counter[str] = field(default_factory=Counter)
    evidence: dict[int, set[str]] = field(default_factory=dict)
    assessments: Counter[int] = field(default_factory=Counter)
    checkins: Counter[int] = field(default_factory=Counter)
    last_edit: dict[int, tuple[int, str]] = field(default_factory=dict)


def prepare(url: str, port: int, members: list[Member]) -> None:
    """An API token for each member, and a plan of their own (an open one, else a new draft)."""
    store = open_store(url)
    for m in members:
        _, m.token = create_api_token(store, get_account(store, m.email), "write mix")
    store.close()
    asyncio.run(_plans(port, members))


async def _plans(port: int, members: list[Member]) -> None:
    for m in members:
        connection = await Connection.open(port)
        status, body = await connection.send("GET", "/api/v1/plans", bearer=m.token)
        plans = (
            [p for p in json.loads(body)["data"] if p["status"] != "closed"]
            if status == 200
            else []
        )
        if not plans:
            status, body = await connection.send(
                "POST", "/api/v1/plans", bearer=m.token, body={"from_gaps": True}
            )
            if status != 201:
                raise SystemExit(f"write mix: no plan for {m.email}: {status} {body[:200]!r}")
            plans = [json.loads(body)]
        plan = plans[-1]
        m.plan_id, m.revision = plan["id"], plan["revision"]
        m.editable = plan["status"] in ("draft", "changes_requested")
        connection.close()


def run(port: int, members: list[Member], seconds: float) -> Outcome:
    """Every member at once for ``seconds``; what was seen."""
    outcome = Outcome()
    asyncio.run(_run(port, members, seconds, outcome))
    return outcome


async def _run(port: int, members: list[Member], seconds: float, outcome: Outcome) -> None:
    deadline = time.monotonic() + seconds
    await asyncio.gather(
        *(_member(port, m, deadline, random.Random(i), outcome) for i, m in enumerate(members))
    )


async def _member(
    port: int, m: Member, deadline: float, rng: random.Random, outcome: Outcome
) -> None:
    connection = await Connection.open(port)
    count = 0
    while time.monotonic() < deadline:
        count += 1
        kind = rng.choices(KINDS, WEIGHTS)[0]
        if kind == "plan edit" and not m.editable:
            kind = "checkin"
        method, path, body, cookie, bearer = _request(m, kind, count, rng)
        started = time.perf_counter()
        try:
            status, answer = await connection.send(method, path, body, cookie, bearer)
        except (OSError, asyncio.IncompleteReadError) as problem:
            outcome.errors[f"{kind}: {type(problem).__name__}"] += 1
            connection.close()
            connection = await Connection.open(port)
            continue
        outcome.latencies[kind].append(time.perf_counter() - started)
        if not 200 <= status < 400:
            outcome.errors[f"{kind}: {status}"] += 1
            continue
        _acknowledged(m, kind, body, answer, outcome)
    connection.close()


def _request(
    m: Member, kind: str, count: int, rng: random.Random
) -> tuple[str, str, dict[str, Any] | None, str, str]:
    today = date.today().isoformat()
    if kind == "home":
        return "GET", "/", None, m.cookie, ""
    if kind == "gap":
        return "GET", f"/api/v1/people/{m.person_id}/gap", None, "", m.token
    if kind == "assessment":
        levels = {rng.choice(m.competencies): rng.randint(1, 4)}
        return "POST", f"/api/v1/people/{m.person_id}/assessments", {"levels": levels}, "", m.token
    if kind == "evidence":
        body = {
            "title": f"write mix {m.person_id}-{count}",
            "happened_on": today,
            "description": "Ran the weekly portfolio report and fixed two data feeds.",
            "competencies": [rng.choice(m.competencies)],
        }
        return "POST", f"/api/v1/people/{m.person_id}/evidence", body, "", m.token
    if kind == "checkin":
        body = {"held_on": today, "notes": f"write mix check-in {count}"}
        return "POST", f"/api/v1/plans/{m.plan_id}/checkins", body, "", m.token
    body = {"revision": m.revision, "comment": f"write mix edit {count}"}
    return "PATCH", f"/api/v1/plans/{m.plan_id}", body, "", m.token


def _acknowledged(
    m: Member, kind: str, sent: dict[str, Any] | None, answer: bytes, outcome: Outcome
) -> None:
    if kind == "assessment":
        outcome.assessments[m.person_id] += 1
    elif kind == "evidence" and sent is not None:
        outcome.evidence.setdefault(m.person_id, set()).add(sent["title"])
    elif kind == "checkin":
        outcome.checkins[m.plan_id] += 1
    elif kind == "plan edit" and sent is not None:
        m.revision = json.loads(answer)["revision"]
        outcome.last_edit[m.plan_id] = (m.revision, sent["comment"])


def counts(url: str, members: list[Member]) -> dict[str, Counter[int]]:
    """Assessments per person and check-ins per plan now (read before and after the run)."""
    engine = make_engine(url)
    people = [m.person_id for m in members]
    plans = [m.plan_id for m in members]
    with engine.connect() as c:
        assessments = Counter(
            dict(
                c.execute(
                    text(
                        "SELECT person_id, count(*) FROM assessments "
                        "WHERE person_id IN :ids GROUP BY person_id"
                    ).bindparams(bindparam("ids", expanding=True)),
                    {"ids": people},
                ).all()
            )
        )
        checkins = Counter(
            dict(
                c.execute(
                    text(
                        "SELECT plan_id, count(*) FROM checkins WHERE plan_id IN :ids "
                        "GROUP BY plan_id"
                    ).bindparams(bindparam("ids", expanding=True)),
                    {"ids": plans},
                ).all()
            )
        )
    engine.dispose()
    return {"assessments": assessments, "checkins": checkins}


def missing_writes(
    url: str, members: list[Member], before: dict[str, Counter[int]], outcome: Outcome
) -> list[str]:
    """Each acknowledged write not found in the database, in words (none: an empty list)."""
    after = counts(url, members)
    missing = []
    for person, acked in outcome.assessments.items():
        found = after["assessments"][person] - before["assessments"][person]
        if found < acked:
            missing.append(f"person {person}: {acked} assessments acknowledged, {found} stored")
    for plan, acked in outcome.checkins.items():
        found = after["checkins"][plan] - before["checkins"][plan]
        if found < acked:
            missing.append(f"plan {plan}: {acked} check-ins acknowledged, {found} stored")
    engine = make_engine(url)
    with engine.connect() as c:
        for person, titles in outcome.evidence.items():
            stored = set(
                c.execute(
                    text("SELECT title FROM evidence WHERE person_id = :p AND title LIKE :t"),
                    {"p": person, "t": "write mix %"},
                ).scalars()
            )
            if titles - stored:
                missing.append(f"person {person}: {len(titles - stored)} evidence not stored")
        for plan, (revision, comment) in outcome.last_edit.items():
            row = c.execute(
                text("SELECT revision, comment FROM plans WHERE id = :p"), {"p": plan}
            ).one()
            if (row.revision, row.comment) != (revision, comment):
                missing.append(
                    f"plan {plan}: revision {revision} ({comment!r}) acknowledged, "
                    f"{row.revision} ({row.comment!r}) stored"
                )
    engine.dispose()
    return missing


def figures(outcome: Outcome, seconds: float, missing: list[str]) -> dict[str, str]:
    """The run in the web benchmark's terms, with the writes' own figures."""
    every = sorted(t for kind in KINDS for t in outcome.latencies[kind])
    writes = sorted(t for kind in KINDS[2:] for t in outcome.latencies[kind])
    acknowledged = (
        sum(outcome.assessments.values())
        + sum(len(t) for t in outcome.evidence.values())
        + sum(outcome.checkins.values())
        + len(outcome.last_edit)
    )
    return {
        "requests/s": f"{len(every) / seconds:.1f}",
        "p50": _ms(every, 0.50),
        "p99": _ms(every, 0.99),
        "writes p99": _ms(writes, 0.99),
        "writes/s": f"{len(writes) / seconds:.1f}",
        "errors": str(sum(outcome.errors.values())),
        "error kinds": ", ".join(f"{k} {n}" for k, n in outcome.errors.items()) or "none",
        "writes acknowledged": str(acknowledged),
        "acknowledged writes missing": str(len(missing)),
        "p50 · p99 by kind": ", ".join(
            f"{kind} {_ms(sorted(outcome.latencies[kind]), 0.5)} · "
            f"{_ms(sorted(outcome.latencies[kind]), 0.99)}"
            for kind in KINDS
        ),
    }


def _ms(sorted_seconds: list[float], share: float) -> str:
    if not sorted_seconds:
        return "-"
    index = min(len(sorted_seconds) - 1, int(share * len(sorted_seconds)))
    return f"{sorted_seconds[index] * 1000:.1f}ms"


class Connection:
    """One kept-alive HTTP/1.1 connection to the server on 127.0.0.1."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        return cls(reader, writer)

    async def send(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        cookie: str = "",
        bearer: str = "",
    ) -> tuple[int, bytes]:
        payload = json.dumps(body).encode() if body is not None else b""
        head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Accept: application/json"]
        if cookie:
            head.append(f"Cookie: {cookie}")
        if bearer:
            head.append(f"Authorization: Bearer {bearer}")
        if body is not None:
            head += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + payload)
        await self.writer.drain()
        status_line = await self.reader.readuntil(b"\r\n")
        status = int(status_line.split()[1])
        headers: dict[str, str] = {}
        while (line := await self.reader.readuntil(b"\r\n")) != b"\r\n":
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            return status, await self.reader.readexactly(int(headers["content-length"]))
        if headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while size := int((await self.reader.readuntil(b"\r\n")).strip(), 16):
                chunks.append(await self.reader.readexactly(size))
                await self.reader.readexactly(2)
            await self.reader.readuntil(b"\r\n")
            return status, b"".join(chunks)
        return status, b""

    def close(self) -> None:
        self.writer.close()
