"""Lint output formats, exit codes, settings, disable comments, docs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import BASE_FLEET, BASE_SITE, EXAMPLE, pos, write_fleet
from sitectl.lint.rules import RULES

WARN_SITE = BASE_SITE.replace("  GREETING: hello\n",
                              "  GREETING: hello\n  SPARE: unused\n")
ERROR_SITE = WARN_SITE.replace("GREETING: hello", "GREETING: yes")


@pytest.fixture
def warned(tmp_path: Path) -> Path:
    return write_fleet(tmp_path / "f", sites={"acme": WARN_SITE})


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    return write_fleet(tmp_path / "b", sites={"acme": ERROR_SITE})


def test_exit_codes(warned, broken, cli):
    assert cli("lint", str(warned)).code == 0
    assert cli("lint", str(warned), "--strict").code == 4
    assert cli("lint", str(broken)).code == 1
    assert cli("lint", str(broken), "--strict").code == 1


def test_parsable_lines(broken, cli):
    result = cli("lint", str(broken), "--format", "parsable", cwd=broken)
    lines = result.out.splitlines()
    where = pos(ERROR_SITE, "yes")
    assert f"sites/acme.yaml:{where}: error: vars.GREETING: unquoted yes " \
        "is ambiguous" in result.out
    for line in lines:
        assert re.match(r"^[^:]+:\d+:\d+: (error|warning|info): .+ "
                        r"\[[a-z0-9.-]+\]$", line), line


def test_json_fields(broken, cli):
    result = cli("lint", str(broken), "--format", "json", cwd=broken)
    items = json.loads(result.out)["findings"]
    first = next(i for i in items if i["rule"] == "yaml.implicit-type")
    assert first["file"] == "sites/acme.yaml"
    assert f"{first['line']}:{first['column']}" == pos(ERROR_SITE, "yes")
    assert first["severity"] == "error"
    assert first["path"] == "vars.GREETING"
    assert first["fix"] == 'write "yes" if you mean the text'


def test_sarif_log(broken, cli):
    result = cli("lint", str(broken), "--format", "sarif", cwd=broken)
    log = json.loads(result.out)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "sitectl"
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert "yaml.implicit-type" in rule_ids
    result_entry = next(r for r in run["results"]
                        if r["ruleId"] == "yaml.implicit-type")
    assert result_entry["level"] == "error"
    assert rule_ids[result_entry["ruleIndex"]] == "yaml.implicit-type"
    location = result_entry["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "sites/acme.yaml"
    line, column = pos(ERROR_SITE, "yes").split(":")
    assert location["region"] == {"startLine": int(line),
                                  "startColumn": int(column)}


def test_sarif_warning_level(warned, cli):
    log = json.loads(cli("lint", str(warned), "--format", "sarif").out)
    results = log["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("ref.unused-var", "warning")]


def test_github_annotations(broken, warned, cli):
    result = cli("lint", str(broken), "--format", "github", cwd=broken)
    line, column = pos(ERROR_SITE, "yes").split(":")
    assert f"::error file=sites/acme.yaml,line={line},col={column}," \
        "title=yaml.implicit-type::vars.GREETING" in result.out
    result = cli("lint", str(warned), "--format", "github", cwd=warned)
    assert result.out.startswith("::warning file=sites/acme.yaml,")


def test_format_from_environment(broken, cli, monkeypatch):
    monkeypatch.setenv("SITECTL_LINT_FORMAT", "parsable")
    result = cli("lint", str(broken), cwd=broken)
    assert result.out.startswith("sites/acme.yaml:")
    monkeypatch.setenv("SITECTL_LINT_FORMAT", "xml")
    assert cli("lint", str(broken)).code == 2


def test_text_has_no_colour_with_no_color(broken, cli, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    result = cli("lint", str(broken))
    assert "\x1b[" not in result.out + result.err
    assert "fix: write" in result.out


def test_severity_setting(tmp_path, cli):
    fleet = BASE_FLEET + "lint:\n  rules:\n    ref.unused-var: error\n"
    root = write_fleet(tmp_path / "f", fleet, {"acme": WARN_SITE})
    result = cli("lint", str(root), "--format", "json")
    assert result.code == 1
    item = json.loads(result.out)["findings"][0]
    assert (item["rule"], item["severity"]) == ("ref.unused-var", "error")

    off = BASE_FLEET + "lint:\n  rules:\n    ref.unused-var: \"off\"\n"
    write_fleet(root, off, {"acme": WARN_SITE})
    result = cli("lint", str(root), "--format", "json", "--strict")
    assert result.code == 0
    assert json.loads(result.out)["findings"] == []


def test_severity_setting_checked(tmp_path, cli):
    fleet = BASE_FLEET + "lint:\n  rules:\n    ref.unused-vars: error\n" \
        "    yaml.duplicate-key: warning\n"
    root = write_fleet(tmp_path / "f", fleet)
    result = cli("lint", str(root), cwd=root)
    assert result.code == 1
    assert f"fleet.yaml:{pos(fleet, 'ref.unused-vars')}" in result.out
    assert "did you mean 'ref.unused-var'?" in result.out
    assert f"fleet.yaml:{pos(fleet, 'yaml.duplicate-key')}" in result.out
    assert "[lint.not-configurable]" in result.out


def test_disable_comment(tmp_path, cli):
    same_line = WARN_SITE.replace(
        "  SPARE: unused\n", "  SPARE: unused  # sitectl: "
        "disable=ref.unused-var\n")
    root = write_fleet(tmp_path / "f", sites={"acme": same_line})
    assert cli("lint", str(root), "--strict").code == 0

    line_above = WARN_SITE.replace(
        "  SPARE: unused\n",
        "  # sitectl: disable=ref.unused-var\n  SPARE: unused\n")
    write_fleet(root, sites={"acme": line_above})
    assert cli("lint", str(root), "--strict").code == 0

    other_rule = WARN_SITE.replace(
        "  SPARE: unused\n", "  SPARE: unused  # sitectl: disable=yaml.tab\n")
    write_fleet(root, sites={"acme": other_rule})
    assert cli("lint", str(root), "--strict").code == 4

    typo = WARN_SITE.replace(
        "  SPARE: unused\n", "  SPARE: unused  # sitectl: "
        "disable=ref.unused\n")
    write_fleet(root, sites={"acme": typo})
    result = cli("lint", str(root), cwd=root)
    assert result.code == 1
    assert "there is no rule ref.unused" in result.out


def test_fix_quotes_in_place(tmp_path, cli):
    site = BASE_SITE.replace(
        "  GREETING: hello\n",
        "  GREETING: yes   # keep this comment\n"
        "  WINDOW: 22:30\n  UMASK: 0027\n  DAY: 2026-12-04\n")
    fleet = BASE_FLEET.replace(
        "      GREETING: {var: GREETING}\n",
        "      GREETING: {var: GREETING}\n      WINDOW: {var: WINDOW}\n"
        "      UMASK: {var: UMASK}\n      DAY: {var: DAY}\n")
    root = write_fleet(tmp_path / "f", fleet, {"acme": site})
    result = cli("lint", str(root), "--fix", cwd=root)
    text = (root / "sites/acme.yaml").read_text()
    expected = site.replace("GREETING: yes", 'GREETING: "yes"').replace(
        "WINDOW: 22:30", 'WINDOW: "22:30"').replace(
        "DAY: 2026-12-04", 'DAY: "2026-12-04"')
    assert text == expected
    assert "fixed: yes -> \"yes\"" in result.err
    assert result.code == 1
    assert "UMASK: unquoted 0027" in result.out
    again = cli("lint", str(root), "--fix", cwd=root)
    assert "fixed:" not in again.err
    assert (root / "sites/acme.yaml").read_text() == expected


def test_explain(cli):
    result = cli("lint", "--explain", "yaml.duplicate-key")
    assert result.code == 0
    assert result.out.startswith("yaml.duplicate-key (error):")
    assert "Fails:" in result.out
    assert "Passes:" in result.out
    missing = cli("lint", "--explain", "yaml.duplicate-keys")
    assert missing.code == 2
    assert "did you mean yaml.duplicate-key?" in missing.err


def test_every_rule_documented():
    for rule in RULES.values():
        assert rule.summary, rule.id
        assert len(rule.why.split()) >= 8, rule.id
        assert rule.bad.strip(), rule.id
        assert rule.good.strip(), rule.id
        assert rule.bad != rule.good, rule.id


def test_every_emitted_rule_is_in_table():
    source = EXAMPLE.parent.parent / "src" / "sitectl"
    emitted: set[str] = set()
    pattern = re.compile(r'"((?:yaml|schema|ref|secret|site|fleet|k8s|hpa|'
                         r'resources|objectstore|ingress|istio|argocd|git|'
                         r'release|labels|extra|config|catalog|sizing|cost|'
                         r'redis|lint)\.[a-z0-9-]+)"')
    for path in source.rglob("*.py"):
        emitted.update(pattern.findall(path.read_text()))
    # Strings of the same shape that are paths or file names, not rules.
    emitted -= {"git.path", "fleet.yaml", "release.arch", "release.tag"}
    missing = sorted(emitted - set(RULES))
    assert missing == []


def test_rules_page_is_current(cli):
    page = EXAMPLE.parent.parent / "docs" / "rules.md"
    assert page.read_text() == cli("lint", "--rules-markdown").out


def test_fix_keeps_byte_order_mark(tmp_path, cli):
    site = BASE_SITE.replace("apiVersion", "\ufeffapiVersion", 1).replace(
        "GREETING: hello", "GREETING: yes")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    cli("lint", str(root), "--fix", cwd=root)
    data = (root / "sites/acme.yaml").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfapiVersion")
    assert b'GREETING: "yes"' in data
