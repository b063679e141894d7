"""Generated configuration files: run the pod's own script on real values."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
import yaml
from dotenv import dotenv_values
from ruamel.yaml import YAML

from conftest import BASE_FLEET, BASE_SITE, EXAMPLE, pos, write_fleet

GENERATOR = 'configGenerator: {image: tools/python, tag: "3.12"}\n'

HOSTILE = [
    "S0me!pass", "p@ss #1", "yes", "0755", "a/b&c|d:e", "dollar$sign",
    'quote"d', "it's", "back\\slash", "line1\nline2", "${HOME}",
    "x@evil.example:1/", "tab\there", " padded ", "ümlaut",
]


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sitectl.cli import run

    out = tmp_path_factory.mktemp("example") / "rendered"
    assert run(["render", str(EXAMPLE), "-o", str(out)]) == 0
    return out


def in_file(path: Path, kind: str) -> dict:
    """Return the one object of ``kind`` in a rendered service file."""
    found = [d for d in yaml.safe_load_all(path.read_text())
             if d["kind"] == kind and (kind != "ConfigMap" or
                                       d["metadata"]["name"].endswith(
                                           "-files"))]
    assert len(found) == 1, (path, kind)
    return found[0]


def run_generator(service_file: Path, tmp_path: Path,
                  secrets: dict[tuple[str, str], str]) -> dict[str, str]:
    """Run configgen.py as the init container does; return files by path."""
    files_map = in_file(service_file, "ConfigMap")
    deployment = in_file(service_file, "Deployment")
    pod = deployment["spec"]["template"]["spec"]
    init = pod["initContainers"][0]
    spec_dir = tmp_path / "spec"
    out_dir = tmp_path / "out"
    spec_dir.mkdir()
    out_dir.mkdir()
    for key, text in files_map["data"].items():
        (spec_dir / key).write_text(text)
    env = {"PATH": os.environ["PATH"]}
    for entry in init.get("env", []):
        ref = entry["valueFrom"]["secretKeyRef"]
        env[entry["name"]] = secrets[(ref["name"], ref["key"])]
    command = [sys.executable, str(spec_dir / "configgen.py"),
               str(spec_dir / "spec.json"), str(out_dir)]
    assert init["command"][1:] == ["/etc/sitectl/configgen.py",
                                   "/etc/sitectl/spec.json", "/run/sitectl"]
    done = subprocess.run(command, env=env, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    mounts = pod["containers"][0]["volumeMounts"]
    return {m["mountPath"]: (out_dir / m["subPath"]).read_text()
            for m in mounts}


@pytest.mark.parametrize("secret", HOSTILE)
def test_dotenv_keeps_secret_exactly(tree, tmp_path, secret):
    service = tree / "aww/production/services/xgen-documents.yaml"
    secrets = {("xgen-app", "OBJECT_STORE_ACCESS_KEY"): "AKIA-" + secret,
               ("xgen-app", "OBJECT_STORE_SECRET_KEY"): secret}
    files = run_generator(service, tmp_path, secrets)
    values = dotenv_values(stream=io.StringIO(files["/app/.env"]))
    assert values["MINIO_SECRET_KEY"] == secret
    assert values["MINIO_ACCESS_KEY"] == "AKIA-" + secret
    assert values["MINIO_ENDPOINT"] == "s3.ap-northeast-2.amazonaws.com"
    assert values["MINIO_BUCKET"] == "aww-xgen-documents"
    assert values["MINIO_REGION"] == "ap-northeast-2"
    assert values["MINIO_SECURE"] == "true"
    assert "minio" not in files["/app/.env"].split("MINIO_")[0].lower()


@pytest.mark.parametrize("secret", HOSTILE)
def test_site_yaml_keeps_urls_exact(tree, tmp_path, secret):
    service = tree / "aww/production/services/xgen-backend-gateway.yaml"
    secrets = {("xgen-app", "POSTGRES_PASSWORD"): secret,
               ("xgen-app", "REDIS_PASSWORD"): secret[::-1]}
    text = run_generator(service, tmp_path, secrets)[
        "/app/config/sites.yaml"]
    old = yaml.safe_load(text)
    new = YAML(typ="safe").load(text)
    assert old == new
    assert list(old) == ["xgen-aww"]
    section = old["xgen-aww"]
    database = urllib.parse.urlsplit(section["database"]["url"])
    assert database.scheme == "postgresql"
    assert database.hostname == "10.20.0.15"
    assert database.port == 5432
    assert urllib.parse.unquote(database.username) == "xgen"
    assert urllib.parse.unquote(database.password) == secret
    assert database.path == "/xgen"
    assert database.query == "sslmode=require"
    cache = urllib.parse.urlsplit(section["redis"]["url"])
    assert cache.hostname == "10.20.0.15"
    assert cache.port == 6379
    assert cache.username == ""
    assert urllib.parse.unquote(cache.password) == secret[::-1]
    assert section["objectStore"]["endpoint"] == \
        "https://s3.ap-northeast-2.amazonaws.com"
    assert "svc.cluster.local" not in text


def test_dotenv_keeps_variable_text(tmp_path, cli):
    fleet = GENERATOR + BASE_FLEET.replace("  web:\n    port: 3000\n", """\
  web:
    port: 3000
    files:
      - path: /srv/app.env
        format: dotenv
        content:
          GREETING: {var: GREETING}
          PORT: {from: infra.redis.port}
