"""Rules over rendered objects.

The renderer makes most of these impossible; the rules keep it honest
and also cover extra manifests, which a site writes by hand.
"""

from __future__ import annotations

from typing import Any

from sitectl.errors import FindingList, Location, Severity
from sitectl.lint.rules.base import ERROR, INFO, WARNING, Rule, rule
from sitectl.model.names import host_problem, label_value_problem
from sitectl.model.plan import EnvPlan
from sitectl.model.yamlfile import Document
from sitectl.render.tree import objects

RULES: list[Rule] = [
    rule("k8s.image-mutable-tag", ERROR, "an image has no fixed tag",
         """latest, or no tag at all, changes under a running Deployment
         and makes two sites run different code under one name.""",
         "release: {tag: latest}\n", 'release: {tag: "2.4.1"}\n'),
    rule("k8s.resources-missing", WARNING,
         "a container has no CPU or memory request or limit",
         """Without requests the scheduler packs pods blindly; without
         limits one pod can starve a node.""",
         "profiles:\n  small: {replicas: 1}\n",
         "profiles:\n  small:\n    replicas: 1\n    resources:\n"
         "      requests: {cpu: 100m, memory: 256Mi}\n"
         "      limits: {cpu: 500m, memory: 1Gi}\n", configurable=True),
    rule("k8s.selector-mismatch", ERROR,
         "a selector does not match the pod labels",
         """A Deployment whose selector is not a subset of its template
         labels is rejected, and a Service with another selector sends
         traffic nowhere.""",
         "selector: {app: core}\ntemplate labels: {app: core-v2}\n",
         "selector: {app: core}\ntemplate labels: {app: core, tier: api}\n"),
    rule("k8s.hpa-plus-replicas", ERROR,
         "a Deployment targeted by an HPA sets replicas",
         """Argo CD self-heal restores the replica count from Git and the
         HPA raises it again, so pods churn forever.""",
         "spec: {replicas: 1}   # and an HPA with minReplicas: 2\n",
         "spec: {}              # the HPA owns the count\n"),
    rule("k8s.label-value", ERROR, "a label value is invalid",
         "Label values are at most 63 characters of [A-Za-z0-9._-].",
         "app.kubernetes.io/version: 2.4.1 final\n",
         "app.kubernetes.io/version: 2.4.1\n"),
    rule("istio.gateway-hosts", ERROR,
         "a Gateway or VirtualService host is empty or not served",
         """An empty host is rejected by the Istio webhook (and once
         crashed istiod); a VirtualService host that its Gateway does
         not list gets 404s.""",
         "hosts: [\"\"]\n", "hosts: [xgen.example.com]\n"),
    rule("istio.gateway-unknown", ERROR,
         "a VirtualService refers to a Gateway that is not there",
         """A reference is mesh or <namespace>/<name>; one into the site's
         own namespace must name a Gateway rendered for the site.""",
         "gateways: [xgen/other-gateway]\n",
         "gateways: [xgen/xgen-gateway]\n"),
    rule("ingress.shared-gateway", INFO,
         "a shared Gateway must list the site's hosts",
         """sitectl cannot see a Gateway it does not render; the shared
         one must list the site's host (or '*') in its servers.""",
         "ingress: {gateway: istio-ingress/shared-gateway}\n",
         "# and the shared Gateway lists xgen.hanul.example.net\n",
         configurable=True),
]


def check_plan(plan: EnvPlan, site_doc: Document,
               findings: FindingList) -> None:
    """Check the objects a render would write for one site environment.

    Findings point at the site file's name, or at its ingress gateway
    setting for the shared-gateway notice.
    """
    where = site_doc.location(("name",))
    sources = {f"extra/{m.filename}": Location(m.source, 1, 1)
               for m in plan.extra}
    rendered = list(objects(plan))
    by_kind: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for path, obj in rendered:
        by_kind.setdefault(str(obj.get("kind")), []).append((path, obj))
        _labels(plan, path, obj, sources.get(path, where), findings)
    _workloads(plan, by_kind, where, findings, sources)
    _istio(plan, by_kind, site_doc.location(("ingress", "gateway")),
           findings, sources)


def _name(plan: EnvPlan, path: str) -> str:
    return f"{plan.folder}/{path}"


def _labels(plan: EnvPlan, path: str, obj: dict[str, Any], where: Location,
            findings: FindingList) -> None:
    metadata = obj.get("metadata") or {}
    for key, value in (metadata.get("labels") or {}).items():
        problem = label_value_problem(str(value))
        if problem:
            findings.add(where, "k8s.label-value",
                         f"{_name(plan, path)}: label {key}={value!r} "
                         f"{problem}", hint="shorten or fix the value")


