"""Read a YAML file into plain data while keeping every value's position.

libyaml (through PyYAML's C composer) builds the node graph with marks.
This module turns the graph into dicts, lists and scalars itself and
types plain scalars with the YAML 1.2 core schema. For each key path it
records where the key and the value start and how the value was
written. Problems a normal loader hides are reported: duplicate keys,
merge keys, tags, non-string keys and alias fan-out. A plain scalar
that YAML 1.1 and 1.2 readers type differently is kept as
``Ambiguous`` so that no schema field accepts it by accident.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sitectl.errors import Finding, FindingList, Location, Severity
from sitectl.model.scalars import ambiguity, reading_11, reading_12

_PLAIN = "tag:sitectl,2026:plain"

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc]
    """Composes nodes with libyaml and leaves plain scalars untyped."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode and implicit and implicit[0]:
            return _PLAIN
        return str(super().resolve(kind, value, implicit))

KeyPath = tuple[str | int, ...]

# More nodes than this in one file means an alias fan-out ("billion
# laughs"); real fleet and site files have a few hundred.
MAX_NODES = 100_000
# Deeper nesting than this is a recursive alias or a generated file.
MAX_DEPTH = 64


class _TooDeep(Exception):
    """Stops building a document that nests too deeply."""

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


@dataclass(frozen=True)
class Ambiguous:
    """A plain scalar whose type depends on the YAML version of the reader."""

    text: str
    reason: str


@dataclass(frozen=True)
class Spot:
    """The 1-based positions of a value and of its key."""

    line: int
    column: int
    key_line: int
    key_column: int
    text: str | None = None
    plain: bool = False
    end_column: int = 0


@dataclass
class Document:
    """One loaded file: its data and the position of every key path."""

    path: Path
    display: str
    data: Any
    spots: dict[KeyPath, Spot]
    lines: list[str]

    def spot(self, keys: KeyPath) -> Spot | None:
        """Return the spot of the longest prefix of ``keys`` that exists."""
        keys = tuple(keys)
        while keys:
            found = self.spots.get(keys)
            if found is not None:
                return found
            keys = keys[:-1]
        return self.spots.get(())

    def location(self, keys: KeyPath, *, at_key: bool = False) -> Location:
        spot = self.spot(keys)
        dotted = dotted_path(keys)
        if spot is None:
            return Location(self.display, 1, 1, dotted)
        if at_key:
            return Location(self.display, spot.key_line, spot.key_column,
                            dotted)
        return Location(self.display, spot.line, spot.column, dotted)


def dotted_path(keys: KeyPath) -> str:
    parts: list[str] = []
    for key in keys:
        if isinstance(key, int):
            parts.append(f"[{key}]")
        elif parts:
            parts.append(f".{key}")
        else:
            parts.append(str(key))
    return "".join(parts)


