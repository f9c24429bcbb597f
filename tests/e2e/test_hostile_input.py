"""Input that tries to break things: markup, alias bombs, deep nesting, odd API calls."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pmopath
from pmopath.cli.main import app
from pmopath.domain.assessment import Assessment
from pmopath.services.careers.views import shown_percent

SMALL = Path(__file__).parents[1] / "data" / "small_framework.yaml"
runner = CliRunner()


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_markup_in_names_prints_as_typed(tmp_path: Path) -> None:
    code, _, err = run("roles", "show", "[/]", "--framework", str(SMALL))
    assert code == 1 and "Unknown role '[/]'" in err
    code, _, err = run("roles", "show", "[bold]x", "--framework", str(SMALL))
    assert "Unknown role '[bold]x'" in err
    framework = tmp_path / "odd.yaml"
    framework.write_text(
        SMALL.read_text(encoding="utf-8").replace(
            "title: PMO Analyst", "title: 'Analyst [/] [red]'"
        ),
        encoding="utf-8",
    )
    code, out, err = run("roles", "show", "analyst", "--framework", str(framework))
    assert code == 0, err
    assert "Analyst [/] [red]" in out
    code, out, err = run(
        "roles", "paths", "--from", "admin", "--to", "manager", "--framework", str(framework)
    )
    assert code == 0 and "Analyst [/] [red]" in out


def test_yaml_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for name, previous in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, _ = run("framework", "validate", str(bomb))
    assert code == 1
    assert out.splitlines()[0].startswith(  # one line for the problem, wherever it recurs
        f"{bomb}:2:8: YAML aliases (*name) are not supported here; write the value out again"
    )


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_deep_nesting_is_a_located_problem(tmp_path: Path, suffix: str) -> None:
    deep = tmp_path / f"deep{suffix}"
    deep.write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    for command in (("framework", "validate", str(deep)), ("roles", "--framework", str(deep))):
        code, out, err = run(*command)
        assert code == 1, (out, err)
        assert "nested more than 64 levels deep" in out + err
        assert "Traceback" not in out + err


def test_unknown_track_lists_the_tracks() -> None:
    code, _, err = run("roles", "--track", "marketing", "--framework", str(SMALL))
    assert code == 1 and "Unknown track 'marketing'. Tracks: pmo, delivery." in err


def test_prefixes_are_suggested_first() -> None:
    code, _, err = run("roles", "show", "PMO Admin")
    assert code == 1 and "Did you mean: PMO Administrator" in err


def test_assess_refuses_an_unwritable_place_before_asking(tmp_path: Path) -> None:
    code, out, err = run(
        "roles",
        "assess",
        "analyst",
        "--out",
        str(tmp_path / "no" / "me.yaml"),
        "--framework",
        str(SMALL),
    )
    assert code == 1 and "is not a folder you can write to" in err
    assert "1/3" not in out  # not a single question was asked


def test_written_files_are_readable_by_others(tmp_path: Path) -> None:
    out_file = tmp_path / "me.yaml"
    code, _, err = run(
        "roles",
        "assess",
        "analyst",
        "--out",
        str(out_file),
        "--framework",
        str(SMALL),
        input="1\n1\n1\n",
    )
    assert code == 0, err
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o644


def test_readiness_is_never_rounded_up() -> None:
    assert shown_percent(99.96) == 99.9
    assert shown_percent(99.96, 0) == 99
    assert shown_percent(100.0, 0) == 100
    assert shown_percent(62.45) == 62.4


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda fw: pmopath.analyse_gap(fw, "PMO Manager", Assessment({"data_analysis": -3})),
            "level of 'data_analysis'",
        ),
        (
            lambda fw: pmopath.analyse_gap(fw, "PMO Manager", Assessment({"data_analysis": 2.5})),
            "whole number",
        ),
        (lambda fw: pmopath.analyse_gap(fw, None, Assessment()), "a role is named by"),
        (
            lambda fw: pmopath.analyse_gap(fw, "PMO Manager", Assessment(), target="high"),
            "target must be a number",
        ),
        (
            lambda fw: pmopath.find_paths(fw, "pmo analyst", "head of pmo", k=2.5),
            "k must be a whole number",
        ),
        (
            lambda fw: pmopath.find_paths(fw, "pmo analyst", "head of pmo", k=0),
            "k must be a whole number",
        ),
        (lambda fw: pmopath.find_paths(fw, "pmo analyst", "head of pmo", max_steps=0), "max steps"),
    ],
)
def test_the_python_api_refuses_bad_arguments(call, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(pmopath.InvalidRequest, match=message):
        call(pmopath.default_framework())


def test_avoid_accepts_a_single_name() -> None:
    fw = pmopath.default_framework()
    paths = pmopath.find_paths(fw, "PMO Administrator", "Head of PMO", avoid="delivery", k=5)
    assert paths
    for path in paths:
        assert not {fw.role(r).track for r in path.roles[1:-1]} & {"delivery"}
