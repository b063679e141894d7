"""Replicas, autoscaling and resources of one service, merged and checked.

Layers, from lowest to highest: the site's profile, the site's service
override, the environment's service override. ``autoscaling: false`` at
any layer turns the HPA off. A mapping in a higher layer turns it on
again, so it must give every bound that the layers below do not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sitectl.errors import FindingList, Location
from sitectl.model.plan import Autoscale
from sitectl.model.quantity import parse_quantity
from sitectl.model.values import Value
from sitectl.model.yamlfile import Document, KeyPath


@dataclass(frozen=True)
class Layer:
    """One layer's sizing data and where it sits in its file."""

    doc: Document
    keys: KeyPath
    data: dict[str, Any]


@dataclass(frozen=True)
class Sized:
    replicas: int | None
    autoscaling: Autoscale | None
    resources: dict[str, dict[str, str]]


def merge_sizing(service: str, layers: list[Layer], anchor: Location,
                 findings: FindingList, *, report_missing: bool = True
                 ) -> Sized | None:
    """Merge the layers; add findings and return None on a conflict."""
    replicas: Value | None = None
    scale: dict[str, Value] | None = None
    scale_origin: Value | None = None
    resources: dict[tuple[str, str], Value] = {}

    for layer in layers:
        data, doc, keys = layer.data, layer.doc, layer.keys
        if data.get("replicas") is not None:
            replicas = Value(data["replicas"], doc, keys + ("replicas",),
                             at_key=True)
        if "autoscaling" in data and data["autoscaling"] is not None:
            value = data["autoscaling"]
            origin = Value(value, doc, keys + ("autoscaling",))
            if value is False:
                scale, scale_origin = None, origin
            else:
                scale = dict(scale or {})
                scale_origin = origin
                for key, number in value.items():
                    scale[key] = Value(number, doc,
                                       keys + ("autoscaling", key))
        for kind, values in (data.get("resources") or {}).items():
            for name, amount in (values or {}).items():
                resources[(kind, name)] = Value(
                    str(amount), doc, keys + ("resources", kind, name))

    count = len(findings.items)
    auto = _autoscale(service, scale, scale_origin, replicas, anchor,
                      findings)
    if auto is None and scale is None and replicas is None:
        if not report_missing:
            return None
        findings.add(anchor, "sizing.replicas-missing",
                     f"{service}: neither replicas nor autoscaling is set",
                     hint="set replicas in the profile or the service "
                     "override")
    _check_resources(service, resources, findings)
    if len(findings.items) > count:
        return None
    rendered: dict[str, dict[str, str]] = {}
    for kind in ("requests", "limits"):
        for name in ("cpu", "memory"):
            if (kind, name) in resources:
                amount = resources[(kind, name)].value
                rendered.setdefault(kind, {})[name] = amount
    fixed = None
    if auto is None and replicas is not None:
        fixed = replicas.value
    return Sized(fixed, auto, rendered)


def _autoscale(service: str, scale: dict[str, Value] | None,
               origin: Value | None, replicas: Value | None,
               anchor: Location, findings: FindingList) -> Autoscale | None:
    if scale is None:
        return None
    missing = [k for k in ("min", "max", "targetCPU") if k not in scale]
    if missing:
        findings.add(origin.origin if origin else anchor, "hpa.incomplete",
                     f"{service}: autoscaling lacks {', '.join(missing)}",
                     hint="give min, max and targetCPU, or write "
                     "autoscaling: false")
        return None
    low, high = scale["min"], scale["max"]
    if low.value > high.value:
        findings.add(low.origin, "hpa.min-gt-max",
                     f"{service}: autoscaling min {low.value} is above max "
                     f"{high.value}", hint="make min at most max",
                     related=((high.origin, "max"),))
        return None
    if replicas is not None and not low.value <= replicas.value <= high.value:
        findings.add(
            replicas.origin, "hpa.replicas-outside-range",
            f"{service}: replicas = {replicas.value} is outside autoscaling "
            f"{low.value}..{high.value}; with autoscaling on, the HPA owns "
            "the replica count and the Deployment carries none",
            hint=f"remove replicas, make it {low.value}..{high.value}, or "
            "write autoscaling: false for a fixed count",
            related=((low.origin, "autoscaling min"),))
        return None
    return Autoscale(low.value, high.value, scale["targetCPU"].value)


def _bytes(amount: str) -> str:
    try:
        return f"{float(parse_quantity(amount)):g}"
    except OverflowError:
        return "a very large number of"


def _check_resources(service: str, resources: dict[tuple[str, str], Value],
                     findings: FindingList) -> None:
    bad: set[str] = set()
    for (kind, name), entry in resources.items():
        amount = entry.value
        if name == "memory" and amount.endswith("m"):
            bad.add(name)
            findings.add(entry.origin, "resources.memory-millis",
                         f"{service}: {kind}.memory {amount} means "
                         f"{_bytes(amount)} bytes ('m' is milli)",
                         hint=f"did you mean {amount[:-1]}Mi?")
        if name == "cpu" and amount.endswith(("Ki", "Mi", "Gi", "Ti")):
            bad.add(name)
            findings.add(entry.origin, "resources.cpu-binary",
                         f"{service}: {kind}.cpu {amount} uses a memory "
                         "unit",
                         hint="write CPU in cores (1, 0.5) or millicores "
                         "(500m)")
    for name in ("cpu", "memory"):
        request = resources.get(("requests", name))
        limit = resources.get(("limits", name))
        if request is None or limit is None:
            continue
        if parse_quantity(request.value) > parse_quantity(limit.value):
            where = limit.origin
            cause = ""
            if name in bad:
                unit = (request if request.value.endswith("m")
                        and name == "memory" else limit).origin
                cause = f" (caused by the unit error at {unit})"
            findings.add(
                request.origin, "resources.request-gt-limit",
                f"{service}: requests.{name} {request.value} exceeds "
                f"limits.{name} {limit.value} (from {where} "
                f"{where.path}){cause}",
                hint=f"raise limits.{name} or lower requests.{name}",
                related=((where, f"limits.{name}"),))