def load_document(path: Path, display: str, findings: FindingList
                  ) -> Document | None:
    """Load one YAML file; on a syntax error add a finding, return None."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        findings.add(Location(display, 1, 1), "yaml.syntax",
                     f"file is not UTF-8 text ({exc.reason})",
                     hint="save the file as UTF-8")
        return None
    except OSError as exc:
        findings.add(Location(display), "file.unreadable",
                     f"cannot read the file: {exc.strerror}",
                     hint="check that it is a readable file")
        return None
    return load_text(text.removeprefix("\ufeff"), path, display, findings)


def load_text(text: str, path: Path, display: str, findings: FindingList
              ) -> Document | None:
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        findings.items.append(_syntax_finding(exc, display, text))
        return None
    except yaml.YAMLError as exc:
        findings.items.append(_reader_finding(exc, display, text))
        return None
    if node is None:
        findings.add(Location(display, 1, 1), "yaml.empty",
                     "file is empty", hint="add the file's content")
        return None
    builder = _Builder(display, findings)
    try:
        data = builder.build(node, ())
    except _TooDeep:
        return None
    return Document(path, display, data, builder.spots, text.splitlines())


def _compose(text: str) -> yaml.Node | None:
    loader = _Loader(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def _reader_finding(exc: yaml.YAMLError, display: str, text: str
                    ) -> Finding:
    """Report a character the YAML reader rejects, such as a NUL byte."""
    position = getattr(exc, "position", 0) or 0
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    reason = getattr(exc, "reason", "") or str(exc).splitlines()[0]
    return Finding(Location(display, line, column), "yaml.syntax",
                   Severity.ERROR, f"invalid character: {reason}",
                   "remove the control character; YAML files are text")


def _syntax_finding(exc: yaml.MarkedYAMLError, display: str, text: str
                    ) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    lines = text.splitlines()
    found = lines[line - 1][column - 1:column] if line <= len(lines) else ""
    problem = exc.problem or "invalid YAML"
    if exc.context:
        problem = f"{exc.context}: {problem}"
    hint = "fix the YAML syntax at this position"
    if "single document" in problem:
        hint = "keep one document per file; remove the '---' separator"
    elif found == "\t" or "'\\t'" in problem:
        problem += " (a tab)"
        hint = "indent with spaces; YAML does not allow tabs there"
    elif "cannot start any token" in problem:
        hint = "quote the value; this character cannot start a plain value"
    return Finding(Location(display, line, column), "yaml.syntax",
                   Severity.ERROR, problem, hint)


class _Builder:
    def __init__(self, display: str, findings: FindingList) -> None:
        self.display = display
        self.findings = findings
        self.spots: dict[KeyPath, Spot] = {}
        self.count = 0
        self.too_big = False

    def location(self, node: yaml.Node, keys: KeyPath) -> Location:
        mark = node.start_mark
        return Location(self.display, mark.line + 1, mark.column + 1,
                        dotted_path(keys))

    def build(self, node: yaml.Node, keys: KeyPath,
              key_node: yaml.Node | None = None) -> Any:
        if len(keys) > MAX_DEPTH:
            self.findings.add(
                self.location(node, keys[:MAX_DEPTH]), "yaml.alias-bomb",
                f"values nest deeper than {MAX_DEPTH} levels (or an alias "
                "refers to itself)",
                hint="flatten the structure; sitectl files nest a few "
                "levels at most")
            raise _TooDeep
        self.count += 1
        if self.count > MAX_NODES:
            if not self.too_big:
                self.too_big = True
                self.findings.add(
                    self.location(node, keys), "yaml.alias-bomb",
                    f"the file expands to more than {MAX_NODES} values "
                    "through aliases",
                    hint="remove the anchors and aliases and write the "
                    "values out")
            return None
        self._record(node, keys, key_node)
        if not isinstance(node, yaml.ScalarNode) and node.tag not in (
                "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
            self.findings.add(
                self.location(node, keys), "yaml.tag",
                f"tag {node.tag} is not supported in sitectl files",
                hint="remove the tag")
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, keys)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, keys + (index,))
                    for index, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node, keys)

    def _record(self, node: yaml.Node, keys: KeyPath,
                key_node: yaml.Node | None) -> None:
        mark = node.start_mark
        key_mark = key_node.start_mark if key_node is not None else mark
        plain = node.tag == _PLAIN
        text = node.value if isinstance(node, yaml.ScalarNode) else None
        self.spots[keys] = Spot(mark.line + 1, mark.column + 1,
                                key_mark.line + 1, key_mark.column + 1,
                                text, plain, node.end_mark.column + 1)

    def _mapping(self, node: yaml.MappingNode, keys: KeyPath
                 ) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, keys)
            if key is None:
                continue
            if key in first_seen:
                first = first_seen[key].start_mark
                where = dotted_path(keys) or "the top level"
                self.findings.add(
                    self.location(key_node, keys + (key,)),
                    "yaml.duplicate-key",
                    f"duplicate key '{key}' in {where} (first at line "
                    f"{first.line + 1}, column {first.column + 1}); YAML "
                    "readers disagree on which copy wins",
                    hint="merge the two blocks into one and delete the "
                    "other copy")
                continue
            first_seen[key] = key_node
            result[key] = self.build(value_node, keys + (key,), key_node)
        return result

    def _key(self, key_node: yaml.Node, keys: KeyPath) -> str | None:
        if key_node.tag == _PLAIN and key_node.value == "<<":
            self.findings.add(
                self.location(key_node, keys), "yaml.merge-key",
                "merge keys (<<) are a YAML 1.1 feature that YAML 1.2 "
                "readers and serde_yaml do not apply",
                hint="write the keys out; shared settings belong in "
                "fleet.yaml or a profile")
            return None
        if not isinstance(key_node, yaml.ScalarNode):
            self.findings.add(
                self.location(key_node, keys), "yaml.complex-key",
                "a key must be a plain text, not a list or mapping",
                hint="use a text key")
            return None
        text = key_node.value
        if key_node.tag != _PLAIN:
            return str(text)
        if reading_12(text).kind != "str" or reading_11(text).kind != "str":
            self.findings.add(
                self.location(key_node, keys), "yaml.implicit-type",
                f"key {text} is not read as text: "
                f"{ambiguity(text) or 'it is not a string'}",
                hint=f'quote the key: "{text}"')
            return None
        return str(text)

    def _scalar(self, node: yaml.ScalarNode, keys: KeyPath) -> Any:
        text = node.value
        if node.tag != _PLAIN:
            if node.tag != "tag:yaml.org,2002:str":
                return self._tagged(node, keys, text)
            return text
        reason = ambiguity(text)
        if reason:
            return Ambiguous(text, reason)
        return reading_12(text).value

    def _tagged(self, node: yaml.ScalarNode, keys: KeyPath, text: str
                ) -> Any:
        if node.tag not in _STANDARD_TAGS:
            self.findings.add(
                self.location(node, keys), "yaml.tag",
                f"tag {node.tag} is not supported in sitectl files",
                hint="remove the tag; a value starting with '!' must be "
                "quoted")
            return None
        if node.tag == "tag:yaml.org,2002:str":
            return text
        if node.tag == "tag:yaml.org,2002:null":
            return Ambiguous(text, "it is empty (YAML null)")
        reading = reading_12(text)
        kind = node.tag.rsplit(":", 1)[-1]
        if reading.kind != kind:
            self.findings.add(
                self.location(node, keys), "yaml.tag",
                f"{text!r} is not a valid !!{kind}",
                hint="remove the tag or fix the value")
            return None
        return reading.value
