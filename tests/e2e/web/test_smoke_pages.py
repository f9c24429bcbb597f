"""Signing in and the first pages: home, the career map, a role, the path planner."""

from __future__ import annotations

import re

from tests.e2e.web.conftest import World, csrf_of, email, page_csrf, sign_in


def test_a_visitor_is_sent_to_sign_in_and_back(world: World) -> None:
    client = world.client()
    answer = client.get("/map", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/sign-in?next=/map"


def test_signing_in_shows_home_with_readiness(world: World) -> None:
    client = sign_in(world.client(), "sam")
    home = client.get("/")
    assert home.status_code == 200
    assert "Hello, Sam Patel" in home.text
    assert "Readiness for PMO Analyst" in home.text
    assert "Next actions" in home.text


def test_wrong_password_says_so_without_saying_which(world: World) -> None:
    client = world.client()
    token = csrf_of(client.get("/sign-in").text)
    answer = client.post(
        "/sign-in",
        data={"email": email("sam"), "password": "not the password!", "csrf_token": token},
    )
    assert answer.status_code == 401
    assert "The e-mail address or the password is not right." in answer.text


def test_career_pages(world: World) -> None:
    client = sign_in(world.client(), "priya")
    assert "Head of PMO" in client.get("/map").text
    role = client.get("/roles/pmo_manager")
    assert role.status_code == 200 and "Routes in" in role.text
    paths = client.get("/paths", params={"to": "pmo_manager"})
    assert "Route 1" in paths.text
    assert client.get("/roles/nope").status_code == 400


def test_sign_out_kills_the_session(world: World) -> None:
    client = sign_in(world.client(), "sam")
    cookie = client.cookies.get("pmopath_session")
    assert cookie
    client.post("/sign-out", data={"csrf_token": page_csrf(client)})
    stale = world.client()
    stale.cookies.set("pmopath_session", cookie)
    assert stale.get("/", follow_redirects=False).status_code == 303


def test_every_template_compiles_at_start_up() -> None:
    from pmopath.web.templating import compile_templates, make_environment

    environment = make_environment()
    compile_templates(environment)  # raises TemplateSyntaxError for a broken one
    assert environment.cache is not None
    assert len(environment.cache) == len(environment.list_templates()) > 20


def test_the_career_map_lists_each_route_under_the_role_it_leaves(world: World) -> None:
    html = sign_in(world.client(), "priya").get("/map").text
    cells = re.findall(
        r'<div class="grid-role[^"]*" data-role="([\w-]+)">\s*'
        r'<a class="role-link" href="/roles/\1">(.*?)</div>',
        html,
        re.S,
    )
    shown = {
        role: re.findall(r'→ <a href="/roles/([\w-]+)">', body.partition('<ul class="routes">')[2])
        for role, body in cells
    }
    framework = world.runtime.store().framework
    expected: dict[str, list[str]] = {role.id: [] for role in framework.roles}
    for transition in framework.transitions:
        expected[transition.source].append(transition.target)
    assert len(cells) == len(framework.roles)
    assert shown == expected and sum(map(len, shown.values())) == len(framework.transitions) > 0


def test_every_menu_item_has_an_icon_of_its_own_that_the_app_serves(world: World) -> None:
    from pmopath.web.templating import NAV

    icons = [item.icon for item in NAV]
    assert len(set(icons)) == len(icons), icons  # no two menu items look alike
    client = world.client()
    css = client.get("/static/app.css").text
    for icon in icons:
        assert f'.icon-{icon} {{ --icon: url("/static/vendor/tabler-icons/{icon}.svg"); }}' in css
        served = client.get(f"/static/vendor/tabler-icons/{icon}.svg")
        assert served.status_code == 200 and "<svg" in served.text, icon
