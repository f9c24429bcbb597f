"""The framework upload preview says what changed (titles, levels, flags, routes) and groups a
file's problems: one line per distinct problem with its count and first lines (issue 16)."""

from __future__ import annotations

import html
import re

from tests.e2e.web.conftest import World
from tests.e2e.web.test_admin import admin_client, framework_text, upload_framework


def test_a_title_and_a_level_change_are_shown_old_to_new(world: World) -> None:
    client, token = admin_client(world)
    text = framework_text().replace(
        "    title: PMO Analyst\n", "    title: PMO Insight Analyst\n", 1
    )
    start = text.index("    title: PMO Insight Analyst")
    old = "      performance_reporting:      {level: 3, weight: 3, core: true, critical: true}"
    at = text.index(old, start)
    new = "      performance_reporting:      {level: 4, weight: 3, core: true}"
    text = text[:at] + new + text[at + len(old) :]
    preview = upload_framework(client, token, text)
    assert preview.status_code == 200, preview.text
    page = html.unescape(preview.text)
    assert "What changes in the roles" in page
    assert "Role PMO Insight Analyst" in page
    assert "title 'PMO Analyst' → 'PMO Insight Analyst'" in page
    assert "Performance Reporting: level 3 → 4" in page or ": level 3 → 4" in page
    assert "critical and core → core" in page
    assert "Nothing in them changes." not in page


def test_a_typo_repeated_through_the_file_is_one_line(world: World) -> None:
    client, token = admin_client(world)
    text = re.sub(r"(?m)^      data_analysis: ", "      data_analysys: ", framework_text())
    answer = upload_framework(client, token, text)
    assert answer.status_code == 422
    page = html.unescape(answer.text)
    typo = re.findall(r"<li>.*?unknown competency 'data_analysys'.*?</li>", page)
    assert len(typo) == 1, typo
    assert re.search(r"at \d+ places: line \d+, \d+, \d+, \d+, \d+, …", typo[0])
    assert "(did you mean 'data_analysis'?)" in typo[0]
    assert "distinct)" in page and "Nothing was changed" in page
