"""Write a service's configuration files at pod start (standard library only).

The renderer ships this very file in a ConfigMap, and an init container
runs it as ``python3 configgen.py SPEC OUTPUT_DIR``. SPEC is the JSON
description the renderer wrote, and it contains no secret. Secrets come
from the init container's environment (``secretKeyRef``), so they never
appear in Git or in a manifest. Each value is encoded for its file
format by this script, never by a shell, so no character of a value can
change the file's structure.

Spec shape::

    {"files": [{"name": "f0", "path": "/app/.env", "format": "dotenv",
                "reader": "python-dotenv",
                "entries": [[["KEY"], [{"text": "a"},
                                       {"env": "S_0", "encode": "url"}]]]}]}

Each entry is a key path and a list of parts; a part is literal text or
the value of an environment variable, optionally percent-encoded.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.parse
from typing import Any

# A python-dotenv reader expands ${NAME} even inside single quotes and
# has no escape for it. Each "${" of a value is written as
# "${SITECTL_DOLLAR}{", and this key, defined first, contains a bare "$",
# which python-dotenv leaves alone.
DOLLAR_KEY = "SITECTL_DOLLAR"


class SpecError(Exception):
    """The spec or the environment does not allow writing a file."""


def value_of(parts: list[dict[str, str]], where: str,
             environ: dict[str, str]) -> str:
    """Join the parts of one value, reading secrets from ``environ``."""
    pieces: list[str] = []
    for part in parts:
        if "text" in part:
            pieces.append(part["text"])
            continue
        name = part["env"]
        if name not in environ:
            raise SpecError(f"{where}: environment variable {name} is not "
                            "set; check the secret key it comes from")
        value = environ[name]
        if part.get("encode") == "url":
            value = urllib.parse.quote(value, safe="")
        pieces.append(value)
    return "".join(pieces)


def dotenv_text(entries: list[tuple[list[str], str]]) -> str:
    """Write KEY='value' lines that python-dotenv reads back exactly."""
    lines: list[str] = []
    if any("${" in value for _, value in entries):
        lines.append(f"{DOLLAR_KEY}='$'")
    for keys, value in entries:
        escaped = value.replace("\\", "\\\\").replace("'", "\\'")
        escaped = escaped.replace("${", "${" + DOLLAR_KEY + "}{")
        lines.append(f"{keys[0]}='{escaped}'")
    return "\n".join(lines) + "\n"


def nest(entries: list[tuple[list[str], str]]) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for keys, value in entries:
        node = tree
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        node[keys[-1]] = value
    return tree


def yaml_text(tree: dict[str, Any], indent: str = "") -> str:
    """Write nested mappings of text with every key and value quoted.

    A double-quoted JSON string is valid YAML in versions 1.1 and 1.2,
    so both kinds of reader get the exact text.
    """
    lines: list[str] = []
    for key, value in tree.items():
        head = f"{indent}{json.dumps(key)}:"
        if isinstance(value, dict):
            lines.append(head)
            lines.append(yaml_text(value, indent + "  ").rstrip("\n"))
        else:
            lines.append(f"{head} {json.dumps(value)}")
    return "\n".join(lines) + "\n"


def render_file(spec: dict[str, Any], environ: dict[str, str]) -> str:
    entries = [(keys, value_of(parts, f"{spec['path']} {'.'.join(keys)}",
                               environ))
               for keys, parts in spec["entries"]]
    if spec["format"] == "dotenv":
        return dotenv_text(entries)
    tree = nest(entries)
    if spec.get("section") is not None:
        tree = {spec["section"]: tree}
    if spec["format"] == "yaml":
        return yaml_text(tree)
    return json.dumps(tree, indent=2, ensure_ascii=False) + "\n"


def write_all(spec_path: str, out_dir: str,
              environ: dict[str, str]) -> list[str]:
    """Write every file of the spec into ``out_dir``; return their names."""
    with open(spec_path, encoding="utf-8") as handle:
        spec = json.load(handle)
    written: list[str] = []
    for file_spec in spec["files"]:
        text = render_file(file_spec, environ)
        target = os.path.join(out_dir, file_spec["name"])
        with open(target, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        written.append(f"{file_spec['path']} ({len(text)} bytes)")
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: configgen.py SPEC OUTPUT_DIR", file=sys.stderr)
        return 2
    try:
        written = write_all(argv[1], argv[2], dict(os.environ))
    except (SpecError, OSError, KeyError, ValueError) as exc:
        print(f"configgen: {exc}", file=sys.stderr)
        return 1
    for line in written:
        print(f"configgen: wrote {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
