"""Argo CD objects of a site environment: AppProject and Applications.

The root Application of a site environment syncs the service
Applications in ``apps.yaml``. ``bootstrap.yaml`` contains it and the
AppProject, and an operator applies that file once. See
``sitectl.render.tree`` for the layout.

Finalizers: every service Application carries
``resources-finalizer.argocd.argoproj.io``, so removing a service from
the site (its Application is pruned by the root) deletes what it
deployed. The root Application carries none, so deleting the root by
mistake orphans the service Applications instead of deleting the whole
site.
"""

from __future__ import annotations

from typing import Any

from sitectl.model.extra import CLUSTER_KINDS
from sitectl.model.plan import EnvPlan

FINALIZER = "resources-finalizer.argocd.argoproj.io"
IN_CLUSTER = "https://kubernetes.default.svc"
SITE_LABEL = "sitectl.io/site"
ENV_LABEL = "sitectl.io/environment"


def _labels(plan: EnvPlan) -> dict[str, str]:
    return {SITE_LABEL: plan.site, ENV_LABEL: plan.environment,
            "app.kubernetes.io/managed-by": "sitectl"}


def app_project(plan: EnvPlan) -> dict[str, Any]:
    """Build an AppProject that limits the site to its repository and
    destinations."""
    spec: dict[str, Any] = {
        "description": f"{plan.product} site {plan.site}, environment "
                       f"{plan.environment}",
        "sourceRepos": [plan.repo_url],
        "destinations": [
            {"server": IN_CLUSTER, "namespace": plan.argocd_namespace},
            plan.destination.as_spec(plan.namespace),
        ],
    }
    kinds = sorted({m.obj["kind"] for m in plan.extra
                    if m.obj["kind"] in CLUSTER_KINDS})
    spec["clusterResourceWhitelist"] = [
        {"group": _group(kind, plan), "kind": kind} for kind in kinds]
    return {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "AppProject",
        "metadata": {"name": plan.prefix,
                     "namespace": plan.argocd_namespace,
                     "labels": _labels(plan)},
        "spec": spec,
    }


def _group(kind: str, plan: EnvPlan) -> str:
    for manifest in plan.extra:
        if manifest.obj["kind"] == kind:
            api = str(manifest.obj["apiVersion"])
            return api.split("/", 1)[0] if "/" in api else ""
    return ""


def application(plan: EnvPlan, name: str, path: str, *,
                include: str | None, root: bool) -> dict[str, Any]:
    """Build an Application that syncs ``path``, or only ``include`` in it."""
    metadata: dict[str, Any] = {
        "name": name,
        "namespace": plan.argocd_namespace,
        "labels": _labels(plan),
    }
    if not root:
        metadata["finalizers"] = [FINALIZER]
    destination = ({"server": IN_CLUSTER,
                    "namespace": plan.argocd_namespace}
                   if root else plan.destination.as_spec(plan.namespace))
    source: dict[str, Any] = {
        "repoURL": plan.repo_url,
        "targetRevision": plan.revision,
        "path": path,
    }
    if include is not None:
        source["directory"] = {"include": include}
    return {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Application",
        "metadata": metadata,
        "spec": {
            "project": plan.prefix,
            "source": source,
            "destination": destination,
            "syncPolicy": {
                "automated": {"prune": True, "selfHeal": True},
                "syncOptions": ["PruneLast=true"],
            },
        },
    }
