"""Each failure of the first cloud site, written into the example fleet."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE, pos


@pytest.fixture
def fleet(tmp_path: Path) -> Path:
    copy = tmp_path / "xgen"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns("rendered"))
    return copy


def edit(path: Path, old: str, new: str) -> str:
    text = path.read_text()
    assert old in text
    text = text.replace(old, new, 1)
    path.write_text(text)
    return text


def lint(cli, root: Path) -> tuple[int, list[dict]]:
    result = cli("lint", str(root), "--format", "json", cwd=root)
    return result.code, json.loads(result.out)["findings"]


def where(items: list[dict], rule: str) -> list[str]:
    return [f"{i['file']}:{i['line']}:{i['column']}" for i in items
            if i["rule"] == rule]


def test_registry_push_without_pull(fleet, cli):
    text = edit(fleet / "sites/aww.yaml", "  pullSecret: aww-pull\n", "")
    code, items = lint(cli, fleet)
    assert code == 1
    block = pos(text, "registry:\n")
    assert where(items, "schema.missing-key") == [f"sites/aww.yaml:{block}"]


def test_sed_start_command_and_s3_secure(fleet, cli):
    fleet_text = edit(
        fleet / "fleet.yaml", "    uses: [objectStore]\n",
        "    uses: [objectStore]\n    command: [sh, -c, \"sed -i "
        "'s|minio:9000|$MINIO_ENDPOINT|' /app/.env && exec app\"]\n")
    site = edit(fleet / "sites/aww.yaml", "  secure: true\n", "")
    code, items = lint(cli, fleet)
    assert code == 1
    sed = pos(fleet_text, '"sed -i')
    assert where(items, "config.command-writes-file") == [
        f"fleet.yaml:{sed}"]
    assert where(items, "objectstore.secure-required") == [
        f"sites/aww.yaml:{pos(site, 's3')}"]


def test_empty_and_blank_domain(fleet, cli):
    code, items = lint(cli, fleet)
    aww = (fleet / "sites/aww.yaml").read_text()
    assert code == 0
    assert where(items, "ingress.no-domain") == [
        f"sites/aww.yaml:{pos(aww, chr(34) * 2)}"]
    blank = edit(fleet / "sites/aww.yaml", 'domain: ""', 'domain: " "')
    code, items = lint(cli, fleet)
    assert code == 1
    assert where(items, "site.domain-invalid") == [
        f"sites/aww.yaml:{pos(blank, chr(34) + ' ' + chr(34))}"]


def test_site_section_needs_its_key(fleet, cli):
    text = edit(fleet / "sites/aww.yaml", "  APP_SITE: xgen-aww\n", "")
    code, items = lint(cli, fleet)
    assert code == 1
    fleet_text = (fleet / "fleet.yaml").read_text()
    found = where(items, "ref.missing-var")
    assert f"fleet.yaml:{pos(fleet_text, 'APP_SITE}', 3)}" in found
    assert "APP_SITE" not in text


def test_password_inside_url_value(fleet, cli):
    text = edit(fleet / "sites/aww.yaml", "  LOG_LEVEL: info\n",
                "  LOG_LEVEL: info\n"
                "  LEGACY_DB_URL: postgresql://xgen:S3cr#t@10.20.0.15/xgen\n")
    code, items = lint(cli, fleet)
    assert code == 1
    assert where(items, "secret.url-userinfo") == [
        f"sites/aww.yaml:{pos(text, 'postgresql://')}"]


def test_per_site_credential_in_file(fleet, cli):
    text = edit(fleet / "sites/aww.yaml", "    sslMode: require\n",
                "    sslMode: require\n    password: Aww-db-2024\n")
    code, items = lint(cli, fleet)
    assert code == 1
    assert where(items, "secret.literal") == [
        f"sites/aww.yaml:{pos(text, 'password')}"]
    assert "Aww-db-2024" not in json.dumps(items)


def test_production_replicas_on_cloud_site(fleet, cli):
    text = edit(fleet / "sites/aww.yaml", "profile: cloud-small",
                "profile: production")
    code, items = lint(cli, fleet)
    assert code == 0
    assert where(items, "cost.production-profile") == [
        f"sites/aww.yaml:{pos(text, 'production')}"]
    assert cli("lint", str(fleet), "--strict").code == 4


def test_implicit_type_in_fleet_file(fleet, cli):
    text = edit(fleet / "fleet.yaml", 'tag: "2.4.1"', "tag: 2.10")
    code, items = lint(cli, fleet)
    assert code == 1
    assert where(items, "yaml.implicit-type") == [
        f"fleet.yaml:{pos(text, '2.10')}"]
