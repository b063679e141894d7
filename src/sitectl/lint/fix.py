"""``lint --fix``: quote ambiguous plain scalars in place.

Only the characters of each scalar change, so comments, key order and
layout stay byte for byte. A scalar is quoted only when a YAML 1.2
reader already reads it as the same text (``yes``, ``22:30``,
``2026-12-04``), so quoting never changes what such a reader reads.
``0027`` or ``1.10`` are numbers to that reader and stay reported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sitectl.model.scalars import ambiguity, reading_12
from sitectl.model.yamlfile import Document


@dataclass(frozen=True)
class Fix:
    line: int
    column: int
    before: str
    after: str


def fixes(doc: Document) -> list[Fix]:
    found: list[Fix] = []
    for spot in doc.spots.values():
        text = spot.text
        if not spot.plain or not text or "\n" in text:
            continue
        if not ambiguity(text) or reading_12(text).kind != "str":
            continue
        line = doc.lines[spot.line - 1]
        start = spot.column - 1
        if line[start:start + len(text)] != text:
            continue
        found.append(Fix(spot.line, spot.column, text, json.dumps(text)))
    return sorted(found, key=lambda f: (f.line, f.column))


def apply(doc: Document) -> tuple[bytes, list[Fix]]:
    """Return the file's new bytes with every fix applied."""
    found = fixes(doc)
    raw = doc.path.read_bytes().decode("utf-8")
    bom = "\ufeff" if raw.startswith("\ufeff") else ""
    lines = raw.removeprefix(bom).splitlines(keepends=True)
    for fix in sorted(found, key=lambda f: (f.line, -f.column)):
        index = fix.line - 1
        line = lines[index]
        start = fix.column - 1
        lines[index] = line[:start] + fix.after + line[start + len(
            fix.before):]
    return (bom + "".join(lines)).encode("utf-8"), found
