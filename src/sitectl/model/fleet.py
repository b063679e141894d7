"""The model of ``fleet.yaml``: shared defaults and the service catalog."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from sitectl.model.parts import (
    DnsLabel,
    GitSource,
    Infra,
    NonEmpty,
    ObjectStore,
    Port,
    Profile,
    Registry,
    Release,
    Strict,
    ValueRef,
)

Uses = Literal["postgres", "redis", "qdrant", "objectStore"]


class ArgoCD(Strict):
    """Where Argo CD runs and how its Applications behave."""

    namespace: DnsLabel
    istio_api_version: Literal["v1", "v1beta1"] = "v1"


class IngressDefaults(Strict):
    """The Istio ingress gateway pods that site Gateways select."""

    selector: dict[str, NonEmpty] = Field(
        default_factory=lambda: {"istio": "ingressgateway"}
    )


class Service(Strict):
    """One service of the catalog.

    ``env`` becomes container environment variables, ``config`` the data
    of a ConfigMap the container reads with ``envFrom``. Both map a name
    to a reference; the catalog holds no site value itself.
    """

    port: Port
    health: Annotated[str, Field(pattern=r"^/")]
    domain: bool = False
    subdomain: DnsLabel | None = None
    uses: list[Uses] = Field(default_factory=list)
    env: dict[str, ValueRef] = Field(default_factory=dict)
    config: dict[str, ValueRef] = Field(default_factory=dict)


class Fleet(Strict):
    """Everything all sites share."""

    api_version: Literal["sitectl.io/v1alpha1"]
    kind: Literal["Fleet"]
    product: DnsLabel
    namespace: DnsLabel
    argocd: ArgoCD
    git: GitSource
    registry: Registry
    release: Release | None = None
    ingress: IngressDefaults = Field(default_factory=IngressDefaults)
    infra: Infra | None = None
    object_store: ObjectStore | None = None
    secrets: dict[DnsLabel, list[NonEmpty]] = Field(default_factory=dict)
    profiles: dict[DnsLabel, Profile] = Field(default_factory=dict)
    default_profile: DnsLabel | None = None
    services: dict[DnsLabel, Service] = Field(min_length=1)

