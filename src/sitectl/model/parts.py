"""Blocks that fleet.yaml and site files share.

Every model is strict: unknown keys are rejected, strings are not turned
into numbers or booleans, and keys use the camelCase spelling of the
Kubernetes and Argo CD APIs. Fleet defaults and site overrides use the
same block models with every field optional. The merge in
``sitectl.model.values``, ``sizing`` and ``resolve`` decides what must be
set once all layers meet.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.alias_generators import to_camel

from sitectl.model.quantity import parse_quantity

API_VERSION = "sitectl.io/v1alpha1"
# Replica counts are int32 in the Kubernetes API.
INT32 = 2**31 - 1

_DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_HOST_PORT = re.compile(
    r"^(?P<host>[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?|\[[0-9a-fA-F:]+\])"
    r"(?::(?P<port>[0-9]{1,5}))?$"
)
_SECRET_REF = re.compile(r"^(?P<name>[^/\s]+)/(?P<key>[-._A-Za-z0-9]+)$")


class Strict(BaseModel):
    """Base of every file model: strict types, no unknown keys."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        alias_generator=to_camel,
        populate_by_name=False,
        validate_by_alias=True,
        serialize_by_alias=True,
    )


def dns_label(value: str) -> str:
    if len(value) > 63 or not _DNS_LABEL.match(value):
        raise ValueError(
            f"{value!r} is not a DNS-1123 label: use at most 63 lower-case "
            "letters, digits and '-', starting and ending with a letter "
            "or digit"
        )
    return value


def host_port(value: str) -> str:
    """Accept ``host`` or ``host:port``; reject schemes, paths and slashes."""
    if "://" in value or "/" in value or not _HOST_PORT.match(value):
        bare = value.split("://", 1)[-1].split("/", 1)[0].rsplit("@", 1)[-1]
        raise ValueError(
            f"{value!r} must be host or host:port, without a scheme, "
            f"path or trailing slash; write {bare!r}"
        )
    port = _HOST_PORT.match(value)
    if port and port.group("port") and not 0 < int(port.group("port")) < 65536:
        raise ValueError(f"port in {value!r} must be between 1 and 65535")
    return value


def quantity(value: str | int) -> str:
    text = str(value)
    if parse_quantity(text) < 0:
        raise ValueError(f"{text!r} is negative; resources cannot be")
    return text


DnsLabel = Annotated[str, AfterValidator(dns_label)]
HostPort = Annotated[str, AfterValidator(host_port)]
Quantity = Annotated[str | int, AfterValidator(quantity)]
Port = Annotated[int, Field(ge=1, le=65535)]
NonEmpty = Annotated[str, Field(min_length=1)]


def secret_ref(value: str) -> str:
    if not _SECRET_REF.match(value):
        raise ValueError(
            f"{value!r} is not a secret reference; write <secret>/<KEY>, "
            "for example xgen-app/POSTGRES_PASSWORD"
        )
    return value


SecretRef = Annotated[str, AfterValidator(secret_ref)]


def split_secret_ref(value: str) -> tuple[str, str]:
    name, _, key = value.partition("/")
    return name, key


class Registry(Strict):
    """Image registry: CI pushes to it and pods pull from it."""

    host: HostPort
    ci_credential_id: NonEmpty
    pull_secret: DnsLabel


class GitSource(Strict):
    """The Git repository Argo CD reads the rendered tree from."""

    repo_url: NonEmpty | None = Field(default=None, alias="repoURL")
    target_revision: NonEmpty | None = None
    path: NonEmpty | None = None


class Release(Strict):
    tag: NonEmpty | None = None
    arch: NonEmpty | None = None


class Postgres(Strict):
    host: HostPort | None = None
    port: Port | None = None
    database: NonEmpty | None = None
    user: NonEmpty | None = None
    ssl_mode: Literal[
        "disable", "allow", "prefer", "require", "verify-ca", "verify-full"
    ] | None = None


class Redis(Strict):
    host: HostPort | None = None
    port: Port | None = None
    database: Annotated[int, Field(ge=0)] | None = None
    user: NonEmpty | None = None


