"""Lint-only rules: each fails on its bad input and passes on its fix."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import BASE_FLEET, BASE_SITE, EXAMPLE, pos, write_fleet


def findings(cli, root: Path, *extra: str) -> list[dict]:
    result = cli("lint", str(root), "--format", "json", *extra, cwd=root)
    return json.loads(result.out)["findings"]


def only(items: list[dict], rule: str) -> list[dict]:
    return [f for f in items if f["rule"] == rule]


def at(item: dict) -> str:
    return f"{item['line']}:{item['column']}"


def test_example_lints_clean(cli):
    result = cli("lint", str(EXAMPLE))
    assert result.code == 0
    assert "0 error(s), 0 warning(s)" in result.err
    assert cli("lint", str(EXAMPLE), "--strict").code == 0


def test_comment_cut_value_warns(tmp_path, cli):
    site = BASE_SITE.replace(
        "  GREETING: hello\n",
        "  GREETING: Call ext. #4471 for help\n"
        "  OTHER: kept  # an ordinary comment\n")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    items = only(findings(cli, root), "yaml.comment-in-value")
    assert len(items) == 1
    assert items[0]["file"] == "sites/acme.yaml"
    assert at(items[0]) == pos(site, "#4471")
    assert items[0]["severity"] == "warning"
    assert "'Call ext.'" in items[0]["message"]
    assert '"Call ext. #4471 for help"' in items[0]["fix"]


def test_anchor_swallows_value(tmp_path, cli):
    site = BASE_SITE.replace("hello", "&x9 abc")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    items = only(findings(cli, root), "yaml.anchor")
    assert len(items) == 1
    assert at(items[0]) == pos(site, "&x9")
    assert "the value is 'abc'" in items[0]["message"]


def test_tab_inside_value_warns(tmp_path, cli):
    site = BASE_SITE.replace("hello", '"a\tb"')
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    items = only(findings(cli, root), "yaml.tab")
    assert [at(i) for i in items] == [pos(site, "\t")]


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("redis://:S0me!pass@10.0.0.5:6379/0", "secret.url-userinfo"),
        ("postgresql://app:pa%40ss@db:5432/app", "secret.url-userinfo"),
        ("minioadmin", "secret.default-credential"),
        ("AKIAIOSFODNN7EXAMPLE", "secret.token-format"),
        ("c2VjcmV0LXNhbHQtZm9yLXNlc3Npb25zMTIz", "secret.high-entropy"),
    ],
)
def test_secret_values_in_vars(tmp_path, cli, value, rule):
    site = BASE_SITE + f"  EXTRA: {value}\n"
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    items = only(findings(cli, root), rule)
    assert [at(i) for i in items] == [pos(site, value)]
    assert value not in items[0]["message"]
    assert value not in items[0]["fix"]


@pytest.mark.parametrize("value", [
    "redis://{infra.redis.host}:6379", "https://user@example.com/x",
    "nexus-ci-shared", "xgen.example.com", "postgres"])
def test_ordinary_values_not_secret(tmp_path, cli, value):
    site = BASE_SITE + f'  EXTRA: "{value}"\n'
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    items = [f for f in findings(cli, root) if f["rule"].startswith(
        "secret.")]
    assert items == []


def test_credential_var_rejected_without_echo(tmp_path, cli):
    site = BASE_SITE + "  DB_PASSWORD: Hq7x9Lpq\n"
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    items = only(findings(cli, root), "secret.literal")
    assert [at(i) for i in items] == [pos(site, "Hq7x9Lpq")]
    assert "Hq7x9Lpq" not in json.dumps(items)


def test_password_key_in_infra(tmp_path, cli):
    site = BASE_SITE.replace("vars:", "infra:\n  redis:\n    host: 10.0.0.14\n"
                             "    password: Hq7 #x9Lp\nvars:")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("lint", str(root), cwd=root)
    assert result.code == 1
    assert f"sites/acme.yaml:{pos(site, 'password')}" in result.out
    assert "[secret.literal]" in result.out
    assert "Hq7" not in result.out
    assert "x9Lp" not in result.out


def test_cost_sensitive_production(tmp_path, cli):
    site = BASE_SITE.replace("profile: onprem",
                             "profile: onprem\ncostSensitive: true")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    items = only(findings(cli, root), "cost.production-profile")
    assert [at(i) for i in items] == [pos(site, "onprem")]
    assert "api, web" in items[0]["message"]
    fixed = site.replace("profile: onprem", "profile: cloud")
    write_fleet(root, sites={"acme": fixed})
    assert only(findings(cli, root), "cost.production-profile") == []


REDIS_FLEET = BASE_FLEET.replace("    port: 8000\n", """\
    port: 8000
    uses: [redis]
