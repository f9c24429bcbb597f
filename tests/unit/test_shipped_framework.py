"""The shipped framework's cache gives exactly what the validating loader gives, is keyed by the
content and the code, and never loads anything but framework classes."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

from pmopath.adapters import shipped_framework as shipped
from pmopath.adapters.framework_files import load_default_framework
from pmopath.domain.framework import Framework


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{shipped.CACHE_PREFIX}*.pickle"))


def _same(one: Framework, other: Framework) -> bool:
    """Equal field by field, down to every role, route and action (frameworks compare by
    identity), with the same classes and enums throughout."""
    return asdict(one) == asdict(other) and repr(one) == repr(other)


def test_the_cached_framework_is_exactly_the_validated_one(tmp_path: Path) -> None:
    validated = load_default_framework()
    first = shipped.load_shipped_framework(tmp_path)  # a miss: validated, then written
    [entry] = _entries(tmp_path)
    second = shipped.load_shipped_framework(tmp_path)  # a hit: read back
    assert _same(first, validated) and _same(second, validated)
    assert second is not first and len(second.roles) == len(validated.roles) > 0
    assert second.roles_by_id["pmo_analyst"].required_levels == (
        validated.roles_by_id["pmo_analyst"].required_levels
    )
    assert entry.name == f"{shipped.CACHE_PREFIX}{shipped.cache_key(shipped.shipped_text())}.pickle"


LOADER_IMPORTS = """
import sys
from pathlib import Path
import pmopath
from pmopath.adapters.framework_files import load_default_framework
from pmopath.adapters import shipped_framework
load_default_framework()
root = Path(pmopath.__file__).parent
for name, module in sorted(sys.modules.items()):
    path = getattr(module, "__file__", None)
    if name.startswith("pmopath.") and path and not path.endswith("__init__.py"):
        print(Path(path).relative_to(root).as_posix())
"""


def test_without_a_cache_folder_it_is_validated_every_time() -> None:
    assert _same(shipped.load_shipped_framework(None), load_default_framework())


def test_the_key_follows_the_text_and_the_code(monkeypatch: pytest.MonkeyPatch) -> None:
    text = shipped.shipped_text()
    key = shipped.cache_key(text)
    assert key is not None and key == shipped.cache_key(text)
    assert shipped.cache_key(text + "\n# edited\n") != key
    monkeypatch.setattr(shipped, "DECIDING_MODULES", (*shipped.DECIDING_MODULES, "domain/plans.py"))
    assert shipped.cache_key(text) != key
    monkeypatch.setattr(shipped, "DECIDING_MODULES", ("domain/not_there.py",))
    assert shipped.cache_key(text) is None  # source not readable: nothing is cached


def test_every_deciding_module_exists() -> None:
    root = Path(shipped.__file__).parents[1]
    assert all((root / module).is_file() for module in shipped.DECIDING_MODULES)


def test_every_module_the_loader_imports_is_in_the_key() -> None:
    """A module the validating loader imports but the key leaves out could change what the
    shipped text becomes while an old cache entry is still read."""
    loaded = subprocess.run(
        [sys.executable, "-c", LOADER_IMPORTS],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert loaded, "the loader imported nothing of pmopath?"
    assert sorted(set(loaded) - set(shipped.DECIDING_MODULES)) == []


def test_a_library_release_makes_a_new_key(monkeypatch: pytest.MonkeyPatch) -> None:
    text = shipped.shipped_text()
    key = shipped.cache_key(text)
    real = shipped.metadata.version
    monkeypatch.setattr(
        shipped.metadata,
        "version",
        lambda name: "0.0-other" if name == "PyYAML" else real(name),
    )
    assert shipped.cache_key(text) not in (None, key)


class _Runs:
    """Pickles as a call of os.system: what a planted cache file would try."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("echo planted",))


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not a pickle",
        pickle.dumps({"id": "not a framework"}),
        pickle.dumps(_Runs()),
        pickle.dumps(Path("/etc/passwd")),
    ],
    ids=["empty", "garbage", "plain data", "code", "foreign class"],
)
def test_a_bad_entry_is_a_miss_and_is_replaced(tmp_path: Path, content: bytes) -> None:
    key = shipped.cache_key(shipped.shipped_text())
    entry = tmp_path / f"{shipped.CACHE_PREFIX}{key}.pickle"
    entry.write_bytes(content)
    assert shipped.read_entry(entry) is None
    loaded = shipped.load_shipped_framework(tmp_path)
    assert _same(loaded, load_default_framework())
    assert shipped.read_entry(entry) is not None  # rewritten whole


def test_an_unwritable_folder_means_no_cache_not_an_error(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be", encoding="utf-8")
    assert _same(shipped.load_shipped_framework(blocked / "pmopath"), load_default_framework())
    assert not _entries(tmp_path)


def test_entries_for_other_keys_go_after_a_week(tmp_path: Path) -> None:
    old, recent = (tmp_path / f"{shipped.CACHE_PREFIX}{name}.pickle" for name in ("old", "new"))
    for stale in (old, recent):
        stale.write_bytes(b"")
    week_ago = old.stat().st_mtime - shipped.STALE_SECONDS - 60
    os.utime(old, (week_ago, week_ago))
    shipped.load_shipped_framework(tmp_path)
    assert not old.exists() and recent.exists()
    assert len(_entries(tmp_path)) == 2
