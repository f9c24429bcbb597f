"""What matters first: certification lists grouped (held, now, within a year, the rest folded
away) and, for a person with no target, the closest roles with a button each (issue 16)."""

from __future__ import annotations

import html
import re

from tests.e2e.web.conftest import World, page_csrf, sign_in

ISO_DATE = re.compile(r"\b\d{4}-\d{2}(-\d{2})?\b")


def _visible(page: str) -> str:
    """The page's text without tags, attributes or scripts (where an ISO date would show)."""
    body = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def test_the_person_page_sums_up_eligibility_and_folds_the_list(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    page = sam.get(f"/people/{world.person_id('sam')}").text
    section = page[page.index('id="cred-h"') :]
    section = section[: section.index("</section>")]
    summary = section[section.index('class="eligibility-summary"') :]
    assert summary.index("eligibility-summary") < summary.index("<details")
    assert re.search(r"<summary>All \d+ certifications: when each can be sat", section)
    assert section.count("<li>") > 5  # the whole list is there, folded
    assert not ISO_DATE.search(_visible(section))


def test_the_role_and_home_pages_list_what_matters_first(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    for path in ("/roles/pmo_manager", "/"):
        page = sam.get(path).text
        summary = page.index('class="eligibility-summary"')  # held, eligible now, within a year
        folded = page.index('class="eligibility-more"')  # then every certification, folded
        assert summary < folded
        assert "<strong>Eligible now:</strong>" in page[summary:folded]
        assert re.search(
            r"<summary>All \d+ certifications?: when each can be sat, and why</summary>", page
        )


def test_the_plan_page_sums_up_eligibility(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    page = sam.get("/plan").text
    section = page[page.index('id="eligibility-h"') :]
    section = section[: section.index("</section>")]
    assert 'class="eligibility-summary"' in section and "<details" in section


def test_a_person_with_no_target_is_offered_the_closest_roles(world: World) -> None:
    lena = sign_in(world.client(), "lena")  # the demo's one person with no target
    page = lena.get("/").text
    assert "Choose where you are heading" in page
    assert "Where you are heading" not in page and "Next check-in" not in page  # no empty cards
    buttons = re.findall(r'name="role" value="([a-z_]+)"', page)
    assert buttons and page.count("Make this my target") == len(buttons)
    token = page_csrf(lena, "/")
    answer = lena.post(
        "/target", data={"role": buttons[0], "csrf_token": token}, follow_redirects=False
    )
    assert answer.status_code == 303
    home = lena.get("/").text
    assert "Choose where you are heading" not in home and "Where you are heading" in home
    assert f'href="/roles/{buttons[0]}"' in home
