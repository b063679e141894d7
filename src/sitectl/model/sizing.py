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
                 findings: FindingList) -> Sized | None:
    """Merge the layers; add findings and return None on a conflict."""
    replicas: tuple[int, Location] | None = None
    scale: dict[str, tuple[int, Location]] | None = None
    scale_origin: Location | None = None
    resources: dict[tuple[str, str], tuple[str, Location]] = {}

    for layer in layers:
        data = layer.data
        if data.get("replicas") is not None:
            replicas = (data["replicas"], layer.doc.location(
                layer.keys + ("replicas",), at_key=True))
        if "autoscaling" in data and data["autoscaling"] is not None:
            value = data["autoscaling"]
            origin = layer.doc.location(layer.keys + ("autoscaling",))
            if value is False:
                scale, scale_origin = None, origin
            else:
                scale = dict(scale or {})
                scale_origin = origin
                for key, number in value.items():
                    scale[key] = (number, layer.doc.location(
                        layer.keys + ("autoscaling", key)))
        for kind, values in (data.get("resources") or {}).items():
            for name, amount in (values or {}).items():
                keys = layer.keys + ("resources", kind, name)
                resources[(kind, name)] = (str(amount),
                                           layer.doc.location(keys))

    count = len(findings.items)
    auto = _autoscale(service, scale, scale_origin, replicas, anchor,
                      findings)
    if auto is None and scale is None and replicas is None:
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
                amount = resources[(kind, name)][0]
                rendered.setdefault(kind, {})[name] = amount
    fixed = None
    if auto is None and replicas is not None:
        fixed = replicas[0]
    return Sized(fixed, auto, rendered)


def _autoscale(service: str, scale: dict[str, tuple[int, Location]] | None,
               origin: Location | None,
               replicas: tuple[int, Location] | None, anchor: Location,
               findings: FindingList) -> Autoscale | None:
    if scale is None:
        return None
    missing = [k for k in ("min", "max", "targetCPU") if k not in scale]
    if missing:
        findings.add(origin or anchor, "hpa.incomplete",
                     f"{service}: autoscaling lacks {', '.join(missing)}",
                     hint="give min, max and targetCPU, or write "
                     "autoscaling: false")
        return None
    low, low_at = scale["min"]
    high, high_at = scale["max"]
    if low > high:
        findings.add(low_at, "hpa.min-gt-max",
                     f"{service}: autoscaling min {low} is above max {high}",
                     hint="make min at most max",
                     related=((high_at, "max"),))
        return None
    if replicas is not None and not low <= replicas[0] <= high:
        count, at = replicas
        findings.add(
            at, "hpa.replicas-outside-range",
            f"{service}: replicas = {count} is outside autoscaling "
            f"{low}..{high}; with autoscaling on, the HPA owns the replica "
            "count and the Deployment carries none",
            hint=f"remove replicas, make it {low}..{high}, or write "
            "autoscaling: false for a fixed count",
            related=((low_at, "autoscaling min"),))
        return None
    return Autoscale(low, high, scale["targetCPU"][0])


def _check_resources(service: str,
                     resources: dict[tuple[str, str], tuple[str, Location]],
                     findings: FindingList) -> None:
    bad: set[str] = set()
    for (kind, name), (amount, at) in resources.items():
        if name == "memory" and amount.endswith("m"):
            bad.add(name)
            findings.add(at, "resources.memory-millis",
                         f"{service}: {kind}.memory {amount} means "
                         f"{float(parse_quantity(amount)):g} bytes ('m' is "
                         "milli)",
                         hint=f"did you mean {amount[:-1]}Mi?")
        if name == "cpu" and amount.endswith(("Ki", "Mi", "Gi", "Ti")):
            bad.add(name)
            findings.add(at, "resources.cpu-binary",
                         f"{service}: {kind}.cpu {amount} uses a memory "
                         "unit",
                         hint="write CPU in cores (1, 0.5) or millicores "
                         "(500m)")
    for name in ("cpu", "memory"):
        request = resources.get(("requests", name))
        limit = resources.get(("limits", name))
        if request is None or limit is None:
            continue
        if parse_quantity(request[0]) > parse_quantity(limit[0]):
            cause = " (see the unit error above)" if name in bad else ""
            findings.add(
                request[1], "resources.request-gt-limit",
                f"{service}: requests.{name} {request[0]} exceeds "
                f"limits.{name} {limit[0]} (from {limit[1]} "
                f"{limit[1].path}){cause}",
                hint=f"raise limits.{name} or lower requests.{name}",
                related=((limit[1], f"limits.{name}"),))
