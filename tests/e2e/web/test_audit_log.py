"""The admin's audit log (issue 17): sign-ins, changes and exports, filtered, paged, as CSV."""

from __future__ import annotations

import csv
import html
import io
import re

from tests.e2e.web.conftest import World, csrf_of, email, sign_in


def _rows(page: str) -> list[str]:
    """The audit table's rows as text, newest first."""
    body = page.split('<table class="stack-table audit">', 1)[1].split("</table>", 1)[0]
    return [html.unescape(re.sub(r"<[^>]+>", " ", r)) for r in body.split("<tr>")[2:]]


def test_sign_ins_and_refusals_are_listed_newest_first_and_filtered_by_who(world: World) -> None:
    sign_in(world.client(), "sam")
    refused = world.client()
    page = refused.get("/sign-in")
    refused.post(
        "/sign-in",
        data={
            "email": email("maria"),
            "password": "not her password",
            "csrf_token": csrf_of(page.text),
        },
    )
    admin = sign_in(world.client(), "admin")
    shown = admin.get("/admin/audit", params={"kind": "sign_in"})
    assert shown.status_code == 200
    rows = _rows(shown.text)
    assert "Signed in" in rows[0] and "admin@" in rows[0]  # the newest: the admin's own
    assert any("Sign-in refused" in r for r in rows)
    assert any("Signed in" in r and email("sam") in r for r in rows)
    assert all(("Signed" in r or "Sign-in" in r) for r in rows)  # nothing but sign-ins

    sams = _rows(admin.get("/admin/audit", params={"kind": "sign_in", "actor": "SAM"}).text)
    assert sams and all(email("sam") in r for r in sams)


def test_the_csv_holds_every_match_and_its_download_is_recorded(world: World) -> None:
    admin = sign_in(world.client(), "admin")
    page = admin.get("/admin/audit", params={"kind": "people"}).text
    total = int(re.search(r"<h2>([\d,]+) entr", page).group(1).replace(",", ""))  # type: ignore[union-attr]
    assert total > 0
    download = admin.get("/admin/audit.csv", params={"kind": "people"})
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/csv")
    assert "attachment" in download.headers["content-disposition"]
    table = list(csv.reader(io.StringIO(download.text)))
    assert table[0] == ["at", "actor", "action", "what", "entity", "entity_id", "before", "after"]
    assert len(table) - 1 == total
    assert all(r[2].startswith(("person.", "people.", "target.")) for r in table[1:])

    exports = admin.get("/api/v1/audit", params={"action": "export.audit_log"}).json()
    assert exports["total"] == 1
    recorded = exports["data"][0]
    assert (
        recorded["actor"] == f"web:{email('admin')}" and recorded["what"] == "Audit log downloaded"
    )
    assert recorded["after"]["rows"] == total and recorded["after"]["actions"]


def test_the_api_pages_through_the_entries(world: World) -> None:
    admin = sign_in(world.client(), "admin")
    first = admin.get("/api/v1/audit", params={"per_page": 2}).json()
    second = admin.get("/api/v1/audit", params={"per_page": 2, "page": 2}).json()
    assert first["total"] == second["total"] > 4 and first["pages"] == -(-first["total"] // 2)
    assert len(first["data"]) == len(second["data"]) == 2
    assert first["data"][0]["at"] >= first["data"][1]["at"] >= second["data"][0]["at"]
    assert first["data"] != second["data"]
    bad = admin.get("/api/v1/audit", params={"since": "2026-12-07", "until": "2026-12-01"})
    assert bad.status_code == 400 and "until" in bad.json()["error"]["message"]


def test_refused_filters_come_back_with_what_was_typed(world: World) -> None:
    admin = sign_in(world.client(), "admin")
    for params, words in (
        ({"since": "2026-12-07", "until": "2026-12-01", "actor": "maria"}, "is before since"),
        ({"since": "2026-13-45", "actor": "maria"}, "is not a date"),
        ({"kind": "everything", "actor": "maria"}, "no kind of entry is called"),
    ):
        answer = admin.get("/admin/audit", params=params)
        assert answer.status_code == 400, params
        text = html.unescape(answer.text)
        assert words in text.lower() and 'value="maria"' in text
        assert "Traceback" not in text


def test_nobody_but_an_admin_reads_it(world: World) -> None:
    maria = sign_in(world.client(), "maria")
    assert maria.get("/admin/audit").status_code == 403
    assert maria.get("/admin/audit.csv").status_code == 403
    assert maria.get("/api/v1/audit").status_code == 403
    assert world.client().get("/api/v1/audit").status_code == 401
