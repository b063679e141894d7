"""Validate every object that the example fleet renders against a schema.

Built-in Kubernetes kinds are checked with the strict schemas of the
``kubernetes-validate`` package, which reject unknown fields. Argo CD and
Istio objects are checked with ``jsonschema`` against the CRD JSON Schemas
in ``shared/schemas/crds`` beside the repository, laid out as
``<group>/<kind lowercased>_<version>.json``.

Each object is written with ``sitectl.render.emit.dump`` and read back with
``yaml.safe_load``, so the checks see the YAML text that lands in the tree.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml

from sitectl.render.emit import dump
from sitectl.render.run import plan_fleet
from sitectl.render.tree import objects

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_ROOT = REPO_ROOT / "examples" / "xgen"
CRD_SCHEMA_DIR = REPO_ROOT.parent / "shared" / "schemas" / "crds"

# Kubernetes release whose schemas the built-in kinds must match. The
# installed kubernetes-validate must ship this release, because it otherwise
# falls back to an older one, and builtin_errors rejects that.
KUBERNETES_VERSION = "1.33.0"
KUBERNETES_MINOR = ".".join(KUBERNETES_VERSION.split(".")[:2])

ISTIO_GROUP = "networking.istio.io"


@dataclass(frozen=True)
class RenderedObject:
    """One rendered object, parsed from the YAML text written for it."""

    path: str  # <site>/<environment>/<file below the environment folder>
    obj: dict[str, Any]

    @property
    def label(self) -> str:
        """Name the object in a test id: its file, kind and name."""
        return f"{self.path}:{self.kind}/{self.obj['metadata']['name']}"

    @property
    def api_version(self) -> str:
        return str(self.obj["apiVersion"])

    @property
    def kind(self) -> str:
        return str(self.obj["kind"])


def render_fleet(root: Path) -> list[RenderedObject]:
    """Render the fleet at ``root`` and parse each object's YAML text."""
    plans, _ = plan_fleet(root)
    rendered: list[RenderedObject] = []
    for plan in plans:
        for path, obj in objects(plan):
            loaded = yaml.safe_load(dump(obj))
            assert isinstance(loaded, dict), f"{plan.folder}/{path}"
            rendered.append(RenderedObject(f"{plan.folder}/{path}", loaded))
    return rendered


def is_builtin(api_version: str) -> bool:
    """Return whether ``api_version`` is served by Kubernetes itself.

    Built-in groups are the core group (no group part), groups without a
    dot (apps, autoscaling, batch, policy) and groups ending in ``.k8s.io``.
    NOTE: CRDs in a ``.k8s.io`` group, such as the Gateway API, count as
    built-in here. kubernetes-validate has no schema for them, so they fail
    as "schema not found" instead of passing unchecked.
    """
    group, _, _ = api_version.rpartition("/")
    return group == "" or "." not in group or group.endswith(".k8s.io")


def require_crd_schema_dir(folder: Path) -> Path:
    """Return ``folder``, or skip the test when it does not exist.

    When the ``CI`` environment variable is set (non-empty), a missing
    folder fails the test, so CI cannot pass without these checks.
    """
    if folder.is_dir():
        return folder
    reason = f"CRD schema folder {folder} not found"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; it must exist when CI is set")
    pytest.skip(reason)


