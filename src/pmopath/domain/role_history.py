"""Past role spells people record (with the kinds of work done in them), and their checks.

The current spell (no end) follows the person's role and is kept by the people import; the
spells recorded by hand are past ones, each with an end. Stored spells end on the first day no
longer in the role (``RoleSpell.ended_on``, as when the role changes); what people type and see
is the last day (or month) in it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from pmopath.domain.errors import InvalidRequest
from pmopath.domain.people import RoleSpell

SPELL_KINDS = ("agile",)
"""The kinds of work a spell can be tagged with (experience needs of a ``kind`` count them)."""
MAX_SPELLS = 60
EARLIEST = date(1950, 1, 1)
_WHEN = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")


@dataclass(frozen=True, slots=True)
class StoredSpell:
    """A spell of someone's role history as stored, with its id."""

    id: int
    spell: RoleSpell

    @property
    def current(self) -> bool:
        return self.spell.ended_on is None

    @property
    def last_day(self) -> date | None:
        """The last day in the role (None: still in it)."""
        ended = self.spell.ended_on
        return None if ended is None else ended - timedelta(days=1)


def parse_when(text: str, field: str, *, last: bool = False) -> tuple[date, bool]:
    """``YYYY-MM-DD`` or ``YYYY-MM`` -> (day, given as a month); raises InvalidRequest.

    A month is its first day, or with ``last`` its last day.
    """
    match = _WHEN.fullmatch(text.strip())
    if match is None:
        raise InvalidRequest(f"{field}: a date as YYYY-MM-DD or a month as YYYY-MM, not '{text}'")
    year, month = int(match[1]), int(match[2])
    try:
        if match[3] is not None:
            return date(year, month, int(match[3])), False
        first = date(year, month, 1)
    except ValueError:
        raise InvalidRequest(f"{field}: no such date '{text}'") from None
    if not last:
        return first, True
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1), True


def not_in_future(day: date, as_month: bool, today: date, field: str, text: str) -> None:
    """Raise InvalidRequest when ``day`` (a month's when ``as_month``) is after today's."""
    late = (day.year, day.month) > (today.year, today.month) if as_month else day > today
    if late:
        raise InvalidRequest(f"{field}: '{text}' is in the future")
    if day < EARLIEST:
        raise InvalidRequest(f"{field}: '{text}' is before {EARLIEST.year}")


def checked_kinds(kinds: Collection[str]) -> tuple[str, ...]:
    """The kinds, known, once each, sorted; raises InvalidRequest naming the field."""
    wanted = sorted({k.strip().casefold() for k in kinds if k.strip()})
    unknown = [k for k in wanted if k not in SPELL_KINDS]
    if unknown:
        raise InvalidRequest(f"kinds: one of {', '.join(SPELL_KINDS)}, not '{unknown[0]}'")
    return tuple(wanted)


def past_spell(
    role: str, started: str, ended: str, kinds: Collection[str], today: date
) -> RoleSpell:
    """A past spell from what was typed (first and last day or month, inclusive).

    Raises InvalidRequest naming the field: a malformed or future date, an end before the start,
    an unknown kind. The role is the caller's to check against the framework.
    """
    started_on, start_month = parse_when(started, "started_on")
    not_in_future(started_on, start_month, today, "started_on", started)
    last_day, end_month = parse_when(ended, "ended_on", last=True)
    not_in_future(last_day, end_month, today, "ended_on", ended)
    if last_day < started_on:
        raise InvalidRequest(f"ended_on: '{ended}' is before started_on '{started}'")
    return RoleSpell(role, started_on, last_day + timedelta(days=1), checked_kinds(kinds))


def overlapping(spell: RoleSpell, others: Sequence[StoredSpell]) -> StoredSpell | None:
    """The first of ``others`` whose days overlap ``spell``'s (spells of unknown start: never)."""
    if spell.started_on is None:
        return None
    end = spell.ended_on or date.max
    for other in others:
        start = other.spell.started_on
        if start is None:
            continue
        if start < end and spell.started_on < (other.spell.ended_on or date.max):
            return other
    return None


def with_current_role(
    history: Sequence[RoleSpell], role: str | None, since: date | None
) -> tuple[RoleSpell, ...]:
    """The role history, with the current role as an open spell when none is recorded open
    (people added with a role but no history, or with past spells only)."""
    if role is not None and not any(s.ended_on is None for s in history):
        return (*history, RoleSpell(role, since))
    return tuple(history)


def spell_text(spell: StoredSpell) -> str:
    """'2020-01 to 2021-12' or '2022-01 to now'."""
    start = spell.spell.started_on
    first = f"{start.year:04d}-{start.month:02d}" if start else "unknown"
    last = spell.last_day
    return f"{first} to {'now' if last is None else f'{last.year:04d}-{last.month:02d}'}"
