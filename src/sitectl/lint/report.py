"""Print lint findings: text, parsable lines, JSON, SARIF, GitHub.

Every format prints the same findings; only the shape differs.
"""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console
from rich.text import Text

from sitectl import __version__
from sitectl.errors import Finding, Severity
from sitectl.lint.rules import RULES

FORMATS = ("text", "parsable", "json", "sarif", "github")
_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow",
          Severity.INFO: "cyan"}
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning",
                Severity.INFO: "note"}
_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning",
                 Severity.INFO: "notice"}


def text(findings: list[Finding], console: Console) -> None:
    """Print one line per finding with aligned columns, fixes below."""
    if not findings:
        return
    width = max(len(str(f.location)) for f in findings)
    indent = " " * (width + 10)
    for finding in findings:
        line = Text(str(finding.location).ljust(width + 2))
        line.append(str(finding.severity).ljust(8),
                    style=_STYLE[finding.severity])
        line.append(finding.message + " ")
        line.append(f"[{finding.rule}]", style="dim")
        if finding.hint:
            line.append(f"\n{indent}fix: {finding.hint}", style="dim")
        for location, label in finding.related:
            line.append(f"\n{indent}see: {location} ({label})", style="dim")
        console.print(line)


def parsable(findings: list[Finding]) -> str:
    """Write one line per finding; line breaks in a message become \\n."""
    return "".join(
        f"{f.location}: {f.severity}: {_one_line(f.message)} [{f.rule}]\n"
        for f in findings)


def _one_line(text: str) -> str:
    return text.replace("\r", "\\r").replace("\n", "\\n")


def as_dicts(findings: list[Finding]) -> list[dict[str, Any]]:
    return [{
        "file": f.location.file,
        "line": f.location.line,
        "column": f.location.column,
        "path": f.location.path,
        "rule": f.rule,
        "severity": str(f.severity),
        "message": f.message,
        "fix": f.hint,
        "related": [{"file": loc.file, "line": loc.line,
                     "column": loc.column, "label": label}
                    for loc, label in f.related],
    } for f in findings]


def as_json(findings: list[Finding]) -> str:
    return json.dumps({"findings": as_dicts(findings)}, indent=2) + "\n"


def sarif(findings: list[Finding]) -> str:
    """Write a SARIF 2.1.0 log for code-scanning services."""
    used = sorted({f.rule for f in findings})
    rules = [{
        "id": rule_id,
        "shortDescription": {"text": RULES[rule_id].summary},
        "fullDescription": {"text": " ".join(RULES[rule_id].why.split())},
        "help": {"text": RULES[rule_id].explain()},
        "defaultConfiguration": {
            "level": _SARIF_LEVEL[RULES[rule_id].severity]},
    } for rule_id in used]
    results = []
    for finding in findings:
        region: dict[str, int] = {}
        if finding.location.line:
            region = {"startLine": finding.location.line,
                      "startColumn": max(finding.location.column, 1)}
        physical: dict[str, Any] = {
            "artifactLocation": {"uri": finding.location.file}}
        if region:
            physical["region"] = region
        message = finding.message
        if finding.hint:
            message += f" Fix: {finding.hint}"
        results.append({
            "ruleId": finding.rule,
            "ruleIndex": used.index(finding.rule),
            "level": _SARIF_LEVEL[finding.severity],
            "message": {"text": message},
            "locations": [{"physicalLocation": physical}],
        })
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "sitectl",
                "version": __version__,
                "rules": rules,
            }},
            "results": results,
        }],
    }
    return json.dumps(log, indent=2) + "\n"


def _escape(value: str, *, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace(
        "\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def github(findings: list[Finding]) -> str:
    """Write workflow commands that GitHub Actions shows as annotations."""
    lines = []
    for f in findings:
        props = [f"file={_escape(f.location.file, property_value=True)}"]
        if f.location.line:
            props.append(f"line={f.location.line}")
            props.append(f"col={f.location.column}")
        props.append(f"title={_escape(f.rule, property_value=True)}")
        message = f.message + (f" Fix: {f.hint}" if f.hint else "")
        lines.append(f"::{_GITHUB_LEVEL[f.severity]} {','.join(props)}::"
                     f"{_escape(message)}\n")
    return "".join(lines)
