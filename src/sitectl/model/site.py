"""The model of a site file, ``sites/<name>.yaml``."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from sitectl.model.parts import (
    Autoscaling,
    DnsLabel,
    INT32,
    GitSource,
    Infra,
    NonEmpty,
    ObjectStore,
    Off,
    Registry,
    Release,
    Resources,
    Strict,
)


INT64 = 2**63 - 1


class Toleration(Strict):
    key: NonEmpty | None = None
    operator: Literal["Exists", "Equal"] | None = None
    value: str | None = None
    effect: Literal["NoSchedule", "PreferNoSchedule", "NoExecute"] | None = (
        None
    )
    toleration_seconds: int | None = None


class SeccompProfile(Strict):
    type: Literal["RuntimeDefault", "Unconfined", "Localhost"]
    localhost_profile: NonEmpty | None = None


class PodSecurityContext(Strict):
    run_as_non_root: bool | None = None
    run_as_user: Annotated[int, Field(ge=0, le=INT64)] | None = None
    run_as_group: Annotated[int, Field(ge=0, le=INT64)] | None = None
    fs_group: Annotated[int, Field(ge=0, le=INT64)] | None = None
    seccomp_profile: SeccompProfile | None = None


class SizingOverride(Strict):
    """Per-service sizing that a site or an environment overrides."""

    enabled: bool | None = None
    replicas: Annotated[int, Field(ge=0, le=INT32)] | None = None
    autoscaling: Autoscaling | Off | None = None
    resources: Resources | None = None
    tag: NonEmpty | None = None


class ServiceOverride(SizingOverride):
    """Per-service settings of a site."""

    pod_labels: dict[NonEmpty, str] = Field(default_factory=dict)
    pod_annotations: dict[NonEmpty, str] = Field(default_factory=dict)
    node_selector: dict[NonEmpty, str] = Field(default_factory=dict)
    tolerations: list[Toleration] = Field(default_factory=list)
    service_account_name: DnsLabel | None = None
    security_context: PodSecurityContext | None = None


class Environment(Strict):
    """One Argo CD destination of a site and what differs there.

    ``cluster`` is an API server URL (``https://...``) or the name of a
    cluster registered in Argo CD (``in-cluster``).
    """

    cluster: NonEmpty
    kube_context: NonEmpty
    namespace: DnsLabel | None = None
    domain: str | None = None
    release: Release | None = None
    services: dict[str, SizingOverride] = Field(default_factory=dict)


class Ingress(Strict):
    """The Istio ingress of the site's services.

    ``gateway`` names a shared Gateway as ``<namespace>/<name>``; without
    it sitectl renders a Gateway of the site's own. ``tlsSecret`` is the
    certificate secret of that Gateway; with it the Gateway serves HTTPS
    and redirects HTTP.
    """

    gateway: NonEmpty | None = None
    tls_secret: DnsLabel | None = None


class Site(Strict):
    """One customer installation."""

    api_version: Literal["sitectl.io/v1alpha1"]
    kind: Literal["Site"]
    name: str
    short_name: str | None = None
    description: str | None = None
    profile: DnsLabel | None = None
    cost_sensitive: bool = False
    domain: str | None = None
    ingress: Ingress | None = None
    git: GitSource | None = None
    registry: Registry | None = None
    release: Release | None = None
    infra: Infra | None = None
    object_store: ObjectStore | None = None
    vars: dict[NonEmpty, str] = Field(default_factory=dict)
    environments: dict[str, Environment] = Field(min_length=1)
    services: dict[str, ServiceOverride] = Field(default_factory=dict)
    extra_manifests: NonEmpty | None = None
