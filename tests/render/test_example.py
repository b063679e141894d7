"""The bundled example fleet renders what the design promises."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sitectl.cli import run

    out = tmp_path_factory.mktemp("example") / "rendered"
    assert run(["render", str(EXAMPLE), "-o", str(out)]) == 0
    return out


def objects(folder: Path) -> list[dict]:
    return [yaml.safe_load(p.read_text())
            for p in sorted(folder.rglob("*.yaml"))]


def containers(folder: Path) -> list[dict]:
    return [c for o in objects(folder) if o["kind"] == "Deployment"
            for c in o["spec"]["template"]["spec"]["containers"]]


def test_committed_tree_is_current(cli):
    result = cli("render", str(EXAMPLE), "--check")
    assert result.code == 0, result.err


def test_aww_images_and_pull_secret(tree):
    deployments = [o for o in objects(tree / "aww")
                   if o["kind"] == "Deployment"]
    assert len(deployments) == 6
    for deployment in deployments:
        pod = deployment["spec"]["template"]["spec"]
        assert pod["imagePullSecrets"] == [{"name": "aww-pull"}]
        image = pod["containers"][0]["image"]
        assert image.startswith("nexus.aww.internal:5000/xgen/aww/")
        assert image.endswith(":2.4.1-amd64")


def test_aww_has_no_ingress(tree):
    kinds = {o["kind"] for o in objects(tree / "aww")}
    assert "Gateway" not in kinds
    assert "VirtualService" not in kinds


def test_aww_documents_use_s3(tree):
    deployment = yaml.safe_load((
        tree / "aww/production/services/xgen-documents/deployment.yaml"
    ).read_text())
    env = {e["name"]: e.get("value") for e in
           deployment["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["MINIO_ENDPOINT"] == "s3.ap-northeast-2.amazonaws.com"
    assert env["MINIO_BUCKET"] == "aww-xgen-documents"
    assert env["MINIO_REGION"] == "ap-northeast-2"
    assert env["MINIO_SECURE"] == "true"


def test_aww_has_no_in_cluster_or_minio_values(tree):
    text = "\n".join(p.read_text() for p in (tree / "aww").rglob("*.yaml"))
    for literal in ("minio.xgen-system", "svc.cluster.local", "minio123",
                    "minioadmin", "docker.example.com", "secure: false"):
        assert literal not in text
    assert "10.20.0.15" in text


def test_aww_sizing_is_small(tree):
    base = tree / "aww/production/services"
    for hpa_path in base.rglob("hpa.yaml"):
        spec = yaml.safe_load(hpa_path.read_text())["spec"]
        assert (spec["minReplicas"], spec["maxReplicas"]) == (1, 2)
    expected = {
        "xgen-frontend": ({"cpu": "100m", "memory": "256Mi"},
                          {"cpu": "500m", "memory": "1Gi"}),
        "xgen-core": ({"cpu": "200m", "memory": "512Mi"},
                      {"cpu": "1000m", "memory": "4Gi"}),
        "xgen-documents": ({"cpu": "500m", "memory": "1Gi"},
                           {"cpu": "4000m", "memory": "16Gi"}),
    }
    for service, (requests, limits) in expected.items():
        container = containers(base / service)[0]
        assert container["resources"]["requests"] == requests
        assert container["resources"]["limits"] == limits


def test_aww_argocd_in_its_own_cluster(tree):
    root = yaml.safe_load(
        (tree / "aww/production/bootstrap/root.yaml").read_text())
    app = yaml.safe_load(
        (tree / "aww/production/apps/xgen-core.yaml").read_text())
    mirror = "https://git-mirror.aww.internal/platform/xgen-deploy.git"
    assert root["spec"]["source"]["repoURL"] == mirror
    assert app["spec"]["source"]["repoURL"] == mirror
    assert app["spec"]["destination"] == {
        "server": "https://kubernetes.default.svc", "namespace": "xgen"}
    project = yaml.safe_load(
        (tree / "aww/production/bootstrap/appproject.yaml").read_text())
    assert project["spec"]["sourceRepos"] == [mirror]


def test_main_has_two_clusters_and_https(tree):
    staging = yaml.safe_load(
        (tree / "main/staging/apps/xgen-core.yaml").read_text())
    production = yaml.safe_load(
        (tree / "main/production/apps/xgen-core.yaml").read_text())
    assert staging["spec"]["destination"]["server"] == \
        "https://k3s-staging.example.com:6443"
    assert production["spec"]["destination"]["server"] == \
        "https://k3s-prod.example.com:6443"
    gateway = yaml.safe_load(
        (tree / "main/production/ingress/gateway.yaml").read_text())
    hosts = gateway["spec"]["servers"][0]["hosts"]
    assert hosts == ["api.xgen.example.com", "xgen.example.com"]
    staging_gateway = yaml.safe_load(
        (tree / "main/staging/ingress/gateway.yaml").read_text())
    assert "xgen.staging.xgen.example.com" not in str(staging_gateway)
    assert staging_gateway["spec"]["servers"][0]["hosts"] == [
        "api.staging.xgen.example.com", "staging.xgen.example.com"]


def test_main_environment_overrides(tree):
    staging = containers(tree / "main/staging/services/xgen-core")[0]
    assert staging["image"].endswith(":2.5.0-rc.1-amd64")
    hpa = yaml.safe_load(
        (tree / "main/staging/services/xgen-core/hpa.yaml").read_text())
    assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == (1, 2)
    production = yaml.safe_load(
        (tree / "main/production/services/xgen-core/hpa.yaml").read_text())
    assert production["spec"]["minReplicas"] == 2
    assert production["spec"]["maxReplicas"] == 4


def test_hanul_uses_shared_gateway_and_skips_disabled(tree):
    kinds = [o["kind"] for o in objects(tree / "hanul")]
    assert "Gateway" not in kinds
    assert not (tree / "hanul/production/services/xgen-mcp-station").exists()
    virtual = yaml.safe_load((
        tree / "hanul/production/services/xgen-frontend/virtualservice.yaml"
    ).read_text())
    assert virtual["spec"]["gateways"] == ["istio-ingress/shared-gateway"]


def test_every_env_value_is_text(tree):
    for path in tree.rglob("*.yaml"):
        obj = yaml.safe_load(path.read_text())
        if obj["kind"] == "ConfigMap":
            assert all(isinstance(v, str) for v in obj["data"].values())
        if obj["kind"] != "Deployment":
            continue
        for container in obj["spec"]["template"]["spec"]["containers"]:
            for entry in container.get("env", []):
                assert "value" in entry or "valueFrom" in entry
                if "value" in entry:
                    assert isinstance(entry["value"], str), path


def test_config_change_rolls_pods(tmp_path, cli):
    import shutil

    copy = tmp_path / "xgen"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns("rendered"))
    assert cli("render", str(copy), "-o", str(tmp_path / "a")).code == 0
    site = copy / "sites/aww.yaml"
    site.write_text(site.read_text().replace("LOG_LEVEL: info",
                                             "LOG_LEVEL: debug"))
    assert cli("render", str(copy), "-o", str(tmp_path / "b")).code == 0
    relative = "aww/production/services/xgen-core/deployment.yaml"

    def checksum(folder: str) -> str:
        obj = yaml.safe_load((tmp_path / folder / relative).read_text())
        return obj["spec"]["template"]["metadata"]["annotations"][
            "sitectl.io/config-checksum"]

    assert checksum("a") != checksum("b")
