"""``sitectl lint``: every rule over fleet, site files and rendered objects."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import click

from sitectl.cli import console
from sitectl.errors import Finding, FindingList, Severity
from sitectl.lint import report
from sitectl.lint.docs import rules_markdown
from sitectl.lint.engine import lint
from sitectl.lint.fix import apply
from sitectl.lint.rules import RULES
from sitectl.model.load import collect_fleet

EXIT_WARNINGS = 4


@click.command("lint")
@click.argument("fleet", type=click.Path(path_type=Path), default=".")
@click.option("--site", "only", metavar="NAME", default=None,
              help="Lint fleet.yaml and this site only.")
@click.option("--format", "output_format", type=click.Choice(report.FORMATS),
              default=None, help="Output format (default: the "
              "SITECTL_LINT_FORMAT variable, else text).")
@click.option("--strict", is_flag=True,
              help=f"Exit {EXIT_WARNINGS} when there are warnings but no "
              "errors.")
@click.option("--fix", is_flag=True,
              help="Quote ambiguous plain values in place, then lint.")
@click.option("--explain", metavar="RULE", default=None,
              help="Print why RULE exists, with a failing and a passing "
              "example.")
@click.option("--rules-markdown", "rules_markdown_flag", is_flag=True,
              hidden=True,
              help="Print docs/rules.md.")
def lint_command(fleet: Path, only: str | None, output_format: str | None,
                 strict: bool, fix: bool, explain: str | None,
                 rules_markdown_flag: bool) -> int:
    """Check FLEET (default: the current folder) and report every problem.

    Exit codes: 0 no errors, 1 errors, 4 warnings only with --strict.
    """
    if explain is not None:
        return _explain(explain)
    if rules_markdown_flag:
        click.echo(rules_markdown(), nl=False)
        return 0
    chosen = (output_format or os.environ.get("SITECTL_LINT_FORMAT")
              or "text")
    if chosen not in report.FORMATS:
        raise click.UsageError(f"SITECTL_LINT_FORMAT={chosen!r} is not one "
                               f"of {', '.join(report.FORMATS)}")
    if fix:
        _fix(fleet, only)
    result = lint(fleet, only=only)
    _print(chosen, result.findings)
    errors = result.count(Severity.ERROR)
    warnings = result.count(Severity.WARNING)
    if chosen == "text":
        console.note(f"{result.files} file(s), {result.sites} site(s): "
                     f"{errors} error(s), {warnings} warning(s)")
    if errors:
        return 1
    if strict and warnings:
        return EXIT_WARNINGS
    return 0


def _explain(rule_id: str) -> int:
    rule = RULES.get(rule_id)
    if rule is None:
        close = difflib.get_close_matches(rule_id, list(RULES), n=1)
        hint = f"; did you mean {close[0]}?" if close else (
            "; docs/rules.md lists every rule")
        raise click.UsageError(f"there is no rule {rule_id}{hint}")
    click.echo(rule.explain(), nl=False)
    return 0


def _print(chosen: str, findings: list[Finding]) -> None:
    if chosen == "text":
        report.text(findings, console.out())
    elif chosen == "parsable":
        click.echo(report.parsable(findings), nl=False)
    elif chosen == "json":
        click.echo(report.as_json(findings), nl=False)
    elif chosen == "sarif":
        click.echo(report.sarif(findings), nl=False)
    else:
        click.echo(report.github(findings), nl=False)


def _fix(fleet: Path, only: str | None) -> None:
    loaded = collect_fleet(fleet, FindingList(), only=only)
    for doc in loaded.documents:
        content, done = apply(doc)
        if not done:
            continue
        doc.path.write_bytes(content)
        for item in done:
            console.note(f"{doc.display}:{item.line}:{item.column}: fixed: "
                         f"{item.before} -> {item.after}")
