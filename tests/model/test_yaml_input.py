"""YAML traps in site files: implicit types, comments, duplicates, aliases."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from ruamel.yaml import YAML

from conftest import BASE_FLEET, write_fleet

SITE_HEAD = """\
apiVersion: sitectl.io/v1alpha1
kind: Site
name: acme
profile: onprem
domain: acme.example.test
environments:
  prod: {cluster: https://10.0.0.10:6443, kubeContext: acme-prod}
vars:
  GREETING: hello
"""


def fleet_reading(names: list[str]) -> str:
    """The base fleet with the web service reading the given variables."""
    lines = "".join(f"      {n}: {{var: {n}}}\n" for n in names)
    return BASE_FLEET.replace(
        "      GREETING: {var: GREETING}\n",
        "      GREETING: {var: GREETING}\n" + lines)


@pytest.mark.parametrize(
    ("written", "reading"),
    [
        ("yes", "boolean true"),
        ("Off", "boolean false"),
        ("n", "boolean false"),
        ("0027", "octal int 23"),
        ("0042117", "octal int 17487"),
        ("22:30", "base-60 int 1350"),
        ("1.10", "float 1.1"),
        ("2026-12-04", "timestamp"),
        ("1_000", "int 1000"),
        ("~", "null"),
    ],
)
def test_ambiguous_var_is_rejected(tmp_path, cli, written, reading):
    site = SITE_HEAD + f"  FLAG: {written}\n"
    root = write_fleet(tmp_path / "f", fleet_reading(["FLAG"]),
                       {"acme": site})
    result = cli("render", str(root))
    assert result.code == 1
    assert "sites/acme.yaml:10:9:" in result.err
    assert "vars.FLAG" in result.err
    assert reading in result.err
    assert not (root / "rendered").exists()


def test_three_bool_like_vars_three_findings(tmp_path, cli):
    site = SITE_HEAD + "  SEARCH: yes\n  SQL_DEBUG: false\n  AUDIT: on\n"
    root = write_fleet(tmp_path / "f",
                       fleet_reading(["SEARCH", "SQL_DEBUG", "AUDIT"]),
                       {"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert "sites/acme.yaml:10:11: error: vars.SEARCH" in result.err
    assert "sites/acme.yaml:11:14: error: vars.SQL_DEBUG" in result.err
    assert "sites/acme.yaml:12:10: error: vars.AUDIT" in result.err
    assert 'write "yes"' in result.err
    assert 'quote the value: "false"' in result.err
    assert "True" not in result.err
    assert "Traceback" not in result.err
    assert not (root / "rendered").exists()


def test_quoted_values_keep_their_text(tmp_path, cli):
    values = {"SEARCH": "yes", "SQL_DEBUG": "false", "AUDIT": "on",
              "UMASK": "0027", "WINDOW": "22:30", "VERSION": "1.10",
              "BANNER": "Call ext. #4471 for help",
              "MOTD": "#planned maintenance"}
    site = SITE_HEAD + "".join(f'  {k}: "{v}"\n' for k, v in values.items())
    root = write_fleet(tmp_path / "f", fleet_reading(list(values)),
                       {"acme": site})
    result = cli("render", str(root))
    assert result.code == 0, result.err
    path = root / "rendered/acme/prod/services/web.yaml"
    text = path.read_text()
    assert 'value: "yes"' in text
    assert 'value: "0027"' in text
    assert "True" not in text
    for reader in (yaml.safe_load_all, YAML(typ="safe").load_all):
        deployment = next(d for d in reader(text)
                          if d["kind"] == "Deployment")
        env = {e["name"]: e["value"] for e in
               deployment["spec"]["template"]["spec"]["containers"][0]["env"]}
        for name, value in values.items():
            assert env[name] == value
            assert isinstance(env[name], str)


def test_comment_empties_a_value(tmp_path, cli):
    site = SITE_HEAD + "  MOTD: #planned maintenance on Sunday\n"
    root = write_fleet(tmp_path / "f", fleet_reading(["MOTD"]),
                       {"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert "sites/acme.yaml:10:9: error: vars.MOTD is empty" in result.err
    assert "comment" in result.err
    assert '"#planned maintenance on Sunday"' in result.err


def test_duplicate_keys_in_site_and_flow_mapping(tmp_path, cli):
    site = """\
    apiVersion: sitectl.io/v1alpha1
    kind: Site
    name: acme
    profile: onprem
    environments:
      prod: {cluster: https://10.0.0.10:6443, kubeContext: acme-prod}
    services:
      api:
        replicas: 1
        autoscaling: {min: 1, max: 2}
      web: {replicas: 1, replicas: 3}
      api:
        resources: {requests: {cpu: 500m}}
    vars:
      GREETING: hi
      GREETING: hello
    """
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert ("sites/acme.yaml:12:3: error: duplicate key 'api' in services "
            "(first at line 8, column 3)") in result.err
    assert "sites/acme.yaml:11:22: error: duplicate key 'replicas'" \
        in result.err
    assert "sites/acme.yaml:16:3: error: duplicate key 'GREETING' in vars" \
        in result.err
    assert not (root / "rendered").exists()


def test_duplicate_key_in_fleet(tmp_path, cli):
    fleet = BASE_FLEET.replace("namespace: shop\n",
                               "namespace: shop\nnamespace: other\n", 1)
    root = write_fleet(tmp_path / "f", fleet)
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert "fleet.yaml:5:1: error: duplicate key 'namespace'" in result.err


def test_merge_key_rejected(tmp_path, cli):
    site = SITE_HEAD.replace("vars:\n", "base: &b {GREETING: hi}\nvars:\n"
                             ).replace("  GREETING: hello\n", "  <<: *b\n")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert "sites/acme.yaml:10:3: error: merge keys (<<)" in result.err


def test_alias_bomb_rejected_quickly(tmp_path, cli):
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        levels.append(f"a{level}: &a{level} [{refs}]")
    site = SITE_HEAD + "".join(f"  {line}\n" for line in levels)
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert "[yaml.alias-bomb]" in result.err


@pytest.mark.parametrize(
    ("line", "position", "words"),
    [
        ("  GREETING: @admin\n", "9:13", "cannot start any token"),
        ("\tGREETING: hi\n", "9:1", "(a tab)"),
        ("  GREETING: [a, b\n", "10:1", "expected ',' or ']'"),
    ],
)
def test_syntax_errors_name_the_spot(tmp_path, cli, line, position, words):
    site = SITE_HEAD.replace("  GREETING: hello\n", line)
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert f"sites/acme.yaml:{position}: error:" in result.err
    assert words in result.err
    assert "Traceback" not in result.err


def test_second_document_rejected(tmp_path, cli):
    site = SITE_HEAD + "---\nname: other\n"
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert "single document" in result.err
    assert "one document per file" in result.err


def test_unknown_tag_rejected(tmp_path, cli):
    site = SITE_HEAD.replace("hello", "!secret hello")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert "sites/acme.yaml:9:13: error: tag !secret" in result.err


def test_explicit_str_tag_is_text(tmp_path, cli):
    site = SITE_HEAD.replace("hello", "!!str 0027")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    assert cli("render", str(root)).code == 0
    text = (root / "rendered/acme/prod/services/web.yaml").read_text()
    assert 'value: "0027"' in text


def test_non_utf8_file(tmp_path: Path, cli):
    root = write_fleet(tmp_path / "f")
    (root / "sites/acme.yaml").write_bytes(b"name: \xff\xfe\n")
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert "not UTF-8" in result.err


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("  GREETING: !!null\n", "has no value"),
        ("  GREETING: hel\x00lo\n", "invalid character"),
    ],
)
def test_null_tag_and_control_characters(tmp_path, cli, line, words):
    site = SITE_HEAD.replace("  GREETING: hello\n", line)
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert "sites/acme.yaml:9:" in result.err
    assert words in result.err


def test_byte_order_mark_accepted(tmp_path, cli):
    root = write_fleet(tmp_path / "f")
    site = root / "sites/acme.yaml"
    site.write_bytes(b"\xef\xbb\xbf" + site.read_bytes())
    assert cli("render", str(root)).code == 0
