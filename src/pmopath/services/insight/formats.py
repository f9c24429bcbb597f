"""One way to show each kind of number and date, on every page and in both PDFs: the Jinja
filters of the pages (web/templating.py) and of the printed documents (adapters/documents.py).

Whole months ("about 9 months"), whole percentages ("70%", floored), money in the
framework's currency ("£1,200"), hours ("20 hours", "1.5 hours"), dates in words
("7 December 2026", "December 2026"), and a person's initials and avatar colour.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from datetime import date, datetime
from typing import Any


def percent(value: float) -> str:
    """A whole percentage, floored as everywhere: 79.96 never shows as 80% ("ready")."""
    return f"{int(value // 1)}%"


def months(value: float, *, about: bool = True) -> str:
    """Whole months: "about 9 months", "about 1 month", "under a month", "now" (0)."""
    if value <= 0:
        return "now"
    whole = round(value)
    if whole == 0 and value > 0:
        return "under a month"
    text = f"{whole} month{'' if whole == 1 else 's'}"
    return f"about {text}" if about else text


def number(value: float) -> str:
    """A whole number, or one decimal only when it has a fraction: 20, 1.5, 1,200."""
    shown = round(value, 1)
    return f"{shown:,.0f}" if shown == int(shown) else f"{shown:,.1f}"


def hours(value: float) -> str:
    """Hours of effort: "20 hours", "1.5 hours", "1 hour"."""
    return f"{number(value)} hour{'' if round(value, 1) == 1 else 's'}"


_CURRENCY_SIGNS = {"GBP": "£", "EUR": "€", "USD": "$"}


def money(value: float, currency: str = "GBP") -> str:
    """Money in the framework's currency: "£1,200", "CHF 950", pence only when there are any."""
    amount = f"{value:,.0f}" if round(value, 2) == int(value) else f"{value:,.2f}"
    sign = _CURRENCY_SIGNS.get(currency.upper())
    return f"{sign}{amount}" if sign else f"{currency.upper()} {amount}"


def _as_date(value: date | datetime | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value)
    return date.fromisoformat(text if len(text) > 7 else f"{text}-01")


def day(value: date | datetime | str | None) -> str:
    """A date in words: "7 December 2026" (a date, a datetime or an ISO string)."""
    if value is None or value == "":
        return ""
    shown = _as_date(value)
    return f"{shown.day} {shown:%B %Y}"


def month(value: date | datetime | str | None) -> str:
    """A month in words: "December 2026" (a date or "2026-12")."""
    if value is None or value == "":
        return ""
    return f"{_as_date(value):%B %Y}"


def initials(name: str) -> str:
    """Up to two initials for an avatar: "Sam Patel" -> "SP"."""
    words = [w for w in str(name).replace("-", " ").split() if w[:1].isalpha()]
    if not words:
        return "?"
    picked = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return picked.upper()


def tone(name: str) -> int:
    """One of six avatar colours, always the same for a name."""
    return zlib.crc32(str(name).encode()) % 6


def label(value: object) -> str:
    """An enum value or id as words: "changes_requested" -> "changes requested"."""
    return str(value).replace("_", " ")


def actor(value: object) -> str:
    """Who acted, as the audit log records it, without the interface: "web:ann@x" -> "ann@x"."""
    text = str(value or "")
    kind, sep, who = text.partition(":")
    return who if sep and kind in ("web", "api", "cli") else text


FILTERS: dict[str, Callable[..., Any]] = {
    "percent": percent,
    "months": months,
    "hours": hours,
    "number": number,
    "money": money,
    "day": day,
    "month": month,
    "initials": initials,
    "tone": tone,
    "label": label,
    "actor": actor,
}
