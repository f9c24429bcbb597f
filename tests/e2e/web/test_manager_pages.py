"""The manager's experience: the team page opens on one's own people, the organisation for an
admin, the nearest candidates for a role, and a plan's review with its context."""

from __future__ import annotations

import re

from tests.e2e.web.conftest import World, email, sign_in


def test_a_manager_sees_direct_and_indirect_reports_without_typing(world: World) -> None:
    alex = sign_in(world.client(), "alex")
    page = alex.get("/team")
    assert page.status_code == 200
    assert "Alex Morgan's team" in page.text
    assert 'id="manager"' not in page.text  # no box to type into
    tree = page.text[page.text.index('id="tree-h"') :]
    assert "<details>" in tree and "Maria Lopez" in tree
    assert "Sam Patel" in tree  # Maria's report: indirect for Alex
    assert "Omar Haddad" in tree
    assert "@" not in tree  # names, never e-mails


def test_a_team_above_is_a_message_on_the_page_not_a_bare_not_found(world: World) -> None:
    maria = sign_in(world.client(), "maria")
    page = maria.get("/team", params={"manager": str(world.person_id("alex"))})
    assert page.status_code == 404
    assert 'role="alert"' in page.text and "not one you can see" in page.text
    assert "Maria Lopez's team" in page.text and "Sam Patel" in page.text
    by_mail = maria.get("/team", params={"manager": email("alex")})
    assert by_mail.status_code == 404 and "Showing your own team" in by_mail.text


def test_an_admin_sees_the_organisation_and_picks_a_manager_from_a_list(world: World) -> None:
    admin = sign_in(world.client(), "admin")
    page = admin.get("/team")
    assert page.status_code == 200
    org = page.text[page.text.index('id="org-h"') :]
    assert "<details>" in org
    for name in ("Alex Morgan", "Maria Lopez"):  # the top two levels of the tree
        assert name in org
    assert "Sam Patel" not in org  # three down: one link away, through Maria's team
    maria = world.person_id("maria")
    assert f'href="/team?manager={maria}"' in org
    assert "Sam Patel" in admin.get("/team", params={"manager": str(maria)}).text
    picker = re.search(r'<select id="manager" name="manager">(.*?)</select>', page.text, re.S)
    assert picker and "Maria Lopez" in picker.group(1) and "Sam Patel" not in picker.group(1)
    jins = admin.get("/team", params={"manager": str(world.person_id("jin"))})
    assert jins.status_code == 200 and "Dev Raman" in jins.text
    missing = admin.get("/team", params={"manager": "987654"})
    assert missing.status_code == 404 and "Pick one from the list" in missing.text


def test_nobody_ready_shows_the_nearest_five_with_bands_and_blockers(world: World) -> None:
    admin = sign_in(world.client(), "admin")
    page = admin.get("/team/ready", params={"role": "pmo_director", "at_least": 100})
    assert page.status_code == 200
    assert "0 people are at least 100% ready" in page.text
    section = page.text[page.text.index('id="nearest-h"') :]
    rows = re.findall(r'<th scope="row"><a class="person"', section)
    assert len(rows) == 5
    assert "Ready in about" in section or "Stretch" in section
    assert "short)" in section  # blockers, with how far short
    maria = sign_in(world.client(), "maria")
    mine = maria.get("/team/ready", params={"role": "pmo_director", "at_least": 100}).text
    assert "Omar Haddad" not in mine and "Alex Morgan" not in mine  # only her people


def test_someone_ready_shows_no_nearest_list(world: World) -> None:
    maria = sign_in(world.client(), "maria")
    page = maria.get("/team/ready", params={"role": "pmo_analyst", "at_least": 0})
    assert 'id="nearest-h"' not in page.text


def _sams_plan(world: World) -> int:
    with world.runtime.unit_of_work() as uow:
        found = uow.plans.for_person(world.person_id("sam"))
    return found[0].id or 0


def test_the_plan_review_shows_gap_effort_cost_months_and_impact(world: World) -> None:
    plan_id = _sams_plan(world)  # the demo submitted it
    maria = sign_in(world.client(), "maria")
    page = maria.get(f"/plans/{plan_id}")
    assert page.status_code == 200
    context = page.text[page.text.index('id="review-context"') :]
    context = context[: context.index("</table>")]
    assert "What this plan means for Sam Patel" in context
    assert "ready for PMO Analyst today" in context
    assert re.search(r"Total effort</th><td>[\d,.]+ hours?<", context)
    assert re.search(r"Cost</th><td>(£|€|\$|[A-Z]{3} )[\d,.]+<", context)
    assert "Length</th><td>" in context
    now = re.search(r"Readiness now</th><td>(\d+)%", context)
    after = re.search(r"Readiness when every item is done</th><td>(\d+)%", context)
    assert now and after and int(after.group(1)) >= int(now.group(1))
    sam = sign_in(world.client(), "sam")
    assert 'id="review-context"' not in sam.get(f"/plans/{plan_id}").text  # the manager's


def test_a_manager_sees_self_manager_and_peer_levels_side_by_side(world: World) -> None:
    from pmopath.domain.assessment import Assessment
    from pmopath.domain.people import AssessmentSource
    from pmopath.services.people.records import record_assessment

    store = world.runtime.store()
    sam = str(world.person_id("sam"))
    record_assessment(
        store, sam, Assessment({"business_case": 4}), AssessmentSource.SELF, actor="t"
    )
    manager = Assessment({"business_case": 1})
    record_assessment(store, sam, manager, AssessmentSource.MANAGER, actor="t")
    peer = Assessment({"business_case": 3})
    record_assessment(store, sam, peer, AssessmentSource.PEER, actor="t", assessor=email("tom"))
    maria = sign_in(world.client(), "maria")
    page = maria.get(f"/people/{sam}")
    assert page.status_code == 200
    section = page.text[page.text.index('id="sources-h"') :]
    section = section[: section.index("</section>")]
    row = re.search(
        r'<tr class="disagree">\s*<th scope="row">Business case[^<]*</th>(.*?)</tr>', section, re.S
    )
    assert row, section
    cells = re.findall(r"<td>(.*?)</td>", row.group(1), re.S)
    assert cells[:3] == ["4", "1", "3"] and "3 levels apart" in cells[-1]
    assert "@" not in section
    own = sign_in(world.client(), "sam").get(f"/people/{sam}")
    assert 'id="sources-h"' not in own.text  # a manager's view


def test_a_plan_withdrawn_and_submitted_again_unchanged_is_announced_once(world: World) -> None:
    from tests.e2e.web.test_plan_reviews import _kinds, _move, _post, _revision

    plan_id = _sams_plan(world)  # the demo submitted it: Maria was told
    sam, maria = sign_in(world.client(), "sam"), sign_in(world.client(), "maria")
    assert _kinds(maria) == ["plan_submitted"]
    _move(sam, plan_id, "reopen")  # withdrawn to fix a typo, then sent back as it was
    _move(sam, plan_id, "submit")
    assert _kinds(maria) == ["plan_submitted"]  # not the same notice a second time
    _move(sam, plan_id, "reopen")  # withdrawn and changed: that is news
    added = {"free_text": "Shadow the PMO lead", "revision": _revision(sam, plan_id)}
    assert _post(sam, f"/plans/{plan_id}/items", added).status_code == 303
    _move(sam, plan_id, "submit")
    assert _kinds(maria) == ["plan_submitted", "plan_submitted"]
