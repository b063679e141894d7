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
    value: Any
    origin: Location


class SiteValues:
    """Dotted site values (``infra.redis.host``) and where each was set."""

    def __init__(self) -> None:
        self.items: dict[str, Value] = {}

    def set(self, path: str, value: Any, origin: Location) -> None:
        self.items[path] = Value(value, origin)

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
        self.set(prefix, data, doc.location(keys))

    def add_object_store_url(self) -> None:
        endpoint = self.get("objectStore.endpoint")
        secure = self.get("objectStore.secure")
        if endpoint is None or secure is None:
            return
        scheme = "https" if secure.value else "http"
        self.set("objectStore.url", f"{scheme}://{endpoint.value}",
                 endpoint.origin)

    def block(self, prefix: str) -> dict[str, Value]:
        """Return the values under ``prefix.``, keyed by the rest."""
        start = prefix + "."
        return {p[len(start):]: v for p, v in self.items.items()
                if p.startswith(start)}
