"""The readiness pack and the plan PDF, rendered for real: a cover summary on page 1, evidence
told once, the competencies without any named in one line (issue 16)."""

from __future__ import annotations

import io
import re

import pypdf

from tests.e2e.web.conftest import World, sign_in


def _pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages]


def test_the_pack_opens_with_a_cover_and_tells_each_piece_of_evidence_once(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    answer = sam.get(f"/people/{world.person_id('sam')}/pack", params={"role": "pmo_analyst"})
    assert answer.status_code == 200
    pages = _pages(answer.content)
    assert len(pages) <= 3  # was 4, with page 1 half empty
    first = pages[0]
    for label in ("Person", "Target role", "Readiness", "Blockers", "Plan", "Evidence"):
        assert label in first
    flat = " ".join(first.split())  # the cover's cells wrap where the page needs
    assert "Sam Patel" in flat and "not agreed yet" in flat
    assert "(critical)" in first  # Sam's blockers are named on the cover
    assert "Required competencies" in first  # the levels start on page 1, no half-empty page
    text = "\n".join(pages)
    assert "No evidence logged for this competency" not in text
    assert text.count("No evidence yet for:") == 1
    told = re.findall(r"\d{1,2} [A-Z][a-z]+ \d{4}, (?:not verified|verified by)", text)
    assert len(told) == 1  # the one piece of evidence, told once for its two competencies
    assert text.count("Situation") == 1
    assert "shows Risk, issue & dependency management, Information &" in text


def test_the_plan_pdf_opens_with_its_summary(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    with world.runtime.unit_of_work() as uow:
        plan_id = uow.plans.for_person(world.person_id("sam"))[0].id
    pages = _pages(sam.get(f"/plans/{plan_id}/pdf").content)
    first = pages[0]
    assert "Towards PMO Analyst" in first and "not agreed yet" in first
    assert "Next review" in first and "at the last check-in" in first
    assert "120 hours" in first  # effort through the hours filter
    assert len(pages) <= 2
