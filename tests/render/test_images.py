"""The image plan lists what the rendered pods pull, with push settings."""

from __future__ import annotations

import json

from conftest import BASE_SITE, EXAMPLE, documents, write_fleet


def pod_images(folder) -> set[str]:
    images: set[str] = set()
    for obj in documents(folder):
        if obj["kind"] != "Deployment":
            continue
        pod = obj["spec"]["template"]["spec"]
        for container in pod.get("initContainers", []) + pod["containers"]:
            images.add(container["image"])
    return images


def test_plan_matches_rendered_pods(tmp_path, cli):
    out = tmp_path / "out"
    assert cli("render", str(EXAMPLE), "-o", str(out)).code == 0
    result = cli("images", str(EXAMPLE), "--format", "json")
    assert result.code == 0
    rows = json.loads(result.out)["images"]
    for site in ("aww", "hanul", "main"):
        listed = {r["image"] for r in rows if r["site"] == site}
        assert listed == pod_images(out / site)


def test_site_registry_and_credential(cli):
    rows = json.loads(cli("images", str(EXAMPLE), "--site", "aww",
                          "--format", "json").out)["images"]
    assert {r["registry"] for r in rows} == {"nexus.aww.internal:5000"}
    assert {r["ciCredentialId"] for r in rows} == {"aww-nexus-ci"}
    mirror = [r for r in rows if r["action"] == "mirror"]
    assert [r["image"] for r in mirror] == [
        "nexus.aww.internal:5000/tools/python:3.12-slim"]
    builds = [r for r in rows if r["action"] == "build"]
    assert len(builds) == 6
    assert all(r["image"].startswith("nexus.aww.internal:5000/xgen/aww/")
               for r in builds)


def test_environments_share_one_row(cli):
    rows = json.loads(cli("images", str(EXAMPLE), "--site", "main",
                          "--format", "json").out)["images"]
    mirror = [r for r in rows if r["action"] == "mirror"]
    assert len(mirror) == 1
    assert sorted(mirror[0]["environments"]) == ["production", "staging"]
    core = [r for r in rows if r["service"] == "xgen-core"]
    assert sorted(r["image"].rsplit(":", 1)[1] for r in core) == [
        "2.4.1-amd64", "2.5.0-rc.1-amd64"]


def test_table_and_errors(tmp_path, cli):
    result = cli("images", str(EXAMPLE), "--site", "hanul")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].split() == ["SITE", "ACTION", "IMAGE", "CI",
                                "CREDENTIAL", "ENVIRONMENTS"]
    assert len(lines) == 1 + 6
    broken = write_fleet(tmp_path / "f", sites={
        "acme": BASE_SITE.replace("hello", "yes")})
    result = cli("images", str(broken))
    assert result.code == 1
    assert "[yaml.implicit-type]" in result.err
