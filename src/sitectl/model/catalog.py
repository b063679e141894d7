"""Checks of fleet.yaml that hold for every site: references and names.

A catalog reference to an unknown path or an undeclared secret key is
reported once, at its place in fleet.yaml, not once per site.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel

from sitectl.errors import FindingList
from sitectl.model.fleet import Fleet
from sitectl.model.parts import (
    GitSource,
    Infra,
    ObjectStore,
    Registry,
    Release,
    split_secret_ref,
)
from sitectl.model.yamlfile import Document

# Values every site has, besides the blocks below.
SITE_VALUES = ("site", "environment", "namespace", "product", "domain")
# Computed from the object store block: the endpoint with its scheme.
COMPUTED_VALUES = ("objectStore.url",)

_ENV_NAME = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")
_SERVICE_NAME = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")


def _paths(model: type[BaseModel], prefix: str) -> list[str]:
    found: list[str] = []
    for name, field in model.model_fields.items():
        key = field.alias or name
        if key == "kind" and model is not ObjectStore:
            continue
        nested = _nested_model(field.annotation)
        if nested is not None and nested.__name__ != "SecretKey":
            found.extend(_paths(nested, f"{prefix}.{key}"))
        else:
            found.append(f"{prefix}.{key}")
    return found


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    candidates = getattr(annotation, "__args__", (annotation,))
    for arg in candidates:
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


KNOWN_PATHS: tuple[str, ...] = tuple(
    list(SITE_VALUES)
    + _paths(Infra, "infra")
    + _paths(ObjectStore, "objectStore")
    + list(COMPUTED_VALUES)
    + _paths(Registry, "registry")
    + _paths(Release, "release")
    + _paths(GitSource, "git")
)


def check_catalog(doc: Document, fleet: Fleet, findings: FindingList
                  ) -> None:
    """Check the service catalog and secret contract of fleet.yaml."""
    for name, service in fleet.services.items():
        base = ("services", name)
        if not _SERVICE_NAME.match(name):
            findings.add(doc.location(base, at_key=True), "k8s.name-invalid",
                         f"service name '{name}' is not a DNS-1035 label, "
                         "which a Kubernetes Service name must be",
                         hint="start with a letter; use lower-case "
                         "letters, digits and '-'")
        for section in ("env", "config"):
            entries = getattr(service, section)
            for var_name, ref in entries.items():
                keys = base + (section, var_name)
                _check_entry(doc, fleet, keys, var_name, ref, section,
                             findings)
    if fleet.default_profile and fleet.default_profile not in fleet.profiles:
        _unknown(doc, ("defaultProfile",), "profile",
                 fleet.default_profile, list(fleet.profiles), findings)
    qdrant = fleet.infra.qdrant if fleet.infra else None
    if qdrant and qdrant.api_key:
        check_secret(doc, ("infra", "qdrant", "apiKey", "secret"),
                     qdrant.api_key.secret, fleet.secrets, findings)


def _check_entry(doc: Document, fleet: Fleet, keys: tuple[str, ...],
                 var_name: str, ref: Any, section: str,
                 findings: FindingList) -> None:
    if section == "env" and not _ENV_NAME.match(var_name):
        findings.add(doc.location(keys, at_key=True), "k8s.env-name",
                     f"'{var_name}' is not a valid environment variable "
                     "name",
                     hint="use letters, digits, '_', '-' and '.', not "
                     "starting with a digit")
    if ref.from_ is not None and ref.from_ not in KNOWN_PATHS:
        close = difflib.get_close_matches(ref.from_, KNOWN_PATHS, n=1,
                                          cutoff=0.7)
        hint = f"did you mean '{close[0]}'?" if close else (
            "see 'sitectl schema' for the site values a reference can name")
        findings.add(doc.location(keys + ("from",)), "ref.unknown-path",
                     f"'{ref.from_}' is not a site value", hint=hint)
    if ref.secret is not None:
        if section == "config":
            findings.add(doc.location(keys + ("secret",)),
                         "secret.in-configmap",
                         f"config entry {var_name} reads a secret, but "
                         "config entries are written into a ConfigMap",
                         hint="move the entry under env, where it becomes "
                         "a secretKeyRef")
            return
        check_secret(doc, keys + ("secret",), ref.secret, fleet.secrets,
                     findings)


def check_secret(doc: Document, keys: tuple[str, ...], ref: str,
                 contract: dict[str, list[str]], findings: FindingList
                 ) -> None:
    name, key = split_secret_ref(ref)
    if name not in contract:
        close = difflib.get_close_matches(name, list(contract), n=1)
        hint = (f"did you mean '{close[0]}'? " if close else "") + (
            f"declare it under secrets: {name}: [{key}]")
        findings.add(doc.location(keys), "secret.unknown-secret",
                     f"secret '{name}' is not declared under secrets",
                     hint=hint)
        return
    declared = contract[name]
    if key not in declared:
        close = difflib.get_close_matches(key, declared, n=1, cutoff=0.5)
        if not close:
            lowered = {k.lower().replace("-", "_"): k for k in declared}
            match = lowered.get(key.lower().replace("-", "_"))
            close = [match] if match else []
        hint = f"did you mean '{close[0]}'? " if close else ""
        hint += f"or add {key} to secrets.{name}"
        findings.add(doc.location(keys), "secret.unknown-key",
                     f"secret '{name}' has no key '{key}'; declared keys "
                     f"are {', '.join(declared)}", hint=hint)


def _unknown(doc: Document, keys: tuple[str, ...], what: str, name: str,
             known: list[str], findings: FindingList) -> None:
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean '{close[0]}'?" if close else (
        f"known: {', '.join(known)}" if known else f"declare the {what}")
    findings.add(doc.location(keys), f"ref.unknown-{what}",
                 f"{what} '{name}' does not exist", hint=hint)
