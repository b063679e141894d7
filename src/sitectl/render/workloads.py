"""Deployment, Service, HorizontalPodAutoscaler and ConfigMap of a service.

The selector holds only ``app.kubernetes.io/name`` and
``app.kubernetes.io/instance``, which do not change between releases, so
a new tag or a new pod label never touches the immutable
``spec.selector`` of a Deployment.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sitectl.model.plan import EnvPlan, SecretKeyRef, ServicePlan
from sitectl.render import configfiles
from sitectl.render.emit import dump

MANAGED_BY = "sitectl"


def selector(plan: EnvPlan, service: ServicePlan) -> dict[str, str]:
    return {
        "app.kubernetes.io/name": service.name,
        "app.kubernetes.io/instance": service.app_name,
    }


def labels(plan: EnvPlan, service: ServicePlan) -> dict[str, str]:
    """Labels of every object of a service (selector labels first)."""
    return {
        **selector(plan, service),
        "app.kubernetes.io/part-of": plan.product,
        "app.kubernetes.io/version": service.tag,
        "app.kubernetes.io/managed-by": MANAGED_BY,
    }


def _meta(plan: EnvPlan, service: ServicePlan, name: str) -> dict[str, Any]:
    return {"name": name, "namespace": plan.namespace,
            "labels": labels(plan, service)}


def config_map(plan: EnvPlan, service: ServicePlan) -> dict[str, Any] | None:
    if not service.config:
        return None
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": _meta(plan, service, f"{service.name}-config"),
        "data": dict(service.config),
    }


def _env(service: ServicePlan) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for name, value in service.env:
        if isinstance(value, SecretKeyRef):
            entries.append({"name": name, "valueFrom": {"secretKeyRef": {
                "name": value.name, "key": value.key}}})
        else:
            entries.append({"name": name, "value": value})
    return entries


def _probe(service: ServicePlan, delay: int) -> dict[str, Any]:
    return {
        "httpGet": {"path": service.health, "port": "http"},
        "initialDelaySeconds": delay,
        "periodSeconds": 10,
        "timeoutSeconds": 3,
        "failureThreshold": 3,
    }


def files_config_map(plan: EnvPlan, service: ServicePlan
                     ) -> dict[str, Any] | None:
    return configfiles.config_map(
        plan, service, _meta(plan, service, f"{service.name}-files"))


def _checksum(*objects: dict[str, Any] | None) -> str | None:
    data = [obj["data"] for obj in objects if obj is not None]
    if not data:
        return None
    text = "".join(dump(item) for item in data)
    return hashlib.sha256(text.encode()).hexdigest()


def deployment(plan: EnvPlan, service: ServicePlan,
               config: dict[str, Any] | None,
               files: dict[str, Any] | None = None) -> dict[str, Any]:
    container: dict[str, Any] = {
        "name": service.name,
        "image": service.image,
        "imagePullPolicy": "IfNotPresent",
    }
    if service.command:
        container["command"] = list(service.command)
    if service.args:
        container["args"] = list(service.args)
    container["ports"] = [{"name": "http", "containerPort": service.port,
                           "protocol": "TCP"}]
    env = _env(service)
    if env:
        container["env"] = env
    if config is not None:
        container["envFrom"] = [{"configMapRef": {
            "name": config["metadata"]["name"]}}]
    if service.resources:
        container["resources"] = service.resources
    if files is not None:
        container["volumeMounts"] = configfiles.mounts(service)
    container["readinessProbe"] = _probe(service, 5)
    container["livenessProbe"] = _probe(service, 30)

    annotations = dict(sorted(service.pod_annotations.items()))
    digest = _checksum(config, files)
    if digest is not None:
        annotations["sitectl.io/config-checksum"] = f"sha256:{digest}"
    pod_meta: dict[str, Any] = {
        "labels": {**labels(plan, service),
                   **dict(sorted(service.pod_labels.items()))},
    }
    if annotations:
        pod_meta["annotations"] = annotations
    pod: dict[str, Any] = {}
    if service.service_account_name:
        pod["serviceAccountName"] = service.service_account_name
    if service.security_context:
        pod["securityContext"] = service.security_context
    pod["imagePullSecrets"] = [{"name": plan.pull_secret}]
    if service.node_selector:
        pod["nodeSelector"] = dict(sorted(service.node_selector.items()))
    if service.tolerations:
        pod["tolerations"] = list(service.tolerations)
    if files is not None:
        pod["initContainers"] = [configfiles.init_container(plan, service)]
    pod["containers"] = [container]
    if files is not None:
        pod["volumes"] = configfiles.volumes(files["metadata"]["name"])

    spec: dict[str, Any] = {}
    if service.replicas is not None:
        spec["replicas"] = service.replicas
    spec["revisionHistoryLimit"] = 5
    spec["selector"] = {"matchLabels": selector(plan, service)}
    spec["template"] = {"metadata": pod_meta, "spec": pod}
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": _meta(plan, service, service.name),
        "spec": spec,
    }


def k8s_service(plan: EnvPlan, service: ServicePlan) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": _meta(plan, service, service.name),
        "spec": {
            "type": "ClusterIP",
            "selector": selector(plan, service),
            "ports": [{"name": "http", "port": service.port,
                       "targetPort": "http", "protocol": "TCP"}],
        },
    }


def autoscaler(plan: EnvPlan, service: ServicePlan) -> dict[str, Any] | None:
    scale = service.autoscaling
    if scale is None:
        return None
    return {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": _meta(plan, service, service.name),
        "spec": {
            "scaleTargetRef": {"apiVersion": "apps/v1",
                               "kind": "Deployment",
                               "name": service.name},
            "minReplicas": scale.min,
            "maxReplicas": scale.max,
            "metrics": [{"type": "Resource", "resource": {
                "name": "cpu",
                "target": {"type": "Utilization",
                           "averageUtilization": scale.target_cpu}}}],
        },
    }
