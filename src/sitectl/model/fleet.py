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
    """The Argo CD installation: the namespace its Applications live in."""

    namespace: DnsLabel


class IngressDefaults(Strict):
    """Istio settings: the gateway pods that site Gateways select, and
    the API version of the Istio objects (v1beta1 for Istio before 1.22).
    """

    selector: dict[str, NonEmpty] = Field(
        default_factory=lambda: {"istio": "ingressgateway"}
    )
    istio_api_version: Literal["v1", "v1beta1"] = "v1"


class ConfigFile(Strict):
    """A configuration file the service reads, generated at pod start.

    ``content`` maps keys to references. In ``yaml`` and ``json`` files a
    dotted key (``database.url``) becomes nested mappings, and
    ``section`` puts the whole content under one key, such as the
    site's name for a file that contains one section per site.
    """

    path: Annotated[str, Field(pattern=r"^/.*[^/]$")]
    format: Literal["dotenv", "yaml", "json"]
    reader: Literal["python-dotenv"] | None = None
    section: ValueRef | None = None
    content: dict[NonEmpty, ValueRef] = Field(min_length=1)


class ConfigGenerator(Strict):
    """The image that writes configuration files at pod start.

    It is pulled from each site's own registry as
    ``<registry>/<image>:<tag>`` and must provide ``python3``.
    """

    image: NonEmpty
    tag: NonEmpty


class LintSettings(Strict):
    """Severity per lint rule: error, warning, info or off."""

    rules: dict[NonEmpty, Literal["error", "warning", "info", "off"]] = (
        Field(default_factory=dict))


class Service(Strict):
    """One service of the catalog.

    ``env`` becomes container environment variables, ``config`` the data
    of a ConfigMap the container reads with ``envFrom`` and ``files``
    configuration files written before the container starts. All map
    names to references; the catalog holds no site value itself.
    """

    port: Port
    health: Annotated[str, Field(pattern=r"^/")]
    domain: bool = False
    subdomain: DnsLabel | None = None
    uses: list[Uses] = Field(default_factory=list)
    env: dict[str, ValueRef] = Field(default_factory=dict)
    config: dict[str, ValueRef] = Field(default_factory=dict)
    files: list[ConfigFile] = Field(default_factory=list)
    command: list[str] | None = None
    args: list[str] | None = None


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
    config_generator: ConfigGenerator | None = None
    lint: LintSettings | None = None
    services: dict[DnsLabel, Service] = Field(min_length=1)

