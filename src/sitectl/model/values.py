"""The site values a catalog reference can name, with their origins.

Layers are applied in order: fleet.yaml, then the site file, then the
environment. Each value keeps the location it was written at, so an
error can name the file that set it. An object store block whose
``kind`` differs from the one below it replaces that block instead of
merging into it, so an S3 site never inherits MinIO's ``secure: false``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sitectl.errors import Location
from sitectl.model.yamlfile import Document, KeyPath

BLOCKS = ("infra", "objectStore", "registry", "release", "git")


@dataclass(frozen=True)
class Value:
    """A site value and the place it was written.

    The location is computed only when asked for, since most values are
    never named in a finding.
    """

    value: Any
    doc: Document
    keys: KeyPath
    at_key: bool = False

    @property
    def origin(self) -> Location:
        return self.doc.location(self.keys, at_key=self.at_key)


class SiteValues:
    """Dotted site values (``infra.redis.host``) and where each was set."""

    def __init__(self, base: SiteValues | None = None) -> None:
        self.items: dict[str, Value] = dict(base.items) if base else {}

    def set(self, path: str, value: Any, doc: Document, keys: KeyPath,
            *, at_key: bool = False) -> None:
        self.items[path] = Value(value, doc, keys, at_key)

    def get(self, path: str) -> Value | None:
        return self.items.get(path)

    def layer(self, doc: Document, keys: KeyPath, data: Any) -> None:
        """Apply the blocks found in ``data`` (found at ``keys``)."""
        if not isinstance(data, dict):
            return
        for block in BLOCKS:
            if block not in data:
                continue
            block_keys = keys + (block,)
            if block == "objectStore":
                self._object_store(doc, block_keys, data[block])
            else:
                self._flatten(doc, block_keys, block, data[block])

    def _object_store(self, doc: Document, keys: KeyPath, data: Any) -> None:
        current = self.get("objectStore.kind")
        if current is None or current.value != data.get("kind"):
            for path in [p for p in self.items
                         if p.startswith("objectStore.")]:
                del self.items[path]
        self._flatten(doc, keys, "objectStore", data)

    def _flatten(self, doc: Document, keys: KeyPath, prefix: str,
                 data: Any) -> None:
        if isinstance(data, dict) and "secret" not in data:
            for key, value in data.items():
                self._flatten(doc, keys + (key,), f"{prefix}.{key}", value)
            return
        self.set(prefix, data, doc, keys)

    def add_object_store_url(self) -> None:
        endpoint = self.get("objectStore.endpoint")
        secure = self.get("objectStore.secure")
        if endpoint is None or secure is None:
            return
        scheme = "https" if secure.value else "http"
        self.set("objectStore.url", f"{scheme}://{endpoint.value}",
                 endpoint.doc, endpoint.keys)

    def block(self, prefix: str) -> dict[str, Value]:
        """Return the values under ``prefix.``, keyed by the rest."""
        start = prefix + "."
        return {p[len(start):]: v for p, v in self.items.items()
                if p.startswith(start)}