def _workloads(plan: EnvPlan, by_kind: dict[str, list[tuple[str, Any]]],
               site_where: Location, findings: FindingList,
               sources: dict[str, Location]) -> None:
    targets = {obj["spec"]["scaleTargetRef"]["name"]
               for _, obj in by_kind.get("HorizontalPodAutoscaler", [])}
    services = {obj["metadata"]["name"]: obj
                for _, obj in by_kind.get("Service", [])}
    for path, obj in by_kind.get("Deployment", []):
        where = sources.get(path, site_where)
        name = obj["metadata"]["name"]
        spec = obj["spec"]
        if name in targets and "replicas" in spec:
            findings.add(where, "k8s.hpa-plus-replicas",
                         f"{_name(plan, path)}: Deployment {name} sets "
                         "replicas while an HPA scales it",
                         hint="leave replicas out when autoscaling is on")
        selector = spec["selector"]["matchLabels"]
        labels = spec["template"]["metadata"]["labels"]
        if not selector.items() <= labels.items():
            findings.add(where, "k8s.selector-mismatch",
                         f"{_name(plan, path)}: selector of {name} is not "
                         "a subset of its pod labels",
                         hint="render both from the same labels")
        service = services.get(name)
        if service is not None and service["spec"]["selector"] != selector:
            findings.add(where, "k8s.selector-mismatch",
                         f"{_name(plan, path)}: Service {name} selects "
                         "other pods than Deployment " + name,
                         hint="use the Deployment's matchLabels")
        for container in spec["template"]["spec"]["containers"]:
            _container(plan, path, container, where, findings)


def _container(plan: EnvPlan, path: str, container: dict[str, Any],
               where: Location, findings: FindingList) -> None:
    image = str(container.get("image", ""))
    tag = image.rsplit(":", 1)[1] if ":" in image.rsplit("/", 1)[-1] else ""
    if not tag or tag == "latest" or tag.startswith("latest-"):
        findings.add(where, "k8s.image-mutable-tag",
                     f"{_name(plan, path)}: image {image} has no fixed tag",
                     hint="set release.tag to a version")
    resources = container.get("resources") or {}
    missing = [f"{kind}.{name}" for kind in ("requests", "limits")
               for name in ("cpu", "memory")
               if name not in (resources.get(kind) or {})]
    if missing:
        findings.add(where, "k8s.resources-missing",
                     f"{_name(plan, path)}: container {container['name']} "
                     f"has no {', '.join(missing)}",
                     hint="set resources in the profile or the service "
                     "override", severity=Severity.WARNING)


def _istio(plan: EnvPlan, by_kind: dict[str, list[tuple[str, Any]]],
           gateway_where: Location, findings: FindingList,
           sources: dict[str, Location]) -> None:
    gateways: dict[str, set[str]] = {}
    for path, obj in by_kind.get("Gateway", []):
        where = sources.get(path, gateway_where)
        hosts: set[str] = set()
        for server in obj["spec"].get("servers", []):
            server_hosts = server.get("hosts") or []
            if not server_hosts:
                findings.add(where, "istio.gateway-hosts",
                             f"{_name(plan, path)}: a server of Gateway "
                             f"{obj['metadata']['name']} has no hosts",
                             hint="set the site's domain, or leave it "
                             'empty ("") for no ingress')
            for host in server_hosts:
                bare = host.split("/", 1)[-1]
                if bare != "*" and host_problem(bare)[0]:
                    findings.add(where, "istio.gateway-hosts",
                                 f"{_name(plan, path)}: Gateway host "
                                 f"{host!r} is not a host name",
                                 hint="fix the site's domain")
                hosts.add(bare)
        namespace = obj["metadata"].get("namespace", plan.namespace)
        gateways[f"{namespace}/{obj['metadata']['name']}"] = hosts
    for path, obj in by_kind.get("VirtualService", []):
        _virtual_service(plan, path, obj, gateways,
                         sources.get(path, gateway_where), findings)


def _virtual_service(plan: EnvPlan, path: str, obj: dict[str, Any],
                     gateways: dict[str, set[str]], where: Location,
                     findings: FindingList) -> None:
    hosts = obj["spec"].get("hosts") or []
    if not hosts or any(not h for h in hosts):
        findings.add(where, "istio.gateway-hosts",
                     f"{_name(plan, path)}: VirtualService has an empty "
                     "host", hint="set the site's domain")
    for ref in obj["spec"].get("gateways") or []:
        if ref == "mesh":
            continue
        namespace, slash, _ = ref.partition("/")
        if not slash:
            findings.add(where, "istio.gateway-unknown",
                         f"{_name(plan, path)}: gateway {ref!r} is not "
                         "<namespace>/<name>", hint=f"write "
                         f"{plan.namespace}/{ref}")
        elif ref in gateways:
            missing = [h for h in hosts if h not in gateways[ref]
                       and "*" not in gateways[ref]]
            if missing:
                findings.add(where, "istio.gateway-hosts",
                             f"{_name(plan, path)}: hosts "
                             f"{', '.join(missing)} are not served by "
                             f"Gateway {ref}",
                             hint="derive both from the site's domain")
        elif namespace == plan.namespace:
            findings.add(where, "istio.gateway-unknown",
                         f"{_name(plan, path)}: Gateway {ref} is not "
                         "rendered for this site",
                         hint="name a Gateway of another namespace, or "
                         "let sitectl render the site's own")
        else:
            findings.add(where, "ingress.shared-gateway",
                         f"{_name(plan, path)}: the shared Gateway {ref} "
                         f"must list {', '.join(hosts)} (or '*'); sitectl "
                         "cannot check it offline",
                         hint="check the Gateway's servers in the cluster",
                         severity=Severity.INFO)
