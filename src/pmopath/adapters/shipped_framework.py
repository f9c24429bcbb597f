"""The framework shipped in the package, loaded fast: validated by the full loader once, then
read back from a cache file (only our framework classes may be loaded from it).

Parsing and validating the shipped YAML needs PyYAML, pydantic and networkx and costs a few
hundred milliseconds, on every command that shows a role. The cache holds the validated
``Framework`` under a key made of the shipped text, of the source of every module the loader
imports (a test keeps the list whole), of the versions of the libraries it parses and checks
with, and of the Python version; a change to any makes a new key, so a stale entry is never
read. Frameworks that users name are always parsed and validated in full.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import os
import pickle
import sys
import tempfile
import time
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from pmopath.domain import framework as framework_classes
from pmopath.domain.framework import Framework

SHIPPED_FILE = "default_framework.yaml"
DECIDING_MODULES = (
    "domain/assessment.py",
    "domain/errors.py",
    "domain/framework.py",
    "domain/paths.py",
    "domain/validation.py",
    "adapters/framework_actions.py",
    "adapters/framework_files.py",
    "adapters/framework_format.py",
    "adapters/framework_sections.py",
    "adapters/located_document.py",
    "adapters/pydantic_problems.py",
    "adapters/framework_types.py",
    "adapters/shipped_framework.py",
)
"""Every module the validating loader imports (the framework classes, the file format, its
checks, the located parse) and this cache itself."""
DECIDING_LIBRARIES = ("PyYAML", "pydantic", "pydantic-core", "networkx")
"""The libraries that parse and check the text: a new release may read it otherwise."""
CACHE_PREFIX = "default-framework-"
STALE_SECONDS = 7 * 24 * 3600
"""Entries under other keys (an older version, another checkout) are removed after a week."""

_CLASSES = frozenset(
    name
    for name, value in vars(framework_classes).items()
    if isinstance(value, type) and value.__module__ == framework_classes.__name__
)


def shipped_text() -> str:
    """The text of the framework shipped inside the package."""
    return resources.files("pmopath.data").joinpath(SHIPPED_FILE).read_text("utf-8")


def cache_key(text: str) -> str | None:
    """The cache key of the shipped ``text`` with the code and the Python running now; None when
    the code's source cannot be read (then nothing is cached)."""
    digest = hashlib.sha256(f"{sys.implementation.cache_tag}\0".encode())
    digest.update(text.encode("utf-8"))
    package = resources.files("pmopath")
    try:
        for module in DECIDING_MODULES:
            digest.update(b"\0" + module.encode() + b"\0")
            digest.update(package.joinpath(module).read_bytes())
        for library in DECIDING_LIBRARIES:
            digest.update(f"\0{library}=={metadata.version(library)}".encode())
    except (OSError, metadata.PackageNotFoundError):
        return None
    return digest.hexdigest()


def load_shipped_framework(cache_folder: Path | None) -> Framework:
    """The shipped framework: from ``cache_folder`` when it holds this content's entry, else
    parsed and validated in full (and the entry written for next time, if the folder can be)."""
    text = shipped_text()
    key = cache_key(text) if cache_folder is not None else None
    if cache_folder is None or key is None:
        return validated(text)
    entry = cache_folder / f"{CACHE_PREFIX}{key}.pickle"
    cached = read_entry(entry)
    if cached is not None:
        return cached
    framework = validated(text)
    write_entry(entry, framework)
    return framework


def validated(text: str) -> Framework:
    """The shipped text through the full loader (the parsers are imported only for this)."""
    from pmopath.adapters.framework_files import parse_framework

    return parse_framework(text, f"<pmopath>/{SHIPPED_FILE}")


class _FrameworkUnpickler(pickle.Unpickler):
    """Builds nothing but the domain's framework classes (and Python's own containers and
    dates), so a cache file cannot run code:
    https://docs.python.org/3/library/pickle.html#restricting-globals
    """

    def find_class(self, module: str, name: str, /) -> Any:
        if module == framework_classes.__name__ and name in _CLASSES:
            return getattr(framework_classes, name)
        if (module, name) == ("datetime", "date"):  # a source's checked_on; built from bytes
            return datetime.date
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a framework")


def read_entry(entry: Path) -> Framework | None:
    """The framework in a cache entry; None when there is none or it cannot be read whole."""
    try:
        content = entry.read_bytes()
    except OSError:
        return None
    try:
        found = _FrameworkUnpickler(io.BytesIO(content)).load()
    except Exception:  # noqa: BLE001 - a damaged or foreign entry is a miss, and is rewritten
        return None
    return found if isinstance(found, Framework) else None


def write_entry(entry: Path, framework: Framework) -> None:
    """Write a cache entry atomically (readers see the old file or the whole new one); a folder
    that cannot be written means no cache, never an error."""
    try:
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=entry.parent, prefix=f".{CACHE_PREFIX}", suffix=".tmp"
        )
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(framework, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, entry)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _remove_stale(entry)
    except OSError:
        return


def _remove_stale(kept: Path) -> None:
    cutoff = time.time() - STALE_SECONDS
    for other in kept.parent.glob(f"{CACHE_PREFIX}*.pickle"):
        if other != kept and other.stat().st_mtime < cutoff:
            other.unlink(missing_ok=True)
