"""The bundled example fleet renders what the design promises."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLE, documents, find


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sitectl.cli import run

    out = tmp_path_factory.mktemp("example") / "rendered"
    assert run(["render", str(EXAMPLE), "-o", str(out)]) == 0
    return out


def objects(folder: Path) -> list[dict]:
    return documents(folder)


def containers(env_folder: Path, service: str) -> list[dict]:
    deployment = find(env_folder, "Deployment", service)
    return deployment["spec"]["template"]["spec"]["containers"]


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
    deployment = find(tree / "aww/production", "Deployment",
                      "xgen-documents")
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
    base = tree / "aww/production"
    hpas = [d for d in documents(base)
            if d["kind"] == "HorizontalPodAutoscaler"]
    assert len(hpas) == 6
    for hpa in hpas:
        spec = hpa["spec"]
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
        container = containers(base, service)[0]
        assert container["resources"]["requests"] == requests
        assert container["resources"]["limits"] == limits


def test_aww_argocd_in_its_own_cluster(tree):
    root = find(tree / "aww/production", "Application", "aww-production")
    app = find(tree / "aww/production", "Application",
               "aww-production-xgen-core")
    mirror = "https://git-mirror.aww.internal/platform/xgen-deploy.git"
    assert root["spec"]["source"]["repoURL"] == mirror
    assert app["spec"]["source"]["repoURL"] == mirror
    assert app["spec"]["destination"] == {
        "server": "https://kubernetes.default.svc", "namespace": "xgen"}
    project = find(tree / "aww/production", "AppProject", "aww-production")
    assert project["spec"]["sourceRepos"] == [mirror]


def test_main_has_two_clusters_and_https(tree):
    staging = find(tree / "main/staging", "Application",
                   "main-staging-xgen-core")
    production = find(tree / "main/production", "Application",
                      "main-production-xgen-core")
    assert staging["spec"]["destination"]["server"] == \
        "https://k3s-staging.example.com:6443"
    assert production["spec"]["destination"]["server"] == \
        "https://k3s-prod.example.com:6443"
    gateway = find(tree / "main/production", "Gateway", "xgen-gateway")
    hosts = gateway["spec"]["servers"][0]["hosts"]
    assert hosts == ["api.xgen.example.com", "xgen.example.com"]
    staging_gateway = find(tree / "main/staging", "Gateway", "xgen-gateway")
    assert "xgen.staging.xgen.example.com" not in str(staging_gateway)
    assert staging_gateway["spec"]["servers"][0]["hosts"] == [
        "api.staging.xgen.example.com", "staging.xgen.example.com"]


def test_main_environment_overrides(tree):
    staging = containers(tree / "main/staging", "xgen-core")[0]
    assert staging["image"].endswith(":2.5.0-rc.1-amd64")
    hpa = find(tree / "main/staging", "HorizontalPodAutoscaler",
               "xgen-core")
    assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == (1, 2)
    production = find(tree / "main/production", "HorizontalPodAutoscaler",
                      "xgen-core")
    assert production["spec"]["minReplicas"] == 2
    assert production["spec"]["maxReplicas"] == 4


def test_hanul_uses_shared_gateway_and_skips_disabled(tree):
    kinds = [o["kind"] for o in objects(tree / "hanul")]
    assert "Gateway" not in kinds
    assert not (tree / "hanul/production/services/xgen-mcp-station.yaml"
                ).exists()
    names = [o["metadata"]["name"] for o in objects(tree / "hanul")]
    assert "xgen-mcp-station" not in names
    virtual = find(tree / "hanul/production", "VirtualService",
                   "xgen-frontend")
    assert virtual["spec"]["gateways"] == ["istio-ingress/shared-gateway"]


def test_every_env_value_is_text(tree):
    for obj in documents(tree):
        path = obj["metadata"]["name"]
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
    def checksum(folder: str) -> str:
        obj = find(tmp_path / folder / "aww/production", "Deployment",
                   "xgen-core")
        return obj["spec"]["template"]["metadata"]["annotations"][
            "sitectl.io/config-checksum"]

    assert checksum("a") != checksum("b")
