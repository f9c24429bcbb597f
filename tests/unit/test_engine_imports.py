"""numpy and igraph load with the first computation that needs them: importing pmopath, every
service, the composition root and the CLI loads neither (STYLE.md: import only what the command
needs; ``pmopath --help`` computes nothing)."""

from __future__ import annotations

import subprocess
import sys

IMPORT_EVERYTHING_BUT_THE_ENGINE = """
import importlib, pkgutil, sys
import pmopath, pmopath.bootstrap, pmopath.services, pmopath.cli.main
for package in (pmopath.bootstrap, pmopath.services):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
print(" ".join(sorted({"numpy", "igraph", "scipy"} & set(sys.modules))) or "none")
"""


def test_no_numerical_library_loads_before_it_is_used() -> None:
    loaded = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING_BUT_THE_ENGINE],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert loaded == ["none"]
