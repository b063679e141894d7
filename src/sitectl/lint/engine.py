"""Run every lint layer over a fleet and settle each finding's severity.

Loading and validation report the schema problems of every file. The
service catalog and each valid site are then resolved as for a render.
The lint-only rules check raw text, merged values, credentials and the
objects a render would write. Nothing is written.

The engine, not the rule, sets the severity: the rule table's default,
changed by ``lint.rules`` in fleet.yaml, and dropped for a line that
carries ``# sitectl: disable=<rule>``.
"""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

from sitectl.errors import Finding, FindingList, Location, Severity
from sitectl.lint.rules import RULES, meaning, objects, secrets, yaml_text
from sitectl.model.extra import extra_documents
from sitectl.model.load import FleetFiles, LoadedFiles, collect_fleet
from sitectl.model.resolve import resolve_fleet
from sitectl.model.yamlfile import Document

_DISABLE = re.compile(r"#\s*sitectl:\s*disable=([A-Za-z0-9.,_-]+)")
_LEVELS = {"error": Severity.ERROR, "warning": Severity.WARNING,
           "info": Severity.INFO}


@dataclass
class LintResult:
    findings: list[Finding]
    files: int
    sites: int

    def count(self, severity: Severity) -> int:
        return sum(f.severity is severity for f in self.findings)


def lint(root: Path, *, only: str | None = None) -> LintResult:
    findings = FindingList()
    loaded = collect_fleet(root, findings, only=only)
    extra = [doc for site in loaded.sites for doc in
             extra_documents(root, site.model, FindingList())]
    for doc in loaded.documents + tuple(extra):
        yaml_text.check_document(doc, findings)
        secrets.check_document(doc, findings)
    _resolve(loaded, findings)
    settled = _settle(loaded, findings.items)
    site_files = sum(doc is not loaded.doc for doc in loaded.documents)
    return LintResult(settled, len(loaded.documents), site_files)


def _resolve(loaded: LoadedFiles, findings: FindingList) -> None:
    if loaded.doc is None or loaded.model is None:
        return
    files = FleetFiles(loaded.root, loaded.doc, loaded.model, loaded.sites)
    plans = resolve_fleet(files, findings)
    by_site = {site: list(group) for site, group in
               itertools.groupby(plans, key=lambda plan: plan.site)}
    for site in loaded.sites:
        site_plans = by_site.get(site.model.name, [])
        meaning.check_site(loaded.doc, loaded.model, site, site_plans,
                           findings)
        for plan in site_plans:
            objects.check_plan(plan, site.doc, findings)


def _settle(loaded: LoadedFiles, items: list[Finding]) -> list[Finding]:
    extra = FindingList()
    overrides = _overrides(loaded, extra)
    disabled = _disabled(loaded.documents, extra)
    result: list[Finding] = []
    for finding in dict.fromkeys(items + extra.items):
        rule = RULES.get(finding.rule)
        if rule is None:
            raise KeyError(f"rule {finding.rule} is missing from the table")
        level = overrides.get(finding.rule, rule.severity)
        if level is None:
            continue
        where = finding.location
        if finding.rule in disabled.get((where.file, where.line), set()):
            continue
        result.append(Finding(finding.location, finding.rule, level,
                              finding.message, finding.hint,
                              finding.related))
    return sorted(result, key=Finding.sort_key)


def _overrides(loaded: LoadedFiles, extra: FindingList
               ) -> dict[str, Severity | None]:
    settings = loaded.model.lint if loaded.model else None
    if settings is None or loaded.doc is None:
        return {}
    overrides: dict[str, Severity | None] = {}
    for rule_id, level in settings.rules.items():
        keys = ("lint", "rules", rule_id)
        rule = RULES.get(rule_id)
        if rule is None:
            _unknown_rule(loaded.doc.location(keys, at_key=True), rule_id,
                          extra)
        elif not rule.configurable and _LEVELS.get(level) != rule.severity:
            extra.add(loaded.doc.location(keys, at_key=True),
                      "lint.not-configurable",
                      f"{rule_id} must stay {rule.severity}",
                      hint=f"remove the setting; see sitectl lint --explain "
                      f"{rule_id}")
        else:
            overrides[rule_id] = _LEVELS.get(level)
    return overrides


def _unknown_rule(where: Location, rule_id: str, extra: FindingList) -> None:
    close = difflib.get_close_matches(rule_id, list(RULES), n=1)
    hint = f"did you mean '{close[0]}'?" if close else (
        "sitectl lint --explain lists nothing for it; see docs/rules.md")
    extra.add(where, "lint.unknown-rule", f"there is no rule {rule_id}",
              hint=hint)


def _disabled(documents: tuple[Document, ...], extra: FindingList
              ) -> dict[tuple[str, int], set[str]]:
    """Map (file, line) to the rules a disable comment turns off there.

    A comment after content applies to its own line; a comment on a
    line of its own applies to the next line.
    """
    disabled: dict[tuple[str, int], set[str]] = {}
    for doc in documents:
        for number, line in enumerate(doc.lines, start=1):
            match = _DISABLE.search(line)
            if not match:
                continue
            target = number if line[:match.start()].strip() else number + 1
            for rule_id in match.group(1).split(","):
                where = Location(doc.display, number, match.start(1) + 1)
                rule = RULES.get(rule_id)
                if rule is None:
                    _unknown_rule(where, rule_id, extra)
                    continue
                if not rule.configurable:
                    extra.add(where, "lint.not-configurable",
                              f"{rule_id} cannot be turned off: it guards "
                              "against a broken deployment",
                              hint="fix the finding instead")
                    continue
                disabled.setdefault((doc.display, target), set()).add(
                    rule_id)
    return disabled