""")
    tricky = "${HOME} & | / 'q' \\\\ $(id) `id` #no comment"
    root = write_fleet(tmp_path / "f", fleet, {
        "acme": BASE_SITE.replace("hello", f'"{tricky}"')})
    result = cli("render", str(root))
    assert result.code == 0, result.err
    service = root / "rendered/acme/prod/services/web.yaml"
    files = run_generator(service, tmp_path, {})
    values = dotenv_values(stream=io.StringIO(files["/srv/app.env"]))
    assert values["GREETING"] == tricky.replace("\\\\", "\\")
    assert values["PORT"] == "6379"


def test_generator_image_from_site_registry(tree):
    for site, host in (("aww/production", "nexus.aww.internal:5000"),
                       ("main/production", "docker.example.com")):
        deployment = in_file(tree / site / "services/xgen-documents.yaml",
                             "Deployment")
        pod = deployment["spec"]["template"]["spec"]
        init = pod["initContainers"][0]
        assert init["image"] == f"{host}/tools/python:3.12-slim"
        assert pod["imagePullSecrets"]
        assert "command" not in pod["containers"][0]
        assert "args" not in pod["containers"][0]


def test_no_secret_value_in_manifests(tree):
    text = "\n".join(p.read_text() for p in tree.rglob("*.yaml"))
    assert "secretKeyRef" in text
    for hostile in ("S0me!pass", "minio123", "minioadmin"):
        assert hostile not in text


def test_generator_reports_missing_secret(tree, tmp_path):
    service = tree / "aww/production/services/xgen-documents.yaml"
    files_map = in_file(service, "ConfigMap")
    for key, text in files_map["data"].items():
        (tmp_path / key).write_text(text)
    (tmp_path / "out").mkdir()
    done = subprocess.run(
        [sys.executable, str(tmp_path / "configgen.py"),
         str(tmp_path / "spec.json"), str(tmp_path / "out")],
        env={"PATH": os.environ["PATH"],
             "SITECTL_SECRET_0": "hunter2-secret"},
        capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "SITECTL_SECRET_1 is not set" in done.stderr
    assert "MINIO_SECRET_KEY" in done.stderr
    assert "hunter2-secret" not in done.stderr + done.stdout


def test_checksum_follows_non_secret_values(tmp_path, cli):
    import shutil

    copy = tmp_path / "xgen"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns("rendered"))
    assert cli("render", str(copy), "-o", str(tmp_path / "a")).code == 0
    assert cli("render", str(copy), "-o", str(tmp_path / "b")).code == 0
    site = copy / "sites/aww.yaml"
    site.write_text(site.read_text().replace("bucket: aww-xgen-documents",
                                             "bucket: aww-docs-v2"))
    assert cli("render", str(copy), "-o", str(tmp_path / "c")).code == 0
    relative = "aww/production/services/xgen-documents.yaml"

    def checksum(folder: str) -> str:
        obj = in_file(tmp_path / folder / relative, "Deployment")
        return obj["spec"]["template"]["metadata"]["annotations"][
            "sitectl.io/config-checksum"]

    assert checksum("a") == checksum("b")
    assert checksum("a") != checksum("c")
    assert (tmp_path / "a" / relative).read_bytes() == \
        (tmp_path / "b" / relative).read_bytes()



@pytest.mark.parametrize(
    ("command", "rule"),
    [
        ('["sh", "-c", "sed -i s/a/b/ /app/.env && exec app"]',
         "config.command-writes-file"),
        ('["sh", "-c", "echo KEY=1 > /app/.env; exec app"]',
         "config.command-writes-file"),
        ('["sh", "-c", "envsubst < t > /app/c.yaml"]',
         "config.command-writes-file"),
        ('["app", "--user", "minio", "--password", "minio123"]',
         "secret.literal"),
        ('["app", "--endpoint", "http://minio:9000"]', "secret.literal"),
    ],
)
def test_command_writing_config_rejected(tmp_path, cli, command, rule):
    fleet = BASE_FLEET.replace("    health: /healthz\n",
                               f"    health: /healthz\n    args: {command}\n")
    root = write_fleet(tmp_path / "f", fleet)
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    line = pos(fleet, "args:").split(":")[0]
    assert f"fleet.yaml:{line}:" in result.err
    assert f"[{rule}]" in result.err
    assert "minio123" not in result.err
    assert not (root / "rendered").exists()


def test_plain_command_is_kept(tmp_path, cli):
    fleet = BASE_FLEET.replace(
        "    health: /healthz\n",
        '    health: /healthz\n    command: ["/app/server"]\n'
        '    args: ["--port", "8000", "2>&1"]\n')
    root = write_fleet(tmp_path / "f", fleet)
    assert cli("render", str(root)).code == 0
    deployment = in_file(root / "rendered/acme/prod/services/api.yaml",
                         "Deployment")
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert container["command"] == ["/app/server"]
    assert container["args"] == ["--port", "8000", "2>&1"]


@pytest.mark.parametrize(
    ("entry", "rule"),
    [
        ("MINIO_ENDPOINT: {value: minio.example.test:9000}",
         "catalog.literal-endpoint"),
        ("REDIS_URL: {value: 'redis://10.0.0.5:6379/0'}",
         "catalog.literal-endpoint"),
        ("DB_HOST: {value: postgresql.db.svc.cluster.local}",
         "catalog.literal-endpoint"),
        ("MINIO_SECRET_KEY: {value: Zx81aQ}", "secret.literal"),
        ("MINIO_USER: {value: minioadmin}", "secret.literal"),
    ],
)
def test_literal_in_catalog_rejected(tmp_path, cli, entry, rule):
    fleet = GENERATOR + BASE_FLEET.replace("  web:\n    port: 3000\n", f"""\
  web:
    port: 3000
    files:
      - path: /app/.env
        format: dotenv
        content:
          {entry}
