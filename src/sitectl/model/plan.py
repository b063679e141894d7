"""The resolved content of a site environment, after every layer is merged.

These values are the contract between the model and the renderer: each
field is final and checked, so rendering only arranges them into
Kubernetes, Argo CD and Istio objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SecretKeyRef:
    """A value read from a key of a secret in the site's namespace."""

    name: str
    key: str


EnvValue = str | SecretKeyRef


@dataclass(frozen=True)
class Part:
    """A piece of a generated file's value: literal text or a secret key.

    ``encode`` percent-encodes the piece, for a secret inside a URL.
    """

    text: str | None = None
    secret: SecretKeyRef | None = None
    encode: bool = False


@dataclass(frozen=True)
class FilePlan:
    """A configuration file that the pod writes before the service starts.

    Each entry is a key path (nested in YAML and JSON) and the parts of
    its value.
    """

    path: str
    format: str
    reader: str | None
    section: str | None
    entries: tuple[tuple[tuple[str, ...], tuple[Part, ...]], ...]


@dataclass(frozen=True)
class Autoscale:
    min: int
    max: int
    target_cpu: int


@dataclass(frozen=True)
class ServicePlan:
    """One service of one site environment, ready to render."""

    name: str
    app_name: str
    port: int
    health: str
    image: str
    tag: str
    replicas: int | None
    autoscaling: Autoscale | None
    resources: dict[str, dict[str, str]]
    env: tuple[tuple[str, EnvValue], ...]
    config: tuple[tuple[str, str], ...]
    host: str | None
    pod_labels: dict[str, str] = field(default_factory=dict)
    pod_annotations: dict[str, str] = field(default_factory=dict)
    node_selector: dict[str, str] = field(default_factory=dict)
    tolerations: tuple[dict[str, Any], ...] = ()
    service_account_name: str | None = None
    security_context: dict[str, Any] | None = None
    files: tuple[FilePlan, ...] = ()
    command: tuple[str, ...] | None = None
    args: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Destination:
    """An Argo CD destination: an API server URL or a registered name."""

    server: str | None
    name: str | None

    def as_spec(self, namespace: str) -> dict[str, str]:
        if self.server:
            return {"server": self.server, "namespace": namespace}
        assert self.name is not None
        return {"name": self.name, "namespace": namespace}


@dataclass(frozen=True)
class ExtraManifest:
    """A manifest the site adds, with the file it came from."""

    source: str
    filename: str
    obj: dict[str, Any]


@dataclass(frozen=True)
class EnvPlan:
    """One environment of one site: what its Argo CD tree contains."""

    product: str
    site: str
    environment: str
    prefix: str
    namespace: str
    argocd_namespace: str
    destination: Destination
    kube_context: str
    repo_url: str
    revision: str
    tree_path: str
    pull_secret: str
    registry_host: str
    ci_credential: str
    domain: str | None
    gateway: str | None
    own_gateway: str | None
    gateway_selector: dict[str, str]
    tls_secret: str | None
    istio_version: str
    services: tuple[ServicePlan, ...]
    extra: tuple[ExtraManifest, ...] = ()
    generator_image: str | None = None

    @property
    def folder(self) -> str:
        """The folder of this environment inside the rendered tree."""
        return f"{self.site}/{self.environment}"

    def repo_path(self, *parts: str) -> str:
        """Return the path Argo CD reads, inside the Git repository."""
        return "/".join([self.tree_path, self.folder, *parts])
