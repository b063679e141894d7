"""Shared helpers: write small fleets into tmp_path and run the CLI."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitectl.cli import run

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "xgen"

# A small valid fleet: two services, one secret, two profiles. Tests
# that need other catalog entries write their own fleet.yaml.
BASE_FLEET = """\
apiVersion: sitectl.io/v1alpha1
kind: Fleet
product: shop
namespace: shop
argocd:
  namespace: argocd
git:
  repoURL: https://git.example.test/ops/shop-deploy.git
  targetRevision: main
  path: tree
registry:
  host: registry.example.test
  ciCredentialId: ci-shared
  pullSecret: shop-pull
release:
  tag: "1.0.0"
  arch: amd64
infra:
  redis:
    host: redis.shop-system.svc.cluster.local
    port: 6379
objectStore:
  kind: minio
  endpoint: minio.shop-system.svc.cluster.local:9000
  bucket: shop
  secure: false
secrets:
  shop-app: [REDIS_PASSWORD, STORE_SECRET_KEY]
profiles:
  onprem:
    replicas: 2
    autoscaling: {min: 2, max: 4, targetCPU: 70}
    resources:
      requests: {cpu: 250m, memory: 512Mi}
      limits: {cpu: "1", memory: 1Gi}
  cloud:
    replicas: 1
    autoscaling: {min: 1, max: 2, targetCPU: 70}
    resources:
      requests: {cpu: 100m, memory: 256Mi}
      limits: {cpu: 500m, memory: 1Gi}
services:
  web:
    port: 3000
    health: /
    domain: true
    env:
      GREETING: {var: GREETING}
  api:
    port: 8000
    health: /healthz
    env:
      REDIS_HOST: {from: infra.redis.host}
      REDIS_PORT: {from: infra.redis.port}
      REDIS_PASSWORD: {secret: shop-app/REDIS_PASSWORD}
      STORE_ENDPOINT: {from: objectStore.endpoint}
      STORE_SECURE: {from: objectStore.secure}
"""

BASE_SITE = """\
apiVersion: sitectl.io/v1alpha1
kind: Site
name: acme
profile: onprem
domain: acme.example.test
environments:
  prod:
    cluster: https://10.0.0.10:6443
    kubeContext: acme-prod
vars:
  GREETING: hello
"""


def write_fleet(root: Path, fleet: str = BASE_FLEET,
                sites: dict[str, str] | None = None) -> Path:
    """Write fleet.yaml and site files (dedented) below ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "fleet.yaml").write_text(textwrap.dedent(fleet))
    (root / "sites").mkdir(exist_ok=True)
    for name, text in (sites if sites is not None
                       else {"acme": BASE_SITE}).items():
        (root / "sites" / f"{name}.yaml").write_text(textwrap.dedent(text))
    return root


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run ``sitectl`` in-process from a folder; return code and output."""

    def invoke(*args: str, cwd: Path | None = None) -> Result:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        code = run(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def fleet_dir(tmp_path: Path) -> Path:
    return write_fleet(tmp_path / "fleet")


def pos(text: str, needle: str, nth: int = 1) -> str:
    """Return "line:column" (1-based) of the nth ``needle`` in ``text``."""
    text = textwrap.dedent(text)
    index = -1
    for _ in range(nth):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"{line}:{column}"


def documents(folder: Path) -> list[dict]:
    """Every YAML document of every file below ``folder``, in path order."""
    import yaml

    found: list[dict] = []
    for path in sorted(folder.rglob("*.yaml")):
        found.extend(d for d in yaml.safe_load_all(path.read_text()) if d)
    return found


def find(folder: Path, kind: str, name: str) -> dict:
    """Return the one rendered object of ``kind`` and ``name`` below folder."""
    matches = [d for d in documents(folder)
               if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(matches) == 1, (kind, name, len(matches))
    return matches[0]


def site_named(name: str) -> str:
    """The base site under another name, on a cluster of its own."""
    return BASE_SITE.replace("name: acme", f"name: {name}").replace(
        "https://10.0.0.10:6443", f"https://{name}.k8s.example.test:6443")
