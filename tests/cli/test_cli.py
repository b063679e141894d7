"""Exit codes and messages shared by every command."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import EXAMPLE, site_named
from sitectl.render import run as render_run


def test_usage_error_exits_2(cli):
    result = cli("render", "--no-such-flag")
    assert result.code == 2
    assert "No such option" in result.err


def test_missing_argument_exits_2(cli):
    assert cli("schema").code == 2


def test_missing_fleet_exits_1(tmp_path, cli):
    result = cli("render", str(tmp_path / "nowhere"))
    assert result.code == 1
    assert "fleet.yaml not found" in result.err
    assert "does not exist" in result.err


def test_bug_exits_3_with_log(tmp_path, cli, monkeypatch):
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(render_run, "_site_files", broken)
    result = cli("render", str(EXAMPLE), "-o", str(tmp_path / "out"))
    assert result.code == 3
    assert "internal error (KeyError)" in result.err
    assert "Traceback" not in result.err
    log = result.err.split("log at ")[1].split()[0]
    with open(log) as handle:
        assert "KeyError: 'boom'" in handle.read()


def test_no_colour_without_terminal(tmp_path, cli):
    root = tmp_path / "f"
    root.mkdir()
    (root / "fleet.yaml").write_text("apiVersion: 1\n")
    result = cli("render", str(root))
    assert result.code == 1
    assert "\x1b[" not in result.err


def test_schema_prints_both_kinds(cli):
    for kind, required in (("fleet", "services"), ("site", "environments")):
        result = cli("schema", kind)
        assert result.code == 0
        schema = json.loads(result.out)
        assert required in schema["required"]
        assert schema["additionalProperties"] is False
        assert "apiVersion" in schema["properties"]


def test_schema_validates_example_files(cli):
    import jsonschema
    import yaml

    for kind, paths in (("fleet", [EXAMPLE / "fleet.yaml"]),
                        ("site", sorted((EXAMPLE / "sites").glob("*.yaml")))):
        schema = json.loads(cli("schema", kind).out)
        for path in paths:
            jsonschema.validate(yaml.safe_load(path.read_text()), schema)
        bad = yaml.safe_load(paths[0].read_text())
        bad["unknownKey"] = 1
        try:
            jsonschema.validate(bad, schema)
        except jsonschema.ValidationError as exc:
            assert "unknownKey" in exc.message
        else:
            raise AssertionError("schema accepted an unknown key")


def test_module_entry_point():
    result = subprocess.run([sys.executable, "-m", "sitectl", "--version"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert result.stdout.startswith("sitectl, version ")


def test_committed_schemas_are_current(cli):
    folder = EXAMPLE.parent.parent / "docs" / "schema"
    for kind in ("fleet", "site"):
        committed = (folder / f"{kind}.schema.json").read_text()
        assert committed == cli("schema", kind).out


def test_many_notices_are_summarised(tmp_path, cli):
    from conftest import write_fleet

    sites = {f"s{n:02d}": site_named(f"s{n:02d}")
             .replace("domain: acme.example.test", 'domain: ""')
             for n in range(8)}
    root = write_fleet(tmp_path / "f", sites=sites)
    result = cli("render", str(root))
    assert result.code == 0
    assert result.err.count("[ingress.no-domain]\n") == 5
    assert "... and 3 more [ingress.no-domain] notices" in result.err


def test_error_summary_names_what_was_not_written(tmp_path, cli):
    from conftest import BASE_SITE, write_fleet

    root = write_fleet(tmp_path / "f", sites={
        "acme": BASE_SITE.replace("hello", "yes")})
    result = cli("render", str(root))
    assert result.code == 1
    assert f"nothing was written to {root / 'rendered'}" in result.err
    checked = cli("render", str(root), "--check")
    assert checked.code == 1
    assert "nothing was written" not in checked.err


def test_misspelt_profile_reported_once(tmp_path, cli):
    from conftest import BASE_SITE, write_fleet

    root = write_fleet(tmp_path / "f", sites={
        "acme": BASE_SITE.replace("profile: onprem", "profile: onprm")})
    result = cli("render", str(root))
    assert result.code == 1
    assert "error(s)" in result.err
    assert result.err.count(": error: ") == 1
    assert "did you mean 'onprem'?" in result.err


def test_empty_output_option_is_usage_error(cli):
    result = cli("render", str(EXAMPLE), "-o", "")
    assert result.code == 2
    assert "-o needs a folder" in result.err


def test_stream_into_closed_pipe():
    command = (f"{sys.executable} -m sitectl render {EXAMPLE} -o - "
               "| head -1")
    done = subprocess.run(["bash", "-o", "pipefail", "-c", command],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "---\n"
    assert "Traceback" not in done.stderr
