"""The PMO leader's view through the pages, the API and CSV: whose picture each caller gets,
what each part shows, refused periods and managers, and the downloads."""

from __future__ import annotations

import csv
import io

from tests.e2e.web.conftest import World, email, sign_in

PARTS = ("/leader", "/leader/succession", "/leader/kpis")
MARIAS_REPORTS = ("Sam Patel", "Priya Shah", "Tom Becker", "Lena Novak", "Ella Fischer")


def test_members_get_none_of_it(world: World) -> None:
    sam = sign_in(world.client(), "sam")
    for path in (*PARTS, "/leader/coverage.csv", "/api/v1/leader/coverage"):
        assert sam.get(path).status_code == 403
    assert "PMO insight" not in sam.get("/").text  # no link to it either


def test_a_manager_sees_their_tree_and_an_admin_the_organisation(world: World) -> None:
    maria = sign_in(world.client(), "maria")
    body = maria.get("/api/v1/leader/succession", params={"limit": 50}).json()
    assert body["scope"]["manager_name"] == "Maria Lopez"
    named = {s["name"] for r in body["data"] for b in r["successors"].values() for s in b}
    assert named <= set(MARIAS_REPORTS)  # never alex, omar or anyone outside her tree
    admin = sign_in(world.client(), "admin")
    everyone = admin.get("/api/v1/leader/succession", params={"limit": 50}).json()
    assert everyone["scope"] == {
        "manager_id": None,
        "manager_name": None,
        "label": "the whole organisation",
    }
    wider = {s["name"] for r in everyone["data"] for b in r["successors"].values() for s in b}
    assert named < wider and "Alex Morgan" in wider
    # an admin picks a manager's tree; maria may not pick alex's, above her
    tree = admin.get("/api/v1/leader/coverage", params={"manager": email("maria")}).json()
    assert tree["scope"]["manager_name"] == "Maria Lopez"
    assert maria.get("/api/v1/leader/kpis", params={"manager": email("alex")}).status_code == 404
    page = maria.get("/leader/succession", params={"manager": email("alex")})
    assert page.status_code == 404 and "showing your own picture instead" in page.text


def test_coverage_names_the_single_points_of_failure(world: World) -> None:
    admin = sign_in(world.client(), "admin")
    body = admin.get("/api/v1/leader/coverage").json()
    services = {s["id"]: s for s in body["data"]}
    assert list(services) == [
        "reporting",
        "planning",
        "risk",
        "benefits",
        "change_control",
        "governance",
        "centre_of_excellence",
    ]
    for service in services.values():
        assert service["meeting_in_12_months"] >= service["meeting_now"]
        single = service["meeting_now"] == 1 or any(n["holders_now"] == 1 for n in service["needs"])
        assert (service["risk"] == "single") == (service["meeting_now"] > 0 and single)
        if service["meeting_now"] == 1:
            assert service["sole_person"]["name"]
    page = admin.get("/leader")
    assert page.status_code == 200
    assert "Single points of failure" in page.text and "Centre of excellence" in page.text
    assert "<svg" in page.text and 'href="/leader/coverage.csv"' in page.text


def test_succession_lists_each_critical_role_by_band(world: World) -> None:
    admin = sign_in(world.client(), "admin")
    body = admin.get("/api/v1/leader/succession").json()
    critical = [r["role"] for r in body["data"]]
    assert "pmo_manager" in critical and "head_of_pmo" in critical
    for role in body["data"]:
        assert role["has_successor"] == (role["ready_now"] + role["about_a_year"] > 0)
        for bucket, people in role["successors"].items():
            assert len(people) == min(role[bucket], 20)
            for person in people:
                assert (person["months"] == 0) == (bucket == "ready_now")
    without = [r["role"] for r in body["data"] if not r["has_successor"]]
    assert body["without_successor"] == without
    page = admin.get("/leader/succession")
    assert page.status_code == 200 and "Head of PMO" in page.text


def test_kpis_come_with_the_period_before_and_refuse_a_bad_period(world: World) -> None:
    maria = sign_in(world.client(), "maria")
    body = maria.get("/api/v1/leader/kpis", params={"from": "2026-01-01", "to": "2026-03-31"})
    assert body.status_code == 200
    kpis = body.json()
    assert (kpis["from"], kpis["to"]) == ("2026-01-01", "2026-03-31")
    assert (kpis["previous_from"], kpis["previous_to"]) == ("2025-10-03", "2025-12-31")
    assert [k["id"] for k in kpis["data"]][:3] == [
        "agreed_plans",
        "reviews_on_time",
        "readiness_change",
    ]
    refused = maria.get("/api/v1/leader/kpis", params={"from": "2026-03-01", "to": "2026-02-01"})
    assert refused.status_code == 400
    assert refused.json()["error"]["message"].startswith("from: the period starts on 2026-03-01")
    page = maria.get("/leader/kpis", params={"from": "2026-03-01", "to": "2026-02-01"})
    assert page.status_code == 400
    assert "after it ends" in page.text and 'value="2026-03-01"' in page.text  # kept as typed
    typo = maria.get("/leader/kpis", params={"from": "1 March", "to": ""})
    assert typo.status_code == 400 and "is not a date" in typo.text
    assert maria.get("/api/v1/leader/kpis", params={"from": "soon"}).status_code == 422
    assert maria.get("/leader/kpis").status_code == 200


def test_each_part_downloads_as_csv(world: World) -> None:
    admin = sign_in(world.client(), "admin")
    for path, first in (
        ("/leader/coverage.csv", "service"),
        ("/api/v1/leader/coverage.csv", "service"),
        ("/leader/succession.csv", "role"),
        ("/api/v1/leader/succession.csv", "role"),
        ("/leader/kpis.csv", "kpi"),
        ("/api/v1/leader/kpis.csv", "kpi"),
    ):
        answer = admin.get(path)
        assert answer.status_code == 200, path
        assert answer.headers["content-type"].startswith("text/csv")
        assert "attachment" in answer.headers["content-disposition"]
        rows = list(csv.DictReader(io.StringIO(answer.text)))
        assert rows and next(iter(rows[0])) == first, path
    kpis = list(csv.DictReader(io.StringIO(admin.get("/leader/kpis.csv").text)))
    assert {r["kpi"] for r in kpis} >= {"agreed_plans", "promotions", "time_to_ready"}
    maria = sign_in(world.client(), "maria")
    mine = list(csv.DictReader(io.StringIO(maria.get("/leader/succession.csv").text)))
    assert {r["name"] for r in mine if r["name"]} <= set(MARIAS_REPORTS)
    log = admin.get("/api/v1/audit", params={"action": "export.leader", "per_page": 50}).json()
    recorded = [(e["action"], e["actor"]) for e in log["data"]]
    assert len(recorded) == 8  # every download, by whom
    assert ("export.leader_succession", "web:maria@demo.pmopath.org") in recorded


def test_active_mentoring_pairs_are_a_kpi_with_their_trend(world: World) -> None:
    # the demo: maria mentors omar (both agreed, met once), a pair that started today
    for who in ("admin", "alex"):
        caller = sign_in(world.client(), who)
        kpis = caller.get("/api/v1/leader/kpis").json()["data"]
        pairs = next(k for k in kpis if k["id"] == "mentoring_pairs")
        assert (pairs["now"]["value"], pairs["previous"]["value"]) == (1, 0), who
    page = sign_in(world.client(), "admin").get("/leader/kpis").text
    assert "Mentoring pairs active" in page and "Feedback answers received" in page