""")


def test_redis_user_not_passed(tmp_path, cli):
    site = BASE_SITE.replace("vars:", "infra:\n  redis:\n    user: shop-app\n"
                             "vars:")
    root = write_fleet(tmp_path / "f", REDIS_FLEET, {"acme": site})
    items = only(findings(cli, root), "redis.user-unused")
    assert [at(i) for i in items] == [pos(site, "shop-app")]
    assert "api" in items[0]["message"]
    assert "default user" in items[0]["message"]

    passing = REDIS_FLEET.replace(
        "      REDIS_PORT: {from: infra.redis.port}\n",
        "      REDIS_PORT: {from: infra.redis.port}\n"
        "      REDIS_USERNAME: {from: infra.redis.user}\n")
    write_fleet(root, passing, {"acme": site})
    assert only(findings(cli, root), "redis.user-unused") == []


def test_redis_url_with_empty_user(tmp_path, cli):
    fleet = "configGenerator: {image: tools/python, tag: '3.12'}\n" + \
        REDIS_FLEET.replace("    uses: [redis]\n", """\
    uses: [redis]
    files:
      - path: /app/config.yaml
        format: yaml
        content:
          redis.url:
            url: "redis://:{secret:shop-app/REDIS_PASSWORD}@{infra.redis.host}"
""")
    site = BASE_SITE.replace("vars:", "infra:\n  redis:\n    user: shop-app\n"
                             "vars:")
    root = write_fleet(tmp_path / "f", fleet, {"acme": site})
    items = only(findings(cli, root), "redis.user-unused")
    assert len(items) == 1
    assert "empty user part" in items[0]["message"]
    url_line = pos(fleet, "redis://:").split(":")[0]
    assert items[0]["related"][0]["line"] == int(url_line)


def test_s3_region_mismatch(tmp_path, cli):
    site = BASE_SITE.replace("vars:", "objectStore:\n  kind: s3\n"
                             "  endpoint: s3.eu-central-1.amazonaws.com\n"
                             "  bucket: b\n  secure: true\n"
                             "  region: us-east-1\nvars:")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    items = only(findings(cli, root), "objectstore.region-mismatch")
    assert [at(i) for i in items] == [pos(site, "us-east-1")]
    assert "set region: eu-central-1" in items[0]["fix"]


def test_mutable_tag_and_missing_resources(tmp_path, cli):
    fleet = BASE_FLEET.replace('  tag: "1.0.0"', "  tag: latest").replace(
        "    resources:\n      requests: {cpu: 250m, memory: 512Mi}\n"
        '      limits: {cpu: "1", memory: 1Gi}\n', "", 1)
    root = write_fleet(tmp_path / "f", fleet)
    items = findings(cli, root)
    tags = only(items, "k8s.image-mutable-tag")
    assert len(tags) == 2
    assert tags[0]["file"] == "fleet.yaml"
    assert at(tags[0]) == pos(fleet, "latest")

    pinned = fleet.replace("tag: latest", 'tag: "1.0.0"')
    write_fleet(root, pinned)
    missing = only(findings(cli, root), "k8s.resources-missing")
    assert len(missing) == 2
    assert missing[0]["severity"] == "warning"


def test_all_layers_in_one_run(tmp_path, cli):
    copy = tmp_path / "xgen"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns("rendered"))
    aww = copy / "sites/aww.yaml"
    aww.write_text(aww.read_text().replace(
        "  LOG_LEVEL: info\n", "  LOG_LEVEL: yes\n  CACHE: redis://:pw1@x\n"
    ).replace("profile: cloud-small", "profile: production"))
    main = copy / "sites/main.yaml"
    main.write_text(main.read_text().replace("profile: production",
                                             "profle: production"))
    items = findings(cli, copy)
    rules = {(f["file"].split("/")[-1], f["rule"]) for f in items}
    assert ("aww.yaml", "yaml.implicit-type") in rules
    assert ("aww.yaml", "secret.url-userinfo") in rules
    assert ("main.yaml", "schema.unknown-key") in rules


@pytest.mark.parametrize("value", [
    "postgresql://app:pa#ss@db:5432/app", "redis://:p/w?x@10.0.0.5:6379",
    "amqp://u:S0me!pass@mq/vhost"])
def test_url_password_with_reserved_characters(tmp_path, cli, value):
    site = BASE_SITE + f'  EXTRA: "{value}"\n'
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    items = only(findings(cli, root), "secret.url-userinfo")
    assert [at(i) for i in items] == [pos(site, '"' + value)]


def test_extra_manifests_are_scanned(tmp_path, cli):
    site = BASE_SITE.replace("vars:", "extraManifests: extra\nvars:")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    (root / "extra").mkdir()
    manifest = ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cache}\n"
                "data:\n  url: redis://:S0me!pass@10.0.0.5:6379\n"
                "  note: kept #cut\n")
    (root / "extra/cache.yaml").write_text(manifest)
    items = findings(cli, root)
    urls = only(items, "secret.url-userinfo")
    assert [(i["file"], at(i)) for i in urls] == [
        ("extra/cache.yaml", pos(manifest, "redis://"))]
    cuts = only(items, "yaml.comment-in-value")
    assert [(i["file"], at(i)) for i in cuts] == [
        ("extra/cache.yaml", pos(manifest, "#cut"))]
