"""The upload preview says what changed inside roles, competencies, actions and routes, and a
file's problems come grouped: one line per distinct problem (issue 16)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from pmopath.domain.errors import Problem
from pmopath.domain.framework import Framework, Requirement
from pmopath.domain.framework_change import changes_within, compare
from pmopath.domain.problem_groups import grouped_problems


def _edited(fw: Framework, role_id: str, **changes: object) -> Framework:
    roles = tuple(replace(r, **changes) if r.id == role_id else r for r in fw.roles)  # type: ignore[arg-type]
    return replace(fw, roles=roles)


def test_an_unchanged_framework_has_nothing_to_say(default_framework: Framework) -> None:
    same = replace(default_framework, version="2099.1")
    change = compare(default_framework, same, {}, {})
    assert change.changed == [] and change.is_empty


def test_a_role_title_and_its_levels_are_told_old_to_new(default_framework: Framework) -> None:
    role = default_framework.roles_by_id["pmo_analyst"]
    first, second, *rest = role.requirements
    names = default_framework.competencies_by_id
    reqs = (
        replace(first, level=first.level + 1),
        replace(second, critical=not second.critical),
        *rest[:-1],
        Requirement("stakeholder_engagement_x", 2),
    )
    new = _edited(default_framework, "pmo_analyst", title="PMO Data Analyst", requirements=reqs)
    change = compare(default_framework, new, {}, {})
    assert not change.is_empty
    (found,) = [c for c in change.changed if c.kind == "role"]
    assert found.id == "pmo_analyst" and found.title == "PMO Data Analyst"
    assert found.lines[0] == "title 'PMO Analyst' → 'PMO Data Analyst'"
    lines = "\n".join(found.lines)
    assert f"{names[first.competency].name}: level {first.level} → {first.level + 1}" in lines
    assert f"{names[second.competency].name}: " in lines and " → " in lines
    assert "critical" in lines
    assert "requires stakeholder_engagement_x at level 2 (new requirement)" in lines
    removed = rest[-1]
    assert f"no longer requires {names[removed.competency].name}" in lines


def test_a_renamed_competency_and_changed_routes(default_framework: Framework) -> None:
    competency = default_framework.competencies[0]
    competencies = (replace(competency, name="Something else"), *default_framework.competencies[1:])
    dropped = default_framework.transitions[0]
    new = replace(
        default_framework, competencies=competencies, transitions=default_framework.transitions[1:]
    )
    found = changes_within(default_framework, new, {})
    by_kind = {c.kind: c for c in found}
    assert by_kind["competency"].lines == (f"name '{competency.name}' → 'Something else'",)
    titles = default_framework.roles_by_id
    assert by_kind["routes"].lines == (
        f"removed: {titles[dropped.source].title} → {titles[dropped.target].title}",
    )


def test_a_renamed_role_is_compared_with_its_new_id(default_framework: Framework) -> None:
    roles = tuple(
        replace(r, id="pmo_insight_analyst") if r.id == "pmo_analyst" else r
        for r in default_framework.roles
    )
    transitions = tuple(
        replace(
            t,
            source="pmo_insight_analyst" if t.source == "pmo_analyst" else t.source,
            target="pmo_insight_analyst" if t.target == "pmo_analyst" else t.target,
        )
        for t in default_framework.transitions
    )
    new = replace(default_framework, roles=roles, transitions=transitions)
    mapping = {"role": {"pmo_analyst": "pmo_insight_analyst"}}
    change = compare(default_framework, new, mapping, {"role": Counter()})
    assert change.changed == []  # only the id moved: no title, requirement or route changed


def test_a_typo_repeated_32_times_is_one_line() -> None:
    typo = "unknown competency 'planing' (did you mean 'planning'?)"
    problems = [Problem(typo, (), "fw.yaml", line, 5) for line in range(400, 80, -10)]
    problems.append(Problem("roles[2].title: required", (), "fw.yaml", 30, 3))
    problems.append(Problem(typo, (), "fw.yaml", 400, 9))  # the same line twice: named once
    groups = grouped_problems(problems)
    assert [g.count for g in groups] == [1, 33]
    assert groups[0].text() == "roles[2].title: required at line 30"
    assert groups[1].lines == (90, 100, 110, 120, 130)
    assert groups[1].text() == f"{typo} at 33 places: line 90, 100, 110, 120, 130, …"


def test_problems_without_a_line_still_group() -> None:
    groups = grouped_problems([Problem("not a mapping"), Problem("not a mapping")])
    assert len(groups) == 1 and groups[0].text() == "not a mapping at 2 places"
