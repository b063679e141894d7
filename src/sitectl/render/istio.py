"""Istio Gateway and VirtualService of a site environment.

Rendered only when the environment has a domain. A site that names a
shared gateway (``<namespace>/<name>``) gets VirtualServices bound to it
and no Gateway of its own. Gateway references are always written as
``<namespace>/<name>``, since a bare name means "this namespace" to Istio.
"""

from __future__ import annotations

from typing import Any

from sitectl.model.plan import EnvPlan, ServicePlan
from sitectl.render.workloads import labels


def _api(plan: EnvPlan) -> str:
    return f"networking.istio.io/{plan.istio_version}"


def gateway_ref(plan: EnvPlan) -> str:
    if plan.gateway:
        return plan.gateway
    return f"{plan.namespace}/{plan.own_gateway}"


def gateway(plan: EnvPlan, hosts: list[str]) -> dict[str, Any] | None:
    if plan.gateway or not hosts:
        return None
    servers: list[dict[str, Any]] = []
    if plan.tls_secret:
        servers.append({
            "port": {"number": 443, "name": "https", "protocol": "HTTPS"},
            "hosts": hosts,
            "tls": {"mode": "SIMPLE", "credentialName": plan.tls_secret},
        })
        servers.append({
            "port": {"number": 80, "name": "http", "protocol": "HTTP"},
            "hosts": hosts,
            "tls": {"httpsRedirect": True},
        })
    else:
        servers.append({
            "port": {"number": 80, "name": "http", "protocol": "HTTP"},
            "hosts": hosts,
        })
    return {
        "apiVersion": _api(plan),
        "kind": "Gateway",
        "metadata": {
            "name": plan.own_gateway,
            "namespace": plan.namespace,
            "labels": {"app.kubernetes.io/part-of": plan.product,
                       "app.kubernetes.io/managed-by": "sitectl"},
        },
        "spec": {"selector": dict(plan.gateway_selector),
                 "servers": servers},
    }


def virtual_service(plan: EnvPlan, service: ServicePlan
                    ) -> dict[str, Any] | None:
    if not service.host:
        return None
    target = f"{service.name}.{plan.namespace}.svc.cluster.local"
    return {
        "apiVersion": _api(plan),
        "kind": "VirtualService",
        "metadata": {"name": service.name, "namespace": plan.namespace,
                     "labels": labels(plan, service)},
        "spec": {
            "hosts": [service.host],
            "gateways": [gateway_ref(plan)],
            "http": [{"route": [{"destination": {
                "host": target, "port": {"number": service.port}}}]}],
        },
    }
