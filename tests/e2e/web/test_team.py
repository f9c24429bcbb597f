"""The team pages and API: a manager's heatmap, readiness, and who is ready for a role."""

from __future__ import annotations

from tests.e2e.web.conftest import World, email, sign_in

MARIAS_REPORTS = ("Sam Patel", "Priya Shah", "Tom Becker", "Lena Novak", "Ella Fischer")


def test_marias_heatmap_shows_her_reports_and_not_alex(world: World) -> None:
    client = sign_in(world.client(), "maria")
    page = client.get("/team")
    assert page.status_code == 200
    assert "Maria Lopez's team" in page.text
    for name in MARIAS_REPORTS:
        assert name in page.text
    assert "Alex Morgan" not in page.text
    assert "Omar Haddad" not in page.text  # alex's report, not maria's
    assert f'href="/people/{world.person_id("sam")}"' in page.text
    assert 'class="heat"' in page.text
    assert "lvl-met" in page.text and "lvl-short" in page.text
    assert "PMO Analyst" in page.text  # sam's target, with his readiness beside it
    assert "%" in page.text


def test_members_are_refused_the_team_and_admin_pages(world: World) -> None:
    client = sign_in(world.client(), "sam")
    assert client.get("/team").status_code == 403
    assert client.get("/team/ready", params={"role": "pmo_manager"}).status_code == 403
    assert client.get("/admin").status_code == 403
    assert client.get("/admin/accounts").status_code == 403
    assert client.get("/api/v1/team").status_code == 403


def test_a_manager_sees_a_team_below_but_not_above(world: World) -> None:
    alex = sign_in(world.client(), "alex")
    below = alex.get("/team", params={"manager": email("maria")})
    assert below.status_code == 200 and "Sam Patel" in below.text
    maria = sign_in(world.client(), "maria")
    above = maria.get("/team", params={"manager": str(world.person_id("alex"))})
    assert above.status_code == 404


def test_an_admin_names_any_manager(world: World) -> None:
    client = sign_in(world.client(), "admin")
    form = client.get("/team")
    assert form.status_code == 200 and 'name="manager"' in form.text
    assert client.get("/team", params={"manager": " "}).status_code == 200  # the empty form
    page = client.get("/team", params={"manager": str(world.person_id("jin"))})
    assert page.status_code == 200 and "Dev Raman" in page.text
    api = client.get("/api/v1/team")
    assert api.status_code == 400 and "manager" in api.json()["error"]["message"]
    assert client.get("/team", params={"manager": "987654"}).status_code == 404


def test_team_api_gives_levels_status_and_readiness(world: World) -> None:
    client = sign_in(world.client(), "maria")
    body = client.get("/api/v1/team").json()
    assert body["manager"]["name"] == "Maria Lopez"
    assert sorted(row["name"] for row in body["data"]) == sorted(MARIAS_REPORTS)
    assert body["count"] == len(MARIAS_REPORTS)
    sam = next(row for row in body["data"] if row["name"] == "Sam Patel")
    assert sam["target"] == "pmo_analyst" and 0 <= sam["readiness"] <= 100
    statuses = {cell["status"] for cell in sam["levels"].values()}
    assert statuses <= {"met", "short", "none", None} and "met" in statuses
    lena = next(row for row in body["data"] if row["name"] == "Lena Novak")
    assert lena["target"] is None and lena["readiness"] is None


def test_ready_for_a_role_is_limited_to_a_managers_reports(world: World) -> None:
    maria = sign_in(world.client(), "maria")
    mine = maria.get("/api/v1/ready", params={"role": "pmo_analyst", "at_least": 0}).json()
    assert mine["count"] == len(MARIAS_REPORTS)
    assert {p["name"] for p in mine["data"]} == set(MARIAS_REPORTS)
    readiness = [p["readiness"] for p in mine["data"]]
    assert readiness == sorted(readiness, reverse=True)
    admin = sign_in(world.client(), "admin")
    everyone = admin.get("/api/v1/ready", params={"role": "pmo_analyst", "at_least": 0}).json()
    assert everyone["count"] == 12
    page = maria.get("/team/ready", params={"role": "pmo_analyst", "at_least": 0})
    assert page.status_code == 200
    assert "5 people are at least 0% ready for PMO Analyst" in page.text
    assert "Omar Haddad" not in page.text


def test_ready_refuses_bad_roles_and_thresholds(world: World) -> None:
    client = sign_in(world.client(), "maria")
    unknown = client.get("/api/v1/ready", params={"role": "astronaut"})
    assert unknown.status_code == 400 and "astronaut" in unknown.json()["error"]["message"]
    too_high = client.get("/api/v1/ready", params={"role": "pmo_analyst", "at_least": 150})
    assert too_high.status_code == 422 and "at_least" in too_high.text
    page = client.get("/team/ready", params={"role": "astronaut"})
    assert page.status_code == 400 and "Unknown role" in page.text
