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
from sitectl.model.fleet import Fleet, Service
from sitectl.model.parts import (
    GitSource,
    Infra,
    ObjectStore,
    Registry,
    Release,
    secret_ref,
    split_secret_ref,
)
from sitectl.model.urltemplate import parse_url
from sitectl.model.yamlfile import Document, KeyPath

# Values every site has, besides the blocks below.
SITE_VALUES = ("site", "environment", "namespace", "product", "domain")
# Computed from the object store block: the endpoint with its scheme.
COMPUTED_VALUES = ("objectStore.url",)

_ENV_NAME = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")
_CONFIG_KEY = re.compile(r"^[-._a-zA-Z0-9]{1,253}$")
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
        check_files(doc, fleet, name, service, findings)
        check_command(doc, name, service, findings)
    if fleet.default_profile and fleet.default_profile not in fleet.profiles:
        _unknown(doc, ("defaultProfile",), "profile",
                 fleet.default_profile, list(fleet.profiles), findings)
    qdrant = fleet.infra.qdrant if fleet.infra else None
    if qdrant and qdrant.api_key:
        check_secret(doc, ("infra", "qdrant", "apiKey", "secret"),
                     qdrant.api_key.secret, fleet.secrets, findings)
    for name, declared in fleet.secrets.items():
        seen: set[str] = set()
        for index, key in enumerate(declared):
            where = doc.location(("secrets", name, index))
            if not _CONFIG_KEY.match(key):
                findings.add(where, "secret.unknown-key",
                             f"{key!r} is not a valid secret key",
                             hint="use letters, digits, '-', '_' and '.'")
            elif key in seen:
                findings.add(where, "secret.unknown-key",
                             f"key {key} is listed twice in secret {name}",
                             hint="remove one copy")
            seen.add(key)


def _check_entry(doc: Document, fleet: Fleet, keys: KeyPath,
                 var_name: str, ref: Any, section: str,
                 findings: FindingList) -> None:
    if section == "config" and not _CONFIG_KEY.match(var_name):
        findings.add(doc.location(keys, at_key=True), "k8s.env-name",
                     f"{var_name!r} is not a valid ConfigMap key",
                     hint="use letters, digits, '-', '_' and '.'")
    if section == "env" and not _ENV_NAME.match(var_name):
        findings.add(doc.location(keys, at_key=True), "k8s.env-name",
                     f"'{var_name}' is not a valid environment variable "
                     "name",
                     hint="use letters, digits, '_', '-' and '.', not "
                     "starting with a digit")
    if ref.from_ is not None:
        check_path(doc, keys + ("from",), ref.from_, findings)
    if ref.url is not None:
        check_url(doc, fleet, keys + ("url",), ref.url, section, findings)
    if ref.value is not None:
        check_literal(doc, keys + ("value",), var_name, ref.value, findings)
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


def check_secret(doc: Document, keys: KeyPath, ref: str,
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


def _unknown(doc: Document, keys: KeyPath, what: str, name: str,
             known: list[str], findings: FindingList) -> None:
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean '{close[0]}'?" if close else (
        f"known: {', '.join(known)}" if known else f"declare the {what}")
    findings.add(doc.location(keys), f"ref.unknown-{what}",
                 f"{what} '{name}' does not exist", hint=hint)


def check_path(doc: Document, keys: KeyPath, path: str,
               findings: FindingList) -> bool:
    if path in KNOWN_PATHS:
        return True
    close = difflib.get_close_matches(path, KNOWN_PATHS, n=1, cutoff=0.7)
    hint = f"did you mean '{close[0]}'?" if close else (
        "see docs/file-format.md for the site values a reference can name")
    findings.add(doc.location(keys), "ref.unknown-path",
                 f"'{path}' is not a site value", hint=hint)
    return False


def check_url(doc: Document, fleet: Fleet, keys: KeyPath,
              template: str, section: str, findings: FindingList) -> None:
    try:
        slots = parse_url(template)
    except ValueError as exc:
        findings.add(doc.location(keys), "ref.url-invalid", str(exc),
                     hint="write placeholders as {infra.redis.host} or "
                     "{secret:<secret>/<KEY>}")
        return
    for slot in slots:
        if slot.path is not None:
            check_path(doc, keys, slot.path, findings)
        if slot.secret is None:
            continue
        if section != "files":
            findings.add(
                doc.location(keys), "secret.in-env-url",
                f"the URL template puts secret {slot.secret} into an "
                f"{section} value, where Kubernetes cannot percent-encode it",
                hint="build the URL in a generated file (files:), or pass "
                "the password as its own variable")
            continue
        if secret_ref_ok(slot.secret):
            check_secret(doc, keys, slot.secret, fleet.secrets, findings)
        else:
            findings.add(doc.location(keys), "ref.url-invalid",
                         f"{{secret:{slot.secret}}} is not <secret>/<KEY>",
                         hint="write {secret:xgen-app/REDIS_PASSWORD}")


def secret_ref_ok(text: str) -> bool:
    try:
        secret_ref(text)
    except ValueError:
        return False
    return True


