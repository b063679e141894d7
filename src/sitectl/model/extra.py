"""Extra manifests a site adds from a folder of its own.

Each ``*.yaml`` file in the folder contains one Kubernetes object. It is
read with the same strict loader as the site files, so ambiguous
scalars and duplicate keys are errors here too, and it must be a
namespaced object of the site's namespace or a cluster-scoped kind.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sitectl.errors import FindingList, Location
from sitectl.model.load import display_path
from sitectl.model.plan import ExtraManifest
from sitectl.model.site import Site
from sitectl.model.yamlfile import Ambiguous, Document, KeyPath, load_document
from sitectl.model.names import label_problem

# Kinds without a namespace that a site may add; the site's AppProject
# allows exactly the kinds its extra manifests use.
CLUSTER_KINDS = frozenset({
    "Namespace", "ClusterRole", "ClusterRoleBinding", "PriorityClass",
    "StorageClass", "IngressClass", "CustomResourceDefinition",
    "PersistentVolume",
})


def extra_documents(root: Path, site: Site, findings: FindingList
                    ) -> list[Document]:
    """Load the site's extra manifests as documents, for the text rules."""
    if site.extra_manifests is None:
        return []
    folder = (root / site.extra_manifests).resolve()
    if not folder.is_dir():
        return []
    docs = []
    for path in sorted(folder.glob("*.y*ml")):
        if path.is_file():
            doc = load_document(path, display_path(path), findings)
            if doc is not None:
                docs.append(doc)
    return docs


def load_extra(root: Path, site_doc: Document, site: Site, namespace: str,
               findings: FindingList) -> tuple[ExtraManifest, ...]:
    if site.extra_manifests is None:
        return ()
    folder = (root / site.extra_manifests).resolve()
    if not folder.is_relative_to(root.resolve()):
        findings.add(site_doc.location(("extraManifests",)),
                     "extra.not-found",
                     f"{site.extra_manifests} is outside the fleet folder",
                     hint="keep extra manifests in a folder below "
                     "fleet.yaml, so they are reviewed with it")
        return ()
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        findings.add(site_doc.location(("extraManifests",)),
                     "extra.not-found",
                     f"{site.extra_manifests} {what}",
                     hint="give a folder relative to fleet.yaml")
        return ()
    manifests: list[ExtraManifest] = []
    for path in sorted(folder.glob("*.y*ml")):
        if not path.is_file():
            findings.add(Location(display_path(path)), "extra.invalid",
                         "not a regular file (a folder or a broken link)",
                         hint="extra manifests are files, one object each")
            continue
        doc = load_document(path, display_path(path), findings)
        if doc is None:
            continue
        if _check(doc, namespace, findings):
            manifests.append(ExtraManifest(doc.display, path.name, doc.data))
    if not manifests and not findings.has_errors:
        findings.add(site_doc.location(("extraManifests",)), "extra.empty",
                     f"folder {site.extra_manifests} holds no .yaml file",
                     hint="add manifests or remove extraManifests")
    return tuple(manifests)


def _check(doc: Document, namespace: str, findings: FindingList) -> bool:
    before = len(findings.items)
    data = doc.data
    if not isinstance(data, dict):
        findings.add(Location(doc.display, 1, 1), "extra.invalid",
                     "a manifest must be a mapping with apiVersion, kind "
                     "and metadata", hint="write one object per file")
        return False
    _ambiguous(doc, (), data, findings)
    for key in ("apiVersion", "kind"):
        if not isinstance(data.get(key), str) or not data[key]:
            findings.add(doc.location((key,) if key in data else ()),
                         "extra.invalid",
                         f"the manifest has no {key} text",
                         hint=f"add {key}: <text>")
    if len(findings.items) > before:
        return False
    if data["kind"] == "Secret" and data.get("apiVersion") == "v1":
        for field in ("data", "stringData"):
            if data.get(field):
                findings.add(doc.location((field,), at_key=True),
                             "extra.secret",
                             f"a Secret with {field} puts credential values "
                             "into Git", hint="declare the keys in the "
                             "secret contract and create the Secret at "
                             "bootstrap, or use an ExternalSecret")
    metadata = data.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    namespace_value = metadata.get("namespace") if isinstance(
        metadata, dict) else None
    if namespace_value is not None and not isinstance(namespace_value, str):
        findings.add(doc.location(("metadata", "namespace")),
                     "extra.invalid", "metadata.namespace is not text",
                     hint="write the namespace name")
        return False
    if not isinstance(name, str) or not name:
        findings.add(doc.location(("metadata",)), "extra.invalid",
                     "the manifest has no metadata.name",
                     hint="add metadata.name")
    elif isinstance(metadata, dict):
        own = metadata.get("namespace")
        kind = data.get("kind")
        if kind in CLUSTER_KINDS and own is not None:
            findings.add(doc.location(("metadata", "namespace")),
                         "extra.namespace",
                         f"{kind} is cluster-scoped and takes no namespace",
                         hint="remove metadata.namespace")
        elif own is not None and own != namespace:
            findings.add(doc.location(("metadata", "namespace")),
                         "extra.namespace",
                         f"namespace {own!r} is not the site's namespace "
                         f"{namespace!r}; the site's AppProject allows only "
                         "its own namespace",
                         hint="remove metadata.namespace or set it to "
                         f"{namespace}")
        if len(name) > 253 or any(label_problem(part)
                                  for part in name.split(".")):
            findings.add(doc.location(("metadata", "name")),
                         "k8s.name-invalid",
                         f"metadata.name {name!r} is not a DNS name",
                         hint="use lower-case letters, digits, '-' and '.'")
    return len(findings.items) == before


def _ambiguous(doc: Document, keys: KeyPath, data: Any,
               findings: FindingList) -> None:
    if isinstance(data, Ambiguous):
        findings.add(doc.location(keys), "yaml.implicit-type",
                     f"unquoted {data.text} is ambiguous: {data.reason}",
                     hint=f'write "{data.text}" if you mean the text')
    elif isinstance(data, dict):
        for key, value in data.items():
            _ambiguous(doc, keys + (key,), value, findings)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _ambiguous(doc, keys + (index,), value, findings)
