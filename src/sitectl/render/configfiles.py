"""Generated configuration files: the ConfigMap and the init container.

The ConfigMap ``<service>-files`` carries ``spec.json`` (keys, literal
values and the names of the environment variables that hold secrets)
and ``configgen.py``, the script that writes the files. An init
container runs that script with the secrets in its environment and
writes into an in-memory ``emptyDir``. The service container mounts
each file at its path with ``subPath``, so nothing in the image is
edited.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from sitectl.model.plan import EnvPlan, Part, SecretKeyRef, ServicePlan

SPEC_KEY = "spec.json"
SCRIPT_KEY = "configgen.py"
SPEC_DIR = "/etc/sitectl"
OUT_DIR = "/run/sitectl"
SPEC_VOLUME = "sitectl-spec"
OUT_VOLUME = "sitectl-files"


def _script() -> str:
    return resources.files("sitectl.render").joinpath(
        "configgen.py").read_text(encoding="utf-8")


def secret_names(service: ServicePlan) -> dict[SecretKeyRef, str]:
    """Name an environment variable for each secret key the files use."""
    names: dict[SecretKeyRef, str] = {}
    for file in service.files:
        for _, parts in file.entries:
            for part in parts:
                if part.secret and part.secret not in names:
                    names[part.secret] = f"SITECTL_SECRET_{len(names)}"
    return names


def spec(service: ServicePlan) -> dict[str, Any]:
    names = secret_names(service)
    files = []
    for index, file in enumerate(service.files):
        files.append({
            "name": f"file-{index}",
            "path": file.path,
            "format": file.format,
            "reader": file.reader,
            "section": file.section,
            "entries": [[list(keys), [_part(p, names) for p in parts]]
                        for keys, parts in file.entries],
        })
    return {"files": files}


def _part(part: Part, names: dict[SecretKeyRef, str]) -> dict[str, str]:
    if part.secret is None:
        return {"text": part.text or ""}
    encoded = {"env": names[part.secret]}
    if part.encode:
        encoded["encode"] = "url"
    return encoded


def config_map(plan: EnvPlan, service: ServicePlan,
               metadata: dict[str, Any]) -> dict[str, Any] | None:
    if not service.files:
        return None
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": metadata,
        "data": {SCRIPT_KEY: _script(), SPEC_KEY: spec_text(service)},
    }


def spec_text(service: ServicePlan) -> str:
    """Write the spec as JSON with one line per entry, for review."""
    lines = ['{"files": [']
    files = spec(service)["files"]
    for index, file in enumerate(files):
        head = {k: v for k, v in file.items() if k != "entries"}
        opening = json.dumps(head, ensure_ascii=False)[:-1]
        lines.append(f' {opening}, "entries": [')
        entries = file["entries"]
        for number, entry in enumerate(entries):
            comma = "," if number < len(entries) - 1 else ""
            lines.append("  " + json.dumps(entry, ensure_ascii=False)
                         + comma)
        lines.append(" ]}" + ("," if index < len(files) - 1 else ""))
    lines.append("]}")
    return "\n".join(lines) + "\n"


def init_container(plan: EnvPlan, service: ServicePlan) -> dict[str, Any]:
    assert plan.generator_image is not None
    env = [{"name": name, "valueFrom": {"secretKeyRef": {
        "name": ref.name, "key": ref.key}}}
        for ref, name in secret_names(service).items()]
    container: dict[str, Any] = {
        "name": "write-config",
        "image": plan.generator_image,
        "imagePullPolicy": "IfNotPresent",
        "command": ["python3", f"{SPEC_DIR}/{SCRIPT_KEY}",
                    f"{SPEC_DIR}/{SPEC_KEY}", OUT_DIR],
    }
    if env:
        container["env"] = env
    container["resources"] = {
        "requests": {"cpu": "10m", "memory": "32Mi"},
        "limits": {"cpu": "200m", "memory": "64Mi"},
    }
    container["volumeMounts"] = [
        {"name": SPEC_VOLUME, "mountPath": SPEC_DIR, "readOnly": True},
        {"name": OUT_VOLUME, "mountPath": OUT_DIR},
    ]
    return container


def mounts(service: ServicePlan) -> list[dict[str, Any]]:
    return [{"name": OUT_VOLUME, "mountPath": file.path,
             "subPath": f"file-{index}", "readOnly": True}
            for index, file in enumerate(service.files)]


def volumes(config_name: str) -> list[dict[str, Any]]:
    return [
        {"name": SPEC_VOLUME, "configMap": {"name": config_name}},
        {"name": OUT_VOLUME, "emptyDir": {"medium": "Memory",
                                          "sizeLimit": "1Mi"}},
    ]

