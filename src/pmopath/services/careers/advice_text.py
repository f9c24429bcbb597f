"""The advice in words: one place for the sentences the CLI and the pages show about blockers
and about what helps most, so both say the same thing."""

from __future__ import annotations

from collections.abc import Mapping

from pmopath.domain.readiness import Blocker, GapAnalysis, RaiseImpact


def _floor(value: float) -> int:
    return int(value + 1e-9)


def blockers_heading(analysis: GapAnalysis) -> str:
    """What the blockers do to the figure, in a sentence."""
    cap = f"{analysis.critical_cap:g}%"
    if analysis.raw_readiness > analysis.critical_cap:
        return (
            f"Readiness is held at {cap} (it would be {_floor(analysis.raw_readiness)}%) until "
            "each of these is met (critical) or within one level (core):"
        )
    return (
        "Nobody is ready for this role while these remain; critical ones must be met, core ones "
        "within one level:"
    )


def blocker_line(blocker: Blocker, name: str) -> str:
    short = f"{blocker.short_by} level{'s' if blocker.short_by != 1 else ''} short"
    if blocker.reason.value == "critical":
        return f"{name}: {short} (critical)"
    to_go = blocker.levels_to_unblock
    return f"{name}: {short} (core: {to_go} level{'s' if to_go != 1 else ''} to clear it)"


def impact_line(analysis: GapAnalysis, impact: RaiseImpact, names: Mapping[str, str]) -> str:
    """One step of "what helps most": what it does to blockers and to the figure."""
    step = (
        f"{names.get(impact.competency, impact.competency)} {impact.from_level} → {impact.to_level}"
    )
    parts = []
    if impact.blocking is not None:
        left = len(analysis.blockers) - 1
        if impact.unblocks:
            parts.append(
                f"clears this {impact.blocking.value} blocker"
                + (f" ({left} left)" if left else " (the last one)")
            )
        else:
            blocker = next(b for b in analysis.blockers if b.competency == impact.competency)
            more = blocker.levels_to_unblock - 1
            parts.append(
                f"{impact.blocking.value} blocker: {more} more level{'s' if more != 1 else ''} "
                "to clear it"
            )
    held = abs(impact.readiness_after - analysis.critical_cap) < 1e-9
    if impact.gain > 0.05:
        parts.append(f"+{impact.gain:.1f} points, to {_floor(impact.readiness_after)}%")
        if held and impact.raw_gain > impact.gain + 0.05:
            parts.append(f"worth +{impact.raw_gain:.1f} once nothing blocks")
    else:
        parts.append(f"worth +{impact.raw_gain:.1f} points once nothing blocks")
    return f"{step}: {'; '.join(parts)}"
