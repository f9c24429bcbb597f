"""The ``FileReaders`` port: framework files, rename mappings and people CSVs read from text."""

from __future__ import annotations

from pmopath.adapters import framework_files
from pmopath.adapters.people_csv import parse_people_csv
from pmopath.services.ports.readers import FrameworkDocument, PeopleRows


class TextReaders:
    """Parses uploaded or named text with every problem located (file:line, CSV row)."""

    def framework(self, text: str, source: str) -> FrameworkDocument:
        data = framework_files.framework_data(text, source)
        framework = framework_files.framework_from_data(data, source)
        return FrameworkDocument(framework, data, framework_files.content_hash(data))

    def renames(self, text: str, source: str) -> dict[str, dict[str, str]]:
        return framework_files.parse_mapping(text, source)

    def people(self, text: str, source: str) -> tuple[list[str], PeopleRows]:
        return parse_people_csv(text, source)
