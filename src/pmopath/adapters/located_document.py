"""Parse YAML or JSON text into plain data plus the line and column of every value.

Errors in a file are only useful when they point at the place; pydantic and the domain checks
report a path (``roles[3].requirements.foo``) and this module turns it into ``LINE:COL``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from pmopath.domain.errors import Problem

Path = tuple[str | int, ...]

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class LocatedDocument:
    """A parsed document, with 1-based (line, column) positions keyed by path."""

    source: str
    data: Any
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def position_of(self, path: Sequence[str | int]) -> tuple[int, int]:
        """Return the position of ``path``, or of its nearest located ancestor."""
        probe = tuple(path)
        while probe:
            found = self.positions.get(probe) or self.positions.get(_as_text_key(probe))
            if found:
                return found
            probe = probe[:-1]
        return self.positions.get((), (1, 1))

    def locate(self, problem: Problem) -> Problem:
        """Return ``problem`` with this document's source, line and column filled in."""
        line, column = self.position_of(problem.path)
        return problem.at(self.source, line, column)


def _as_text_key(path: Path) -> Path:
    """Keys like anchor levels are ints in YAML but strings in JSON; try the other spelling."""
    if not path or not isinstance(path[-1], int):
        return path
    return (*path[:-1], str(path[-1]))


class DocumentSyntaxError(Exception):
    """The text is not well-formed YAML or JSON; carries the located problems."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(problems[0].located() if problems else "syntax error")


MAX_DEPTH = 64
"""Deepest nesting accepted; real frameworks use about six levels."""

_ALIAS_MESSAGE = "YAML aliases (*name) are not supported here; write the value out again"


class _UniqueKeyLoader(_Loader):  # type: ignore[misc,valid-type]
    """The fast loader, refusing duplicate keys and aliases (the careful parse says where).

    Aliases are refused because a few lines of them can expand into billions of values.
    """

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            raise yaml.constructor.ConstructorError(None, None, _ALIAS_MESSAGE, node.start_mark)
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [key.value for key, _ in node.value if isinstance(key, yaml.ScalarNode)]
        if len(keys) != len(set(keys)):
            raise yaml.constructor.ConstructorError(None, None, "duplicate key", node.start_mark)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


def quick_parse(text: str, *, json_only: bool) -> tuple[bool, Any]:
    """Parse without recording positions: ``(True, data)``, or ``(False, None)`` on any doubt.

    Valid files, the common case, never pay for positions; a file with a problem is parsed
    again by ``parse_document`` so the problem can be located.
    """
    try:
        if json_only:
            return True, json.loads(text)
        return True, yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a safe loader
    except (ValueError, RecursionError, yaml.YAMLError):
        return False, None


def parse_document(text: str, source: str, *, json_only: bool = False) -> LocatedDocument:
    """Parse ``text`` as YAML (JSON is accepted as YAML) and record value positions.

    With ``json_only`` the text must be strict JSON; JSON's own error position is reported.
    Raises DocumentSyntaxError with located problems.
    """
    if json_only:
        try:
            json.loads(text)
        except RecursionError:
            raise DocumentSyntaxError([_too_deep(source)]) from None
        except json.JSONDecodeError as error:
            raise DocumentSyntaxError(
                [
                    Problem(
                        f"invalid JSON: {error.msg}",
                        (),
                        source,
                        error.lineno,
                        error.colno,
                    )
                ]
            ) from None
    aliases = _alias_problems(text, source) if "*" in text else []
    if aliases:
        raise DocumentSyntaxError(aliases)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except RecursionError:
        raise DocumentSyntaxError([_too_deep(source)]) from None
    except yaml.MarkedYAMLError as error:
        raise DocumentSyntaxError([_yaml_problem(error, source)]) from None
    except yaml.YAMLError as error:
        raise DocumentSyntaxError([Problem(f"invalid YAML: {error}", (), source, 1, 1)]) from None
    document = LocatedDocument(source, None)
    if node is None:
        return document
    problems: list[Problem] = []
    document.data = _Converter(document.positions, problems, source).convert(node, ())
    if problems:
        raise DocumentSyntaxError(problems)
    return document


def _alias_problems(text: str, source: str, limit: int = 20) -> list[Problem]:
    """Locate each alias where it is used (composed nodes only know the anchor's place)."""
    problems: list[Problem] = []
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, yaml.AliasToken) and len(problems) < limit:
                mark = token.start_mark
                problems.append(Problem(_ALIAS_MESSAGE, (), source, mark.line + 1, mark.column + 1))
    except yaml.YAMLError:
        pass  # the syntax error is reported by the full parse
    return problems


def _too_deep(source: str, line: int = 1, column: int = 1) -> Problem:
    return Problem(
        f"the document is nested more than {MAX_DEPTH} levels deep", (), source, line, column
    )


def _yaml_problem(error: yaml.MarkedYAMLError, source: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    what = error.problem or error.context or "syntax error"
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if "nesting depth" in what:  # the limit of the libyaml in newer PyYAML wheels, met before ours
        return _too_deep(source, line, column)
    return Problem(f"invalid YAML: {what}", (), source, line, column)


_SCALAR = yaml.SafeLoader("")


def _scalar(node: yaml.ScalarNode) -> Any:
    if node.tag == "tag:yaml.org,2002:str":
        return node.value
    construct = yaml.SafeLoader.yaml_constructors.get(node.tag, yaml.SafeLoader.construct_undefined)
    return construct(_SCALAR, node)


class _Converter:
    """Turns composed YAML nodes into plain data, recording where each value starts."""

    def __init__(
        self, positions: dict[Path, tuple[int, int]], problems: list[Problem], source: str
    ) -> None:
        self.positions = positions
        self.problems = problems
        self.source = source
        self.seen: set[int] = set()

    def _problem(self, message: str, path: Path, mark: Any) -> None:
        self.problems.append(Problem(message, path, self.source, mark.line + 1, mark.column + 1))

    def convert(self, node: yaml.Node, path: Path) -> Any:
        self.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if len(path) > MAX_DEPTH:
            self._problem(f"nested more than {MAX_DEPTH} levels deep", path, node.start_mark)
            return None
        if not isinstance(node, yaml.ScalarNode):
            if id(node) in self.seen:  # the same node again: an alias
                self._problem(_ALIAS_MESSAGE, path, node.start_mark)
                return None
            self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, n)) for n, item in enumerate(node.value)]
        try:
            return _scalar(node) if isinstance(node, yaml.ScalarNode) else None
        except (yaml.YAMLError, ValueError) as error:
            self._problem(f"unreadable value: {error}", path, node.start_mark)
            return None

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in _pairs(node):
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem("a key must be a plain value", path, key_node.start_mark)
                continue
            key = _scalar(key_node)
            if key in result:
                self._problem(f"duplicate key '{key}'", path, key_node.start_mark)
                continue
            result[key] = self.convert(value_node, (*path, key))
        return result


def _pairs(node: yaml.MappingNode) -> Iterator[tuple[yaml.Node, yaml.Node]]:
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        yield key_node, value_node
