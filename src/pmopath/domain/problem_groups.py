"""Problems in a file grouped: one line per distinct problem, with how often and where first.

A typo repeated through a framework file ("unknown competency 'planing'" at 32 places) is one
problem to fix, not 32: the upload preview (web) and ``pmopath framework validate`` (CLI) show
each distinct message once, with its count and its first few locations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pmopath.domain.errors import Problem

FIRST_PLACES = 5
"""How many locations of a repeated problem are named."""


@dataclass(frozen=True, slots=True)
class ProblemGroup:
    """One distinct problem message, how many places have it and the first of them."""

    message: str
    count: int
    lines: tuple[int, ...]
    """The first ``FIRST_PLACES`` distinct lines, in file order (fewer when unknown)."""
    source: str = ""

    def text(self) -> str:
        """ "unknown competency 'planing' (did you mean 'planning'?) at 32 places: line 12, 40,
        77, 81, 90, …", or "... at line 12" once."""
        if not self.lines:
            where = "" if self.count == 1 else f" at {self.count} places"
            return f"{self.message}{where}"
        shown = ", ".join(str(n) for n in self.lines)
        more = ", …" if self.count > len(self.lines) else ""
        if self.count == 1:
            return f"{self.message} at line {shown}"
        return f"{self.message} at {self.count} places: line {shown}{more}"


def grouped_problems(problems: Sequence[Problem], first: int = FIRST_PLACES) -> list[ProblemGroup]:
    """One ProblemGroup per distinct message, in the order each first appears in the file."""
    order: dict[str, list[Problem]] = {}
    for problem in sorted(problems, key=lambda p: (p.line is None, p.line or 0, p.column or 0)):
        order.setdefault(problem.message, []).append(problem)
    groups = []
    for message, found in order.items():
        lines: list[int] = []
        for p in found:
            if p.line is not None and p.line not in lines and len(lines) < first:
                lines.append(p.line)
        groups.append(ProblemGroup(message, len(found), tuple(lines), found[0].source))
    return groups
