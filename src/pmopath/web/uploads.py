"""Checking an uploaded file before anything reads it: its kind, size, content type and text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from pmopath.domain.errors import InvalidRequest, TooLarge

MAX_UPLOAD_BYTES = 1024 * 1024
"""One framework file or people CSV; the confirm step posts the text back, a little larger."""
MAX_NAME = 200


@dataclass(frozen=True, slots=True)
class UploadKind:
    """What an upload field accepts: file-name suffixes and content types (parameters aside)."""

    what: str
    suffixes: tuple[str, ...]
    content_types: frozenset[str]
    default_name: str


_ANY_FILE = frozenset({"", "application/octet-stream"})
"""What browsers send when they do not know a suffix: then the suffix decides."""

FRAMEWORK = UploadKind(
    "framework file",
    (".yaml", ".yml", ".json"),
    frozenset(
        {
            "application/json",
            "application/yaml",
            "application/x-yaml",
            "text/yaml",
            "text/x-yaml",
            "text/plain",
        }
    )
    | _ANY_FILE,
    "framework.yaml",
)
MAPPING = UploadKind("mapping file", FRAMEWORK.suffixes, FRAMEWORK.content_types, "mapping.yaml")
PEOPLE_CSV = UploadKind(
    "people CSV",
    (".csv", ".txt"),
    frozenset({"text/csv", "text/plain", "application/csv", "application/vnd.ms-excel"})
    | _ANY_FILE,
    "people.csv",
)


def upload_name(filename: str | None, kind: UploadKind) -> str:
    """The file's own name (no folders), checked against the kind's suffixes.

    Raises InvalidRequest naming the suffixes accepted.
    """
    raw = (filename or "").strip()
    name = PureWindowsPath(PurePosixPath(raw).name).name[:MAX_NAME] or kind.default_name
    if not name.lower().endswith(kind.suffixes):
        raise InvalidRequest(
            f"file: the {kind.what} must end in {' or '.join(kind.suffixes)}, not '{name}'"
        )
    return name


def upload_text(
    data: bytes, filename: str | None, content_type: str | None, kind: UploadKind
) -> tuple[str, str]:
    """Return the upload's safe file name and its UTF-8 text.

    Raises TooLarge above ``MAX_UPLOAD_BYTES``; InvalidRequest for a wrong suffix or content
    type, an empty file, or text that is not UTF-8.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise TooLarge(kind.what, MAX_UPLOAD_BYTES)
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if not filename and media == "application/json":
        filename = kind.default_name.rsplit(".", 1)[0] + ".json"
    name = upload_name(filename, kind)
    if media not in kind.content_types:
        raise InvalidRequest(f"file: a {kind.what} cannot be of type '{media[:80]}'")
    if not data.strip():
        raise InvalidRequest(f"file: the {kind.what} is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidRequest(
            f"file: the {kind.what} is not UTF-8 text (byte {error.start})"
        ) from None
    return name, text
