"""Arrange the objects of a site environment into files of the GitOps tree.

Per environment, below ``<site>/<environment>/``::

    bootstrap/appproject.yaml     AppProject of the site environment
    bootstrap/root.yaml           root Application (path: apps/)
    apps/<service>.yaml           one Application per service
    apps/ingress.yaml             Application of the site's own Gateway
    apps/extra.yaml               Application of the site's extra manifests
    services/<service>/*.yaml     what each service Application deploys
    ingress/gateway.yaml          the Gateway, when the site renders one
    extra/<file>.yaml             the site's extra manifests
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sitectl.model.plan import EnvPlan
from sitectl.render import argocd, istio, workloads
from sitectl.render.emit import dump

RenderedFile = tuple[str, bytes]


def objects(plan: EnvPlan) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (path below the environment folder, object) in a fixed order."""
    yield "bootstrap/appproject.yaml", argocd.app_project(plan)
    yield "bootstrap/root.yaml", argocd.application(
        plan, plan.prefix, plan.repo_path("apps"), root=True)

    for service in plan.services:
        yield f"apps/{service.name}.yaml", argocd.application(
            plan, service.app_name,
            plan.repo_path("services", service.name), root=False)
    hosts = sorted({s.host for s in plan.services if s.host})
    gateway = istio.gateway(plan, hosts)
    if gateway is not None:
        yield "apps/ingress.yaml", argocd.application(
            plan, f"{plan.prefix}-ingress", plan.repo_path("ingress"),
            root=False)
    if plan.extra:
        yield "apps/extra.yaml", argocd.application(
            plan, f"{plan.prefix}-extra", plan.repo_path("extra"),
            root=False)

    for service in plan.services:
        folder = f"services/{service.name}"
        config = workloads.config_map(plan, service)
        if config is not None:
            yield f"{folder}/configmap.yaml", config
        generated = workloads.files_config_map(plan, service)
        if generated is not None:
            yield f"{folder}/files-configmap.yaml", generated
        yield f"{folder}/deployment.yaml", workloads.deployment(
            plan, service, config, generated)
        yield f"{folder}/service.yaml", workloads.k8s_service(plan, service)
        hpa = workloads.autoscaler(plan, service)
        if hpa is not None:
            yield f"{folder}/hpa.yaml", hpa
        virtual = istio.virtual_service(plan, service)
        if virtual is not None:
            yield f"{folder}/virtualservice.yaml", virtual
    if gateway is not None:
        yield "ingress/gateway.yaml", gateway
    for manifest in plan.extra:
        yield f"extra/{manifest.filename}", manifest.obj


def files(plan: EnvPlan) -> Iterator[RenderedFile]:
    """Yield (path below the output folder, file content)."""
    for path, obj in objects(plan):
        yield f"{plan.folder}/{path}", dump(obj).encode()