""")
    root = write_fleet(tmp_path / "f", fleet)
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    written = entry.split("value: ")[1].rstrip("}")
    value = written.strip("'")
    assert f"fleet.yaml:{pos(fleet, written)}: error:" in result.err
    assert f"[{rule}]" in result.err
    if rule == "secret.literal":
        assert value not in result.err


def test_files_need_generator_image(tmp_path, cli):
    fleet = BASE_FLEET.replace("  web:\n    port: 3000\n", """\
  web:
    port: 3000
    files:
      - path: /app/.env
        format: dotenv
        content:
          GREETING: {var: GREETING}
""")
    root = write_fleet(tmp_path / "f", fleet)
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert "[config.generator-missing]" in result.err


def test_secret_url_in_env_rejected(tmp_path, cli):
    fleet = BASE_FLEET.replace(
        "      REDIS_HOST: {from: infra.redis.host}\n",
        "      REDIS_URL: {url: 'redis://:{secret:shop-app/REDIS_PASSWORD}"
        "@{infra.redis.host}:6379'}\n")
    root = write_fleet(tmp_path / "f", fleet)
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert "[secret.in-env-url]" in result.err


def test_url_without_secret_in_env(tmp_path, cli):
    fleet = BASE_FLEET.replace(
        "      REDIS_HOST: {from: infra.redis.host}\n",
        "      REDIS_URL: {url: 'redis://{infra.redis.user?}@"
        "{infra.redis.host}:{infra.redis.port}/0'}\n")
    root = write_fleet(tmp_path / "f", fleet)
    assert cli("render", str(root)).code == 0
    deployment = in_file(root / "rendered/acme/prod/services/api.yaml",
                         "Deployment")
    env = {e["name"]: e.get("value") for e in
           deployment["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["REDIS_URL"] == \
        "redis://@redis.shop-system.svc.cluster.local:6379/0"


def test_json_file_round_trip(tmp_path, cli):
    fleet = GENERATOR + BASE_FLEET.replace("  web:\n    port: 3000\n", """\
  web:
    port: 3000
    files:
      - path: /srv/config.json
        format: json
        section: {from: site}
        content:
          cache.url:
            url: "redis://:{secret:shop-app/REDIS_PASSWORD}@{infra.redis.host}"
          greeting: {var: GREETING}
""")
    root = write_fleet(tmp_path / "f", fleet)
    assert cli("render", str(root)).code == 0
    service = root / "rendered/acme/prod/services/web.yaml"
    secret = 'p@ss:/"\\\n{}'
    files = run_generator(service, tmp_path,
                          {("shop-app", "REDIS_PASSWORD"): secret})
    import json

    data = json.loads(files["/srv/config.json"])
    assert list(data) == ["acme"]
    assert data["acme"]["greeting"] == "hello"
    url = urllib.parse.urlsplit(data["acme"]["cache"]["url"])
    assert url.hostname == "redis.shop-system.svc.cluster.local"
    assert urllib.parse.unquote(url.password) == secret
