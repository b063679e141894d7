"""The rule type: an id, a default severity and its documentation."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from sitectl.errors import Severity


@dataclass(frozen=True)
class Rule:
    """One lint rule and the text that ``--explain`` and docs/rules.md show.

    ``bad`` and ``good`` are small YAML examples: the first breaks the
    rule, the second is the fix. ``configurable`` rules may have their
    severity changed in fleet.yaml; the others guard against output
    that Kubernetes or Argo CD would reject, so they stay errors.
    """

    id: str
    severity: Severity
    summary: str
    why: str
    bad: str
    good: str
    configurable: bool = False

    def explain(self) -> str:
        lines = [f"{self.id} ({self.severity}): {self.summary}", "",
                 textwrap.fill(" ".join(self.why.split()), 72), "",
                 "Fails:", textwrap.indent(self.bad.strip("\n"), "    "),
                 "", "Passes:",
                 textwrap.indent(self.good.strip("\n"), "    ")]
        return "\n".join(lines) + "\n"


def rule(id: str, severity: Severity, summary: str, why: str, bad: str,
         good: str, *, configurable: bool = False) -> Rule:
    return Rule(id, severity, summary, why, textwrap.dedent(bad),
                textwrap.dedent(good), configurable)


ERROR = Severity.ERROR
WARNING = Severity.WARNING
INFO = Severity.INFO
