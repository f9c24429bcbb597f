"""How the CLI writes JSON: plain data, and the services' pydantic response models as the API
sends them."""

from __future__ import annotations

import json
from datetime import date

import pytest
from pydantic import BaseModel, ConfigDict, Field

from pmopath.cli.output import emit_json, jsonable


class StepPublic(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    source: str = Field(serialization_alias="from")
    on: date


class PathPublic(BaseModel):
    steps: list[StepPublic]
    expected_months: float


PATH = PathPublic(steps=[StepPublic(source="pmo_analyst", on=date(2027, 1, 31))], expected_months=7)
SHOWN = {"steps": [{"from": "pmo_analyst", "on": "2027-01-31"}], "expected_months": 7.0}


def _emitted(data: object, capsys: pytest.CaptureFixture[str]) -> object:
    emit_json(data)
    return json.loads(capsys.readouterr().out)


def test_a_model_is_written_with_the_apis_names_and_json_types(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _emitted(PATH, capsys) == SHOWN


def test_models_inside_plain_data_are_written_too(capsys: pytest.CaptureFixture[str]) -> None:
    assert _emitted({"person": 3, "paths": [PATH]}, capsys) == {"person": 3, "paths": [SHOWN]}


def test_plain_data_is_written_as_it_is(capsys: pytest.CaptureFixture[str]) -> None:
    assert _emitted({"name": "Zoë", "levels": [1, 2]}, capsys) == {"name": "Zoë", "levels": [1, 2]}
    emit_json({"name": "Zoë"})
    assert "Zoë" in capsys.readouterr().out  # not escaped


def test_jsonable_lets_commands_merge_a_view_whatever_its_type() -> None:
    assert {"out": "me.yaml", **jsonable(PATH)} == {"out": "me.yaml", **SHOWN}
    assert jsonable({"a": 1}) == {"a": 1}


def test_what_is_not_json_is_still_an_error() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        emit_json({"when": object()})
