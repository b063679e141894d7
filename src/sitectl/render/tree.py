"""Arrange the objects of a site environment into files of the GitOps tree.

Per environment, below ``<site>/<environment>/``::

    bootstrap.yaml          AppProject and root Application, applied once
    apps.yaml               the Applications the root Application syncs
    services/<service>.yaml everything one service Application deploys
    gateway.yaml            the site's own Istio Gateway, when it has one
    extra/<file>            the site's extra manifests

Each service's objects share one multi-document file, so a review shows
a service's whole change in one place, and the tree stays small: about
ten files per environment. Applications select their file inside a
folder with ``directory.include``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sitectl.model.plan import EnvPlan
from sitectl.render import argocd, istio, workloads
from sitectl.render.emit import dump

RenderedFile = tuple[str, bytes]

BOOTSTRAP = "bootstrap.yaml"
APPS = "apps.yaml"
GATEWAY = "gateway.yaml"


def objects(plan: EnvPlan) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (file below the environment folder, object) in a fixed order."""
    yield BOOTSTRAP, argocd.app_project(plan)
    yield BOOTSTRAP, argocd.application(
        plan, plan.prefix, plan.repo_path(), include=APPS, root=True)

    for service in plan.services:
        yield APPS, argocd.application(
            plan, service.app_name, plan.repo_path("services"),
            include=f"{service.name}.yaml", root=False)
    hosts = sorted({s.host for s in plan.services if s.host})
    gateway = istio.gateway(plan, hosts)
    if gateway is not None:
        yield APPS, argocd.application(
            plan, f"{plan.prefix}-ingress", plan.repo_path(),
            include=GATEWAY, root=False)
    if plan.extra:
        yield APPS, argocd.application(
            plan, f"{plan.prefix}-extra", plan.repo_path("extra"),
            include=None, root=False)

    for service in plan.services:
        path = f"services/{service.name}.yaml"
        config = workloads.config_map(plan, service)
        if config is not None:
            yield path, config
        generated = workloads.files_config_map(plan, service)
        if generated is not None:
            yield path, generated
        yield path, workloads.deployment(plan, service, config, generated)
        yield path, workloads.k8s_service(plan, service)
        hpa = workloads.autoscaler(plan, service)
        if hpa is not None:
            yield path, hpa
        virtual = istio.virtual_service(plan, service)
        if virtual is not None:
            yield path, virtual
    if gateway is not None:
        yield GATEWAY, gateway
    for manifest in plan.extra:
        yield f"extra/{manifest.filename}", manifest.obj


def files(plan: EnvPlan) -> Iterator[RenderedFile]:
    """Yield (path below the output folder, content), one file at a time.

    Objects of one file are consecutive in ``objects``; each is written
    as its own YAML document.
    """
    current: str | None = None
    parts: list[str] = []
    for path, obj in objects(plan):
        if path != current and current is not None:
            yield f"{plan.folder}/{current}", "".join(parts).encode()
            parts = []
        current = path
        parts.append("---\n" + dump(obj))
    if current is not None:
        yield f"{plan.folder}/{current}", "".join(parts).encode()
