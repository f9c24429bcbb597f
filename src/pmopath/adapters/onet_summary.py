"""What an O*NET import did: counts, what was skipped or defaulted, and the lines the CLI prints."""

from __future__ import annotations

from dataclasses import dataclass, field

from pmopath.adapters.onet_reference import DEFAULT_SENIORITY, DEFAULT_TYPICAL_MONTHS


@dataclass
class OnetImportSummary:
    """What an O*NET import read, built, skipped and assumed."""

    occupations: int = 0
    roles: int = 0
    competencies: int = 0
    transitions: int = 0
    skill_rows_used: int = 0
    skill_rows_skipped: int = 0
    """Skills.txt IM/LV rows suppressed, not relevant, or for an unknown occupation."""
    knowledge_rows_used: int = 0
    knowledge_rows_skipped: int = 0
    requirements_below_scale: int = 0
    """Usable LV ratings that map to level 0, so are no requirement."""
    edges_to_missing_occupations: int = 0
    missing_edge_sample: list[str] = field(default_factory=list)
    edges_duplicate_or_self: int = 0
    transitions_default_months: int = 0
    occupations_without_skills: list[str] = field(default_factory=list)
    """'<code> <title>' of occupations with no usable Skills.txt row."""
    occupations_without_job_zone: list[str] = field(default_factory=list)
    missing_files: list[str] = field(default_factory=list)
    """Optional files that were not in the folder."""
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        """Return the summary as short human-readable lines."""
        values = {
            **vars(self),
            "sample": "; ".join(self.missing_edge_sample),
            "files": ", ".join(self.missing_files),
        }
        return (
            [text.format(**values) for key, text in _SUMMARY_LINES if getattr(self, key)]
            + _listed(
                "Occupations without skill ratings (roles kept)", self.occupations_without_skills
            )
            + _listed(
                f"Occupations without a Job Zone (seniority {DEFAULT_SENIORITY} assumed)",
                self.occupations_without_job_zone,
            )
            + [f"Warning: {warning}" for warning in self.warnings]
        )


_SUMMARY_LINES = (
    (
        "occupations",
        "Imported {occupations} O*NET occupations in {seconds:.2f} s: {roles} roles, "
        "{competencies} competencies, {transitions} transitions.",
    ),
    (
        "occupations",
        "Skills: {skill_rows_used} rating rows used, {skill_rows_skipped} skipped "
        "(suppressed, not relevant or unknown occupation).",
    ),
    (
        "knowledge_rows_used",
        "Knowledge: {knowledge_rows_used} rating rows used, {knowledge_rows_skipped} skipped.",
    ),
    (
        "requirements_below_scale",
        "{requirements_below_scale} level ratings round to 0 and are left out.",
    ),
    (
        "edges_to_missing_occupations",
        "Related occupations: {edges_to_missing_occupations} edges to occupations not in the "
        "files skipped, e.g. {sample}.",
    ),
    ("edges_duplicate_or_self", "{edges_duplicate_or_self} repeated or self edges skipped."),
    (
        "transitions_default_months",
        "{transitions_default_months} transitions use the default of "
        f"{DEFAULT_TYPICAL_MONTHS} months (no Related Work Experience data).",
    ),
    ("missing_files", "Optional files not found: {files}."),
)
"""(field that must be non-empty, line template) for OnetImportSummary.lines."""


def _listed(label: str, items: list[str], limit: int = 10) -> list[str]:
    if not items:
        return []
    more = f" (and {len(items) - limit} more)" if len(items) > limit else ""
    return [f"{label}: {', '.join(items[:limit])}{more}"]
