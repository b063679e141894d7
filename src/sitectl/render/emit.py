"""Write rendered objects as block YAML, quickly and unambiguously.

The data is JSON-shaped (dicts, lists, text, whole numbers, booleans),
so a small dedicated writer is both faster than a general emitter and
easier to reason about. A string is written plain only when it is
plain text for YAML 1.1 and YAML 1.2 readers alike. Everything else is
written as a double-quoted JSON string, which is valid YAML in both
versions. Dict order is kept, so the output is deterministic.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from sitectl.model.scalars import reading_11, reading_12

# Characters that YAML does not allow unescaped (outside c-printable)
# or that YAML 1.1 takes as line breaks; json.dumps leaves them as is.
_UNPRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")

# Plain-safe: starts with a letter, '/' or '_' and contains no character
# that YAML gives a meaning to inside a plain scalar.
_SAFE = re.compile(r"^[A-Za-z_/][A-Za-z0-9_./@=+-]*(?::[A-Za-z0-9_./@=+-]+)*$")


@functools.lru_cache(maxsize=65536)
def quote(text: str) -> str:
    """Return ``text`` as a YAML scalar that every reader reads as text.

    Cached: a fleet's manifests repeat the same keys and values many
    times.
    """
    if (_SAFE.match(text) and reading_11(text).kind == "str"
            and reading_12(text).kind == "str"):
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return quote(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} into a manifest")


def dump(obj: dict[str, Any]) -> str:
    """Serialise one object as a YAML document (without ``---``)."""
    lines: list[str] = []
    _mapping(obj, "", lines)
    return "\n".join(lines) + "\n"


def dump_all(objects: list[dict[str, Any]]) -> str:
    return "".join("---\n" + dump(obj) for obj in objects)


def _mapping(obj: dict[str, Any], indent: str, lines: list[str]) -> None:
    # Dispatch on the exact type: this loop runs for every key of every
    # rendered object, so it avoids isinstance chains and helper calls.
    inner = indent + "  "
    for key, value in obj.items():
        head = f"{indent}{quote(key)}:"
        kind = type(value)
        if kind is str:
            if "\n" in value and _literal_block(value) is not None:
                _block(head, value, inner, lines)
            else:
                lines.append(f"{head} {quote(value)}")
        elif kind is dict:
            if value:
                lines.append(head)
                _mapping(value, inner, lines)
            else:
                lines.append(head + " {}")
        elif kind is list:
            if value:
                lines.append(head)
                _sequence(value, indent, lines)
            else:
                lines.append(head + " []")
        else:
            lines.append(f"{head} {_scalar(value)}")


def _block(head: str, value: str, inner: str, lines: list[str]) -> None:
    lines.append(f"{head} {_literal_block(value)}")
    lines.extend(inner + line if line else ""
                 for line in value.removesuffix("\n").split("\n"))


def _literal_block(text: str) -> str | None:
    """Return the ``|`` or ``|-`` header when ``text`` fits a literal block.

    Only text that a literal block keeps exactly qualifies: several
    lines, at most one final newline, no line starting the block with a
    space, no trailing blanks and nothing that needs an escape.
    """
    if "\n" not in text.rstrip("\n") or text.endswith("\n\n"):
        return None
    if text.startswith((" ", "\n")) or _UNPRINTABLE.search(text):
        return None
    body = text.removesuffix("\n")
    for line in body.split("\n"):
        if line != line.rstrip() or any(
                ord(c) < 32 and c != "\t" for c in line):
            return None
    return "|" if text.endswith("\n") else "|-"


def _sequence(items: list[Any], indent: str, lines: list[str]) -> None:
    for item in items:
        if isinstance(item, dict) and item:
            start = len(lines)
            _mapping(item, indent + "  ", lines)
            first = lines[start]
            lines[start] = f"{indent}- {first[len(indent) + 2:]}"
        elif isinstance(item, list) and item:
            lines.append(f"{indent}-")
            _sequence(item, indent + "  ", lines)
        elif isinstance(item, dict):
            lines.append(f"{indent}- {{}}")
        elif isinstance(item, list):
            lines.append(f"{indent}- []")
        else:
            lines.append(f"{indent}- {_scalar(item)}")