def builtin_errors(obj: dict[str, Any]) -> list[str]:
    """Validate a built-in kind strictly and return its errors as text.

    Fails the test when kubernetes-validate has no schema for the kind.
    kubernetes-validate raises on the first error, so at most one is
    returned.
    """
    try:
        used = kubernetes_validate.validate(
            obj, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.SchemaNotFoundError as error:
        pytest.fail(error.message)
    except kubernetes_validate.ValidationError as error:
        return [f"{error.json_path}: {error.message}"]
    assert used == KUBERNETES_MINOR, (
        f"kubernetes-validate used Kubernetes {used} schemas, expected "
        f"{KUBERNETES_MINOR}")
    return []


def crd_schema_path(schema_dir: Path, api_version: str, kind: str) -> Path:
    group, _, version = api_version.rpartition("/")
    return schema_dir / group / f"{kind.lower()}_{version}.json"


@cache
def crd_validator(schema_path: Path) -> jsonschema.Draft202012Validator:
    # The files declare no $schema, so use Draft 2020-12, the draft that
    # kubernetes-validate uses for its own schemas.
    schema = json.loads(schema_path.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def crd_errors(schema_dir: Path, obj: dict[str, Any]) -> list[str]:
    """Validate a custom resource and return its errors as text.

    Fails the test when ``schema_dir`` has no schema for the object's
    apiVersion and kind.
    """
    schema_path = crd_schema_path(schema_dir, obj["apiVersion"], obj["kind"])
    if not schema_path.is_file():
        pytest.fail(f"no schema for {obj['apiVersion']} {obj['kind']}: "
                    f"{schema_path} not found")
    errors = crd_validator(schema_path).iter_errors(obj)
    return [f"{error.json_path}: {error.message}"
            for error in sorted(errors, key=lambda error: error.json_path)]


def metadata_errors(obj: dict[str, Any]) -> list[str]:
    """Validate the metadata of a custom resource strictly as ObjectMeta.

    The CRD schemas type ``metadata`` only as an object. Wrapping it in a
    ConfigMap, whose other fields are all optional, checks it against the
    strict ObjectMeta schema of the pinned Kubernetes release.
    """
    carrier = {"apiVersion": "v1", "kind": "ConfigMap",
               "metadata": obj["metadata"]}
    return builtin_errors(carrier)


def errors_text(errors: list[str]) -> str:
    return "\n".join(errors)


RENDERED = render_fleet(EXAMPLE_ROOT)
BUILTIN = [item for item in RENDERED if is_builtin(item.api_version)]
CUSTOM = [item for item in RENDERED if not is_builtin(item.api_version)]


def first_of_kind(kind: str) -> dict[str, Any]:
    """Return a deep copy of the first rendered object of ``kind``."""
    for item in RENDERED:
        if item.kind == kind:
            return copy.deepcopy(item.obj)
    raise AssertionError(f"the example fleet renders no {kind}")


def test_example_renders_every_checked_kind() -> None:
    # The parametrized tests only check kinds that the example renders. If
    # it stopped rendering one of these, its schema would go unchecked.
    rendered = {(item.api_version, item.kind) for item in RENDERED}
    expected = {
        ("apps/v1", "Deployment"),
        ("v1", "Service"),
        ("v1", "ConfigMap"),
        ("autoscaling/v2", "HorizontalPodAutoscaler"),
        ("networking.k8s.io/v1", "NetworkPolicy"),
        ("argoproj.io/v1alpha1", "Application"),
        ("argoproj.io/v1alpha1", "AppProject"),
        (f"{ISTIO_GROUP}/v1", "Gateway"),
        (f"{ISTIO_GROUP}/v1", "VirtualService"),
    }
    assert expected <= rendered, sorted(expected - rendered)


@pytest.mark.parametrize(
    "item", [pytest.param(item, id=item.label) for item in BUILTIN])
def test_builtin_object_valid(item: RenderedObject) -> None:
    errors = builtin_errors(item.obj)
    assert not errors, errors_text(errors)


@pytest.mark.parametrize(
    "item", [pytest.param(item, id=item.label) for item in CUSTOM])
def test_custom_resource_valid(item: RenderedObject) -> None:
    schema_dir = require_crd_schema_dir(CRD_SCHEMA_DIR)
    errors = crd_errors(schema_dir, item.obj)
    assert not errors, errors_text(errors)
    errors = metadata_errors(item.obj)
    assert not errors, errors_text(errors)


def test_istio_v1beta1_objects_valid(tmp_path: Path) -> None:
    schema_dir = require_crd_schema_dir(CRD_SCHEMA_DIR)
    fleet_root = tmp_path / "xgen"
    shutil.copytree(EXAMPLE_ROOT, fleet_root,
                    ignore=shutil.ignore_patterns("rendered"))
    fleet_file = fleet_root / "fleet.yaml"
    fleet = yaml.safe_load(fleet_file.read_text())
    fleet["ingress"] = {"istioApiVersion": "v1beta1"}
    fleet_file.write_text(yaml.safe_dump(fleet, sort_keys=False))

    istio = [item for item in render_fleet(fleet_root)
             if item.api_version.startswith(f"{ISTIO_GROUP}/")]
    assert {item.kind for item in istio} == {"Gateway", "VirtualService"}

    failures: list[str] = []
    for item in istio:
        assert item.api_version == f"{ISTIO_GROUP}/v1beta1", item.path
        failures.extend(f"{item.path}: {error}"
                        for error in crd_errors(schema_dir, item.obj))
    assert not failures, errors_text(failures)


def test_deployment_unknown_field_rejected() -> None:
    deployment = first_of_kind("Deployment")
    assert builtin_errors(deployment) == []

    deployment["spec"]["replica"] = 2
    mutated = yaml.safe_load(dump(deployment))
    # The loose schemas accept unknown fields, so only strict mode catches
    # the misspelt field.
    kubernetes_validate.validate(mutated, KUBERNETES_VERSION, strict=False)
    errors = builtin_errors(mutated)
    assert len(errors) == 1
    assert errors[0].startswith("$.spec: ")
    assert "'replica' was unexpected" in errors[0]


def test_application_without_destination_rejected() -> None:
    schema_dir = require_crd_schema_dir(CRD_SCHEMA_DIR)
    application = first_of_kind("Application")
    assert crd_errors(schema_dir, application) == []

    del application["spec"]["destination"]
    mutated = yaml.safe_load(dump(application))
    errors = crd_errors(schema_dir, mutated)
    assert errors == ["$.spec: 'destination' is a required property"]


def test_virtual_service_unknown_field_rejected() -> None:
    schema_dir = require_crd_schema_dir(CRD_SCHEMA_DIR)
    virtual_service = first_of_kind("VirtualService")
    virtual_service["spec"]["host"] = virtual_service["spec"]["hosts"][0]
    mutated = yaml.safe_load(dump(virtual_service))
    errors = crd_errors(schema_dir, mutated)
    assert len(errors) == 1
    assert errors[0].startswith("$.spec: ")
    assert "'host' was unexpected" in errors[0]


def test_custom_resource_metadata_unknown_field_rejected() -> None:
    application = first_of_kind("Application")
    application["metadata"]["label"] = {"team": "platform"}
    mutated = yaml.safe_load(dump(application))
    errors = metadata_errors(mutated)
    assert len(errors) == 1
    assert errors[0].startswith("$.metadata: ")
    assert "'label' was unexpected" in errors[0]


def test_custom_resource_without_schema_fails() -> None:
    schema_dir = require_crd_schema_dir(CRD_SCHEMA_DIR)
    widget = {"apiVersion": "example.com/v1", "kind": "Widget",
              "metadata": {"name": "sample"}}
    with pytest.raises(pytest.fail.Exception, match="widget_v1.json"):
        crd_errors(schema_dir, widget)


def test_builtin_kind_without_schema_fails() -> None:
    widget = {"apiVersion": "apps/v1", "kind": "Widget",
              "metadata": {"name": "sample"}}
    with pytest.raises(pytest.fail.Exception, match="Widget"):
        builtin_errors(widget)


def test_missing_schema_folder_skips_outside_ci(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    missing = tmp_path / "crds"
    with pytest.raises(pytest.skip.Exception, match=re.escape(str(missing))):
        require_crd_schema_dir(missing)


def test_missing_schema_folder_fails_in_ci(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    missing = tmp_path / "crds"
    with pytest.raises(pytest.fail.Exception, match=re.escape(str(missing))):
        require_crd_schema_dir(missing)
