"""Everything sitectl prints for people goes through this module.

Findings go to standard error, one per line in the parsable form
``file:line:col: severity: message [rule]``, with the fix indented below.
Colour is used only on a terminal and never when ``NO_COLOR`` is set.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from rich.console import Console
from rich.text import Text

from sitectl.errors import Finding, Severity

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow",
          Severity.INFO: "cyan"}


def _console(stream: TextIO) -> Console:
    color = "NO_COLOR" not in os.environ and getattr(
        stream, "isatty", lambda: False)()
    return Console(file=stream, no_color=not color, highlight=False,
                   soft_wrap=True, force_terminal=color or None,
                   color_system="auto" if color else None)


def err() -> Console:
    return _console(sys.stderr)


def out() -> Console:
    return _console(sys.stdout)


def finding_text(finding: Finding) -> Text:
    text = Text()
    text.append(f"{finding.location}: ", style="bold")
    text.append(str(finding.severity), style=_STYLE[finding.severity])
    text.append(f": {finding.message} ")
    text.append(f"[{finding.rule}]", style="dim")
    if finding.hint:
        text.append(f"\n    fix: {finding.hint}")
    for location, label in finding.related:
        text.append(f"\n    see: {location} ({label})", style="dim")
    return text


def print_findings(findings: list[Finding]) -> None:
    console = err()
    for finding in findings:
        console.print(finding_text(finding))


def print_notices(findings: list[Finding], per_rule: int = 5) -> None:
    """Print notices of a successful run, at most ``per_rule`` per rule.

    A fleet of hundreds of cloud sites would otherwise print hundreds of
    identical "no domain" lines; ``sitectl lint`` lists them all.
    """
    console = err()
    shown: dict[str, int] = {}
    for finding in findings:
        shown[finding.rule] = shown.get(finding.rule, 0) + 1
        if shown[finding.rule] <= per_rule:
            console.print(finding_text(finding))
    for rule, count in shown.items():
        if count > per_rule:
            console.print(Text(f"... and {count - per_rule} more "
                               f"[{rule}] notices; sitectl lint lists all",
                               style="dim"))


def summary(findings: list[Finding]) -> str:
    counts = {s: 0 for s in Severity}
    for finding in findings:
        counts[finding.severity] += 1
    parts = [f"{counts[Severity.ERROR]} error(s)"]
    if counts[Severity.WARNING]:
        parts.append(f"{counts[Severity.WARNING]} warning(s)")
    return ", ".join(parts)


def error(message: str) -> None:
    err().print(Text("error: ", style="bold red") + Text(message))


def note(message: str) -> None:
    err().print(Text(message))