class SecretKey(Strict):
    """A key of a secret in the secret contract, as ``<secret>/<KEY>``."""

    secret: SecretRef


class Qdrant(Strict):
    host: HostPort | None = None
    port: Port | None = None
    api_key: SecretKey | None = None


class Infra(Strict):
    postgres: Postgres | None = None
    redis: Redis | None = None
    qdrant: Qdrant | None = None


class ObjectStore(Strict):
    """S3-compatible object store.

    ``endpoint`` is ``host[:port]`` without a scheme, as the MinIO and S3
    SDKs take it; ``secure`` chooses HTTPS.
    """

    kind: Literal["minio", "s3"]
    secure: bool | None = None
    endpoint: str | None = None
    bucket: NonEmpty | None = None
    region: NonEmpty | None = None
    path_style: bool | None = None

    @field_validator("endpoint")
    @classmethod
    def _endpoint(cls, value: str | None, info: ValidationInfo
                  ) -> str | None:
        if value is None:
            return None
        scheme, sep, rest = value.partition("://")
        if not sep:
            return host_port(value)
        bare = rest.split("/", 1)[0].rsplit("@", 1)[-1]
        secure = info.data.get("secure")
        wanted = scheme.lower() == "https"
        if secure is not None and secure != wanted:
            raise ValueError(
                f"scheme {scheme}:// contradicts secure: "
                f"{str(secure).lower()}; write endpoint: {bare} and set "
                f"secure: {str(wanted).lower()} if the server speaks "
                f"{'HTTPS' if wanted else 'plain HTTP'}"
            )
        raise ValueError(
            f"{value!r} has a scheme, which the S3 and MinIO SDKs do not "
            f"accept; write endpoint: {bare} and secure: "
            f"{str(wanted).lower()}"
        )


class Autoscaling(Strict):
    min: Annotated[int, Field(ge=1, le=INT32)] | None = None
    max: Annotated[int, Field(ge=1, le=INT32)] | None = None
    target_cpu: Annotated[int, Field(ge=1, le=100)] | None = Field(
        default=None, alias="targetCPU"
    )


class ResourceSet(Strict):
    cpu: Quantity | None = None
    memory: Quantity | None = None


class Resources(Strict):
    requests: ResourceSet | None = None
    limits: ResourceSet | None = None


def only_false(value: bool) -> bool:
    if value:
        raise ValueError(
            "autoscaling takes a mapping {min, max, targetCPU} to turn it "
            "on, or false to turn it off; true is not a setting")
    return value


# ``autoscaling: false``; a plain Literal[False] would also accept 0.
Off = Annotated[bool, AfterValidator(only_false)]


class Sizing(Strict):
    """Replica count, autoscaling and resources, as layers override them.

    ``autoscaling: false`` turns the HorizontalPodAutoscaler off.
    """

    replicas: Annotated[int, Field(ge=0, le=INT32)] | None = None
    autoscaling: Autoscaling | Off | None = None
    resources: Resources | None = None


class Profile(Sizing):
    """A named set of sizing defaults that a site picks by name."""


class ValueRef(Strict):
    """The source of an environment or config value: exactly one of these.

    ``var`` names a site variable, ``from`` a dotted path into the merged
    site values (``infra.postgres.host``), ``secret`` a key of the secret
    contract (``xgen-app/POSTGRES_PASSWORD``) and ``value`` a constant.
    ``url`` is a template such as
    ``redis://{infra.redis.user?}:{secret:xgen-app/REDIS_PASSWORD}@...``
    whose placeholders are site paths (``?`` marks one that may be
    unset) or secret keys, each inserted percent-encoded.
    """

    var: NonEmpty | None = None
    from_: NonEmpty | None = Field(default=None, alias="from")
    secret: SecretRef | None = None
    value: str | None = None
    url: NonEmpty | None = None
    allow_empty: bool = False

    @model_validator(mode="after")
    def _one_source(self) -> ValueRef:
        given = [name for name, value in (
            ("var", self.var), ("from", self.from_),
            ("secret", self.secret), ("value", self.value),
            ("url", self.url),
        ) if value is not None]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of var, from, secret, value or url "
                f"(found {', '.join(given) or 'none'})"
            )
        return self