# Names of keys and variables that hold credentials.
CREDENTIAL_NAME = re.compile(
    r"(PASSWORD|PASSWD|PWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY"
    r"|CREDENTIAL)", re.IGNORECASE)
_DEFAULT_CREDENTIALS = {"minio123", "minioadmin", "changeme", "admin",
                        "password", "secret", "guest", "root", "postgres"}
_ENDPOINT = re.compile(
    r"(://|\.svc\.cluster\.local|\b\d{1,3}(\.\d{1,3}){3}\b"
    r"|^[a-z0-9-]+(\.[a-z0-9-]+)+:\d{2,5}$)", re.IGNORECASE)


def check_literal(doc: Document, keys: KeyPath, name: str,
                  value: str, findings: FindingList) -> None:
    """Reject an endpoint or a credential written into the catalog."""
    if CREDENTIAL_NAME.search(name) or value.lower() in _DEFAULT_CREDENTIALS:
        findings.add(doc.location(keys), "secret.literal",
                     f"{name} holds a literal value that looks like a "
                     "credential; credentials do not belong in fleet.yaml",
                     hint="declare the key in secrets and write "
                     "{secret: <secret>/<KEY>}")
        return
    if _ENDPOINT.search(value):
        findings.add(doc.location(keys), "catalog.literal-endpoint",
                     f"{name} holds the endpoint {value!r} literally, so "
                     "every site would get it",
                     hint="refer to the site value instead, for example "
                     "{from: infra.redis.host} or {url: ...}")


# Shell forms that write into a file: in-place edits, redirections,
# here-documents and tools that copy their input into a file.
_WRITES_FILE = re.compile(
    r"(\bsed\s+(-[a-zA-Z]*i|--in-place)|(^|[^0-9<&])>>?\s*[^\s&|]"
    r"|\btee\b|\benvsubst\b|<<|\bdd\b.*\bof=)")


def check_command(doc: Document, name: str, service: Service,
                  findings: FindingList) -> None:
    for field in ("command", "args"):
        for index, item in enumerate(getattr(service, field) or []):
            keys = ("services", name, field, index)
            if _WRITES_FILE.search(item):
                findings.add(
                    doc.location(keys), "config.command-writes-file",
                    f"{field}[{index}] of {name} writes into a file at "
                    "start; its content would not be checked or quoted",
                    hint="declare the file under files: so sitectl "
                    "generates it from references")
            elif any(word.lower() in _DEFAULT_CREDENTIALS
                     for word in item.split()) or _ENDPOINT.search(item):
                findings.add(
                    doc.location(keys), "secret.literal",
                    f"{field}[{index}] of {name} holds an endpoint or a "
                    "credential literally",
                    hint="pass it through env with a reference and write "
                    "$(NAME) in the command")


_DOTENV_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def check_files(doc: Document, fleet: Fleet, name: str, service: Service,
                findings: FindingList) -> None:
    paths: set[str] = set()
    for index, spec in enumerate(service.files):
        base = ("services", name, "files", index)
        if fleet.config_generator is None:
            findings.add(doc.location(base), "config.generator-missing",
                         f"{name} declares a generated file but fleet.yaml "
                         "names no configGenerator image",
                         hint="add configGenerator: {image: <path>, tag: "
                         "<tag>}, an image with python3 in every site's "
                         "registry")
        if spec.path in paths:
            findings.add(doc.location(base + ("path",)),
                         "config.duplicate-path",
                         f"{name} declares {spec.path} twice",
                         hint="merge the two entries")
        paths.add(spec.path)
        _check_file_shape(doc, base, spec, findings)
        for key, ref in spec.content.items():
            _check_entry(doc, fleet, base + ("content", key), key, ref,
                         "files", findings)
        if spec.section is not None:
            _check_entry(doc, fleet, base + ("section",), "section",
                         spec.section, "config", findings)


def _check_file_shape(doc: Document, base: KeyPath, spec: Any,
                      findings: FindingList) -> None:
    if spec.format == "dotenv":
        if spec.section is not None:
            findings.add(doc.location(base + ("section",)),
                         "config.file-shape",
                         "a dotenv file has no sections",
                         hint="remove section, or use format: yaml")
        for key in spec.content:
            if not _DOTENV_KEY.match(key):
                findings.add(doc.location(base + ("content", key),
                                          at_key=True),
                             "config.file-shape",
                             f"{key!r} is not a dotenv variable name",
                             hint="use letters, digits and '_'")
        return
    if spec.reader is not None:
        findings.add(doc.location(base + ("reader",)), "config.file-shape",
                     f"reader applies to dotenv files, not {spec.format}",
                     hint="remove reader")
    for key in spec.content:
        if "" in key.split("."):
            findings.add(doc.location(base + ("content", key), at_key=True),
                         "config.file-shape",
                         f"{key!r} has an empty part between dots",
                         hint="write parts joined by single dots, such as "
                         "database.url")
    keys = sorted(spec.content)
    for first, second in zip(keys, keys[1:], strict=False):
        if second.startswith(first + "."):
            findings.add(doc.location(base + ("content", second),
                                      at_key=True),
                         "config.file-shape",
                         f"{second} nests below {first}, which already "
                         "holds a value",
                         hint="rename one of the keys")
