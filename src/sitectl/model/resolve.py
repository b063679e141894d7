"""Turn a validated fleet into one ``EnvPlan`` per site environment.

Merge order, lowest first: fleet.yaml, the site's profile, the site
file, the environment, the per-service overrides of the site and then of
the environment. Every problem found on the way becomes a finding; a
site with an error yields no plan.
"""

from __future__ import annotations

import difflib
import urllib.parse
from pathlib import Path
from typing import Any

from sitectl.errors import FindingList, Severity
from sitectl.model.catalog import KNOWN_PATHS, check_catalog, check_secret
from sitectl.model.extra import load_extra
from sitectl.model.fleet import Fleet, Service
from sitectl.model.load import FleetFiles, SiteFile
from sitectl.model.names import (
    host_problem,
    label_key_problem,
    label_problem,
    label_value_problem,
    suggest_label,
)
from sitectl.model.parts import ValueRef, split_secret_ref
from sitectl.model.urltemplate import parse_url
from sitectl.model.plan import (
    Destination,
    EnvPlan,
    EnvValue,
    FilePlan,
    Part,
    SecretKeyRef,
    ServicePlan,
)
from sitectl.model.site import Environment, ServiceOverride
from sitectl.model.sizing import Layer, merge_sizing
from sitectl.model.values import SiteValues
from sitectl.model.yamlfile import Document, KeyPath

RESERVED_LABEL_PREFIX = "app.kubernetes.io/"
# How an Argo CD Application names the cluster Argo CD itself runs in.
IN_CLUSTER = ("https://kubernetes.default.svc", "in-cluster")


def resolve_fleet(files: FleetFiles, findings: FindingList
                  ) -> list[EnvPlan]:
    """Resolve every loaded site; findings collect all problems."""
    resolver = FleetResolver(files.root, files.doc, files.model, findings)
    plans: list[EnvPlan] = []
    for site in files.sites:
        plans.extend(resolver.resolve_site(site))
    return plans


class FleetResolver:
    """Resolves sites one at a time against one fleet.yaml.

    The catalog is checked once. Sites are still resolved after a
    catalog error, to report their own problems, but no plans are
    returned then, since they would build on a broken catalog. The
    resolver remembers every composed Application name, so a name that
    two sites compose is reported however the sites are visited.
    """

    def __init__(self, root: Path, doc: Document, fleet: Fleet,
                 findings: FindingList) -> None:
        self.root = root
        self.doc = doc
        self.fleet = fleet
        self.findings = findings
        check_catalog(doc, fleet, findings)
        self.catalog_ok = not findings.has_errors
        self.fleet_values = SiteValues()
        self.fleet_values.layer(doc, (), doc.data)
        self.owners: dict[str, tuple[str, str]] = {}
        self.places: dict[tuple[str, str], tuple[str, str]] = {}

    def resolve_site(self, site: SiteFile) -> list[EnvPlan]:
        plans = _SiteResolver(self, site, self.findings).resolve()
        self._check_names(site, plans)
        return plans if self.catalog_ok else []

    def _check_names(self, site: SiteFile, plans: list[EnvPlan]) -> None:
        for plan in plans:
            target = plan.destination.server or plan.destination.name or ""
            # The in-cluster address means each site's own Argo CD cluster,
            # so it is the same cluster only within one site.
            cluster = (f"{plan.site}:{target}" if target in IN_CLUSTER
                       else target)
            place = self.places.setdefault(
                (cluster, plan.namespace), (plan.site, plan.environment))
            if place != (plan.site, plan.environment):
                self.findings.add(
                    site.doc.location(("environments", plan.environment,
                                       "cluster")),
                    "argocd.destination-collision",
                    f"{plan.site}/{plan.environment} deploys into cluster "
                    f"{target}, namespace {plan.namespace}, like "
                    f"{place[0]}/{place[1]}; their objects have the same "
                    "names and would overwrite each other",
                    hint="give one environment its own namespace")
            names = [plan.prefix] + [s.app_name for s in plan.services]
            for name in names:
                owner = self.owners.setdefault(
                    name, (plan.site, plan.environment))
                if owner[0] == plan.site:
                    continue
                self.findings.add(
                    site.doc.location(("environments", plan.environment),
                                      at_key=True),
                    "argocd.name-collision",
                    f"Application name {name} is composed for both site "
                    f"{owner[0]} ({owner[1]}) and site {plan.site} "
                    f"({plan.environment})",
                    hint="set a different shortName on one of the sites")


class _SiteResolver:
    def __init__(self, fleet: FleetResolver, site: SiteFile,
                 findings: FindingList) -> None:
        self.fleet_values = fleet.fleet_values
        self.root = fleet.root
        self.fleet: Fleet = fleet.fleet
        self.fdoc: Document = fleet.doc
        self.site = site.model
        self.doc = site.doc
        self.findings = findings
        self.used_vars: set[str] = set()

    def error(self, keys: KeyPath, rule: str, message: str, hint: str = "",
              *, at_key: bool = False) -> None:
        self.findings.add(self.doc.location(keys, at_key=at_key), rule,
                          message, hint=hint)

    def resolve(self) -> list[EnvPlan]:
        start = len(self.findings.items)
        self._check_site_names()
        self._check_site_secrets()
        profile = self._profile()
        self._check_service_keys(("services",), self.site.services)
        gateway = self._shared_gateway()
        plans: list[EnvPlan] = []
        for env_name, env in self.site.environments.items():
            plan = self._environment(env_name, env, profile, gateway)
            if plan is not None:
                plans.append(plan)
        self._check_unused_vars()
        new = self.findings.items[start:]
        if any(f.severity is Severity.ERROR for f in new):
            return []
        return plans

    # -- site-wide checks -------------------------------------------------

    def _check_site_secrets(self) -> None:
        qdrant = self.site.infra.qdrant if self.site.infra else None
        if qdrant is not None and qdrant.api_key is not None:
            check_secret(self.doc, ("infra", "qdrant", "apiKey", "secret"),
                         qdrant.api_key.secret, self.fleet.secrets,
                         self.findings)

    def _check_site_names(self) -> None:
        for field, value in (("name", self.site.name),
                             ("shortName", self.site.short_name)):
            if value is None:
                continue
            problem = label_problem(value)
            if problem:
                self.error((field,), "k8s.name-invalid",
                           f"site {field} {value!r} {problem}",
                           f"use a DNS-1123 label such as "
                           f"{suggest_label(value)!r}")

    def _profile(self) -> tuple[str, Any] | None:
        name = self.site.profile or self.fleet.default_profile
        if name is None:
            self.error((), "site.profile-missing",
                       "the site names no profile and fleet.yaml has no "
                       "defaultProfile",
                       "add profile: <name>; known profiles: "
                       + (", ".join(self.fleet.profiles) or "none"))
            return None
        if name not in self.fleet.profiles:
            close = difflib.get_close_matches(name, list(self.fleet.profiles),
                                              n=1)
            hint = f"did you mean '{close[0]}'?" if close else (
                "known profiles: " + (", ".join(self.fleet.profiles)
                                      or "none"))
            self.error(("profile",), "ref.unknown-profile",
                       f"profile '{name}' does not exist in fleet.yaml", hint)
            return None
        return name, self.fdoc.data["profiles"][name]

    def _check_service_keys(self, keys: KeyPath, overrides: dict[str, Any]
                            ) -> None:
        catalog = list(self.fleet.services)
        for name in overrides:
            if name in self.fleet.services:
                continue
            close = difflib.get_close_matches(name, catalog, n=1)
            hint = f"did you mean '{close[0]}'?" if close else (
                "services in the catalog: " + ", ".join(catalog))
            self.error(keys + (name,), "ref.unknown-service",
                       f"service '{name}' is not in the catalog of "
                       "fleet.yaml", hint, at_key=True)

    def _shared_gateway(self) -> str | None:
        ingress = self.site.ingress
        if ingress is None or ingress.gateway is None:
            return None
        ref = ingress.gateway
        keys = ("ingress", "gateway")
        if ref.endswith(".svc.cluster.local") or (
                "/" not in ref and "." in ref):
            parts = ref.split(".")
            fix = (f"{parts[1]}/{parts[0]}" if len(parts) > 2
                   else "<namespace>/<name>")
            self.error(keys, "istio.gateway-ref",
                       f"gateway {ref!r} uses the host-name form, which "
                       "Istio reads as a bare name and does not resolve",
                       f"write {fix}")
            return None
        namespace, slash, name = ref.partition("/")
        if not slash:
            ns = self.site_namespace(None)
            self.error(keys, "istio.gateway-ref",
                       f"a bare gateway name {ref!r} resolves to namespace "
                       f"{ns}, where sitectl renders no Gateway {ref}",
                       f"write <namespace>/{ref}, for example "
                       f"istio-ingress/{ref}")
            return None
        if label_problem(namespace) or label_problem(name):
            self.error(keys, "istio.gateway-ref",
                       f"gateway {ref!r} is not <namespace>/<name> with "
                       "DNS-1123 labels", "write istio-ingress/<name>")
            return None
        return ref

    def site_namespace(self, env_namespace: str | None) -> str:
        return env_namespace or self.fleet.namespace

    def _check_unused_vars(self) -> None:
        wanted = {ref.var for service in self.fleet.services.values()
                  for ref in list(service.env.values())
                  + list(service.config.values()) if ref.var}
        for name in self.site.vars:
            if name in self.used_vars or name in wanted:
                continue
            close = difflib.get_close_matches(name, sorted(wanted), n=1)
            hint = f"did you mean '{close[0]}'?" if close else (
                "remove it, or reference it from the catalog")
            self.findings.add(self.doc.location(("vars", name), at_key=True),
                              "ref.unused-var",
                              f"variable {name} is used by no service",
                              hint=hint, severity=Severity.WARNING)

    # -- one environment ----------------------------------------------------

    def _environment(self, env_name: str, env: Environment,
                     profile: tuple[str, Any] | None,
                     gateway: str | None) -> EnvPlan | None:
        env_keys: KeyPath = ("environments", env_name)
        problem = label_problem(env_name)
        if problem:
            self.error(env_keys, "k8s.name-invalid",
                       f"environment name {env_name!r} {problem}",
                       f"use {suggest_label(env_name)!r}", at_key=True)
        self._check_service_keys(env_keys + ("services",), env.services)
        destination = self._destination(env_keys, env.cluster)
        values = self._values(env_name, env_keys, env)
        prefix = f"{self.site.short_name or self.site.name}-{env_name}"
        domain = self._domain(env_keys, env)
        namespace = self.site_namespace(env.namespace)

        services: list[ServicePlan] = []
        hosts: dict[str, str] = {}
        for name, service in self.fleet.services.items():
            plan = self._service(name, service, env_name, env_keys, env,
                                 profile, values, prefix, domain)
            if plan is None:
                continue
            services.append(plan)
            if plan.host:
                if plan.host in hosts:
                    self.findings.add(
                        self.fdoc.location(("services", name, "domain")),
                        "ingress.duplicate-host",
                        f"{name} and {hosts[plan.host]} both get host "
                        f"{plan.host} on site {self.site.name}",
                        hint="give one of them a subdomain")
                hosts[plan.host] = name
        if domain is None and self._domain_text(env_keys, env) == "":
            self._notice_no_domain(env_keys, env)
        if not services and not self.findings.has_errors:
            self.error(env_keys, "site.no-services",
                       f"environment {env_name} enables no service, so its "
                       "root Application would sync nothing",
                       "enable a service, or remove the environment",
                       at_key=True)
        own_ingress = gateway is None and bool(hosts)
        self._check_name_lengths(env_keys, prefix, services, own_ingress)

        for block in ("repoURL", "targetRevision", "path"):
            if values.get(f"git.{block}") is None:
                self.error((), "git.missing",
                           f"git.{block} is set neither in fleet.yaml nor "
                           "in the site file", f"add git.{block}")
        if destination is None or values.get("git.repoURL") is None:
            return None
        extra = load_extra(self.root, self.doc, self.site, namespace,
                           self.findings)
        tls = self.site.ingress.tls_secret if self.site.ingress else None
        return EnvPlan(
            product=self.fleet.product,
            site=self.site.name,
            environment=env_name,
            prefix=prefix,
            namespace=namespace,
            argocd_namespace=self.fleet.argocd.namespace,
            destination=destination,
            kube_context=env.kube_context,
            repo_url=_text(values, "git.repoURL"),
            revision=_text(values, "git.targetRevision"),
            tree_path=_text(values, "git.path").strip("/"),
            pull_secret=_text(values, "registry.pullSecret"),
            registry_host=_text(values, "registry.host"),
            ci_credential=_text(values, "registry.ciCredentialId"),
            domain=domain,
            gateway=gateway,
            own_gateway=None if gateway else f"{self.fleet.product}-gateway",
            gateway_selector=dict(self.fleet.ingress.selector),
            tls_secret=tls,
            istio_version=self.fleet.ingress.istio_api_version,
            services=tuple(services),
            extra=extra,
            generator_image=self._generator_image(values),
        )

    def _generator_image(self, values: SiteValues) -> str | None:
        generator = self.fleet.config_generator
        if generator is None:
            return None
        host = values.block("registry")["host"].value
        return f"{host}/{generator.image}:{generator.tag}"

    def _destination(self, keys: KeyPath, cluster: str
                     ) -> Destination | None:
        if cluster.startswith("https://"):
            host = cluster[len("https://"):].split("/", 1)[0]
            if host:
                return Destination(server=cluster.rstrip("/"), name=None)
        if "://" in cluster:
            self.error(keys + ("cluster",), "argocd.destination",
                       f"cluster {cluster!r} is not an https:// API server "
                       "URL", "write https://<host>:<port>, or the name of "
                       "a cluster registered in Argo CD")
            return None
        if not cluster.strip() or any(c.isspace() for c in cluster):
            self.error(keys + ("cluster",), "argocd.destination",
                       f"cluster {cluster!r} is neither an API server URL "
                       "nor a cluster name",
                       "write https://<host>:<port> or a registered name")
            return None
        return Destination(server=None, name=cluster)

    def _values(self, env_name: str, env_keys: KeyPath, env: Environment
                ) -> SiteValues:
        values = SiteValues(self.fleet_values)
        values.layer(self.doc, (), self.doc.data)
        env_data = self.doc.data["environments"][env_name]
        if isinstance(env_data, dict) and "release" in env_data:
            values.layer(self.doc, env_keys, {"release": env_data["release"]})
        values.set("site", self.site.name, self.doc, ("name",))
        values.set("environment", env_name, self.doc, env_keys, at_key=True)
        values.set("product", self.fleet.product, self.fdoc, ("product",))
        if env.namespace:
            values.set("namespace", env.namespace, self.doc,
                       env_keys + ("namespace",))
        else:
            values.set("namespace", self.fleet.namespace, self.fdoc,
                       ("namespace",))
        if env.domain is not None:
            values.set("domain", env.domain, self.doc, env_keys + ("domain",))
        elif self.site.domain is not None:
            values.set("domain", self.site.domain, self.doc, ("domain",))
        values.add_object_store_url()
        self._check_object_store(values)
        return values

    def _check_object_store(self, values: SiteValues) -> None:
        store = values.block("objectStore")
        if not store:
            return
        kind = store["kind"].value
        if kind == "s3":
            if "secure" not in store:
                self.findings.add(
                    store["kind"].origin, "objectstore.secure-required",
                    "objectStore.kind is s3 but secure is not set; settings "
                    "of a default block of another kind are not inherited",
                    hint="set secure: true (S3 speaks HTTPS)")
            if "region" not in store:
                self.findings.add(
                    store["kind"].origin, "objectstore.region-required",
                    "objectStore.kind is s3 but region is not set",
                    hint="set region, for example region: eu-central-1")
        if "secure" not in store and kind == "minio":
            self.findings.add(
                store["kind"].origin, "objectstore.secure-required",
                "objectStore.secure is not set",
                hint="set secure: false for plain HTTP or true for HTTPS")

    def _domain_text(self, env_keys: KeyPath, env: Environment) -> str:
        """Return the domain as written for the environment, or ""."""
        if env.domain is not None:
            return env.domain
        return self.site.domain or ""

    def _domain(self, env_keys: KeyPath, env: Environment) -> str | None:
        text = self._domain_text(env_keys, env)
        keys = env_keys + ("domain",) if env.domain is not None else (
            "domain",)
        if text == "":
            return None
        problem, fix = host_problem(text)
        if problem:
            self.error(keys, "site.domain-invalid",
                       f"domain {text!r} {problem}", fix)
            return None
        return text

    def _notice_no_domain(self, env_keys: KeyPath, env: Environment
                          ) -> None:
        wanting = [n for n, s in self.fleet.services.items()
                   if s.domain and self._enabled(n, env)]
        if not wanting:
            return
        if env.domain is not None:
            keys: KeyPath = env_keys + ("domain",)
        elif self.site.domain is not None:
            keys = ("domain",)
        else:
            keys = ("name",)
        text = "empty" if (env.domain is not None
                           or self.site.domain is not None) else "not set"
        self.findings.add(
            self.doc.location(keys), "ingress.no-domain",
            f"domain is {text} for {self.site.name}/"
            f"{env_keys[-1]}: no Gateway or VirtualService rendered for "
            f"{', '.join(wanting)}",
            hint="set domain when the site has one",
            severity=Severity.INFO)

    def _check_name_lengths(self, env_keys: KeyPath, prefix: str,
                            services: list[ServicePlan],
                            own_ingress: bool) -> None:
        names = [(prefix, "root Application")]
        names += [(s.app_name, "Application") for s in services]
        if own_ingress:
            names.append((f"{prefix}-ingress", "Application"))
        if self.site.extra_manifests:
            names.append((f"{prefix}-extra", "Application"))
        field = "shortName" if self.site.short_name else "name"
        for name, what in names:
            if len(name) <= 63:
                continue
            self.error(
                (field,), "k8s.name-too-long",
                f"{what} name {name} is {len(name)} characters; Argo CD "
                "copies it into the app.kubernetes.io/instance label, "
                "limited to 63",
                f"set a shorter site id (shortName: ...) or environment "
                f"name; it must lose {len(name) - 63} character(s)")

    # -- one service ----------------------------------------------------

    def _enabled(self, name: str, env: Environment) -> bool:
        flags = [self.site.services.get(name), env.services.get(name)]
        enabled = True
        for override in flags:
            if override is not None and override.enabled is not None:
                enabled = override.enabled
        return enabled

    def _service(self, name: str, service: Service, env_name: str,
                 env_keys: KeyPath, env: Environment,
                 profile: tuple[str, Any] | None, values: SiteValues,
                 prefix: str, domain: str | None) -> ServicePlan | None:
        if not self._enabled(name, env):
            return None
        site_override = self.site.services.get(name)
        layers = []
        if profile is not None:
            layers.append(Layer(self.fdoc, ("profiles", profile[0]),
                                profile[1]))
        site_data = (self.doc.data.get("services") or {}).get(name)
        if site_data:
            layers.append(Layer(self.doc, ("services", name), site_data))
        env_data = (self.doc.data["environments"][env_name]
                    .get("services") or {}).get(name)
        if env_data:
            layers.append(Layer(self.doc, env_keys + ("services", name),
                                env_data))
        anchor = self.doc.location(("profile",) if self.site.profile
                                   else ("name",))
        # Without its profile the sizing is incomplete for a reason that
        # is already reported; do not repeat it once per service.
        sized = merge_sizing(name, layers, anchor, self.findings,
                             report_missing=profile is not None)
        tag = self._tag(name, env_keys, env, values)
        env_vars = self._entries(name, service.env, "env", values)
        config = self._entries(name, service.config, "config", values)
        files = self._files(name, service, values)
        labels = self._pod_labels(name, site_override)
        if (sized is None or tag is None or env_vars is None
                or config is None or files is None):
            return None
        registry = values.block("registry")
        image = (f"{registry['host'].value}/{self.fleet.product}/"
                 f"{self.site.name}/{name}:{tag[1]}")
        host = None
        if service.domain and domain:
            host = f"{service.subdomain}.{domain}" if service.subdomain \
                else domain
        extra: dict[str, Any] = {}
        if site_override is not None:
            extra = dict(
                pod_annotations=dict(site_override.pod_annotations),
                node_selector=dict(site_override.node_selector),
                tolerations=tuple(
                    t.model_dump(by_alias=True, exclude_none=True)
                    for t in site_override.tolerations),
                service_account_name=site_override.service_account_name,
                security_context=(
                    site_override.security_context.model_dump(
                        by_alias=True, exclude_none=True)
                    if site_override.security_context else None),
            )
        return ServicePlan(
            name=name,
            app_name=f"{prefix}-{name}",
            port=service.port,
            health=service.health,
            image=image,
            tag=tag[0],
            replicas=sized.replicas,
            autoscaling=sized.autoscaling,
            resources=sized.resources,
            env=tuple(env_vars),
            config=tuple((k, v) for k, v in config
                         if isinstance(v, str)),
            host=host,
            pod_labels=labels,
            files=tuple(files),
            command=tuple(service.command) if service.command else None,
            args=tuple(service.args) if service.args else None,
            **extra,
        )

    def _tag(self, name: str, env_keys: KeyPath, env: Environment,
             values: SiteValues) -> tuple[str, str] | None:
        """Return the release tag and the image tag (``<tag>-<arch>``)."""
        tag = values.get("release.tag")
        arch = values.get("release.arch")
        tag_text = tag.value if tag else None
        origin = tag.origin if tag else None
        for keys, override in (
                (("services", name), self.site.services.get(name)),
                (env_keys + ("services", name), env.services.get(name))):
            if override is not None and override.tag is not None:
                tag_text = override.tag
                origin = self.doc.location(keys + ("tag",))
        if tag_text is None or arch is None:
            missing = "release.tag" if tag_text is None else "release.arch"
            self.error(("name",), "release.missing",
                       f"{missing} is set neither in fleet.yaml nor in the "
                       f"site file (needed for the image of {name})",
                       f"add {missing}")
            return None
        full = f"{tag_text}-{arch.value}"
        if str(tag_text).lower() in ("latest", "stable", "main", "master"):
            self.findings.add(origin or arch.origin, "k8s.image-mutable-tag",
                              f"image tag {tag_text!r} of {name} moves "
                              "under running pods, so two sites could run "
                              "different code under one name",
                              hint="set release.tag to a version")
            return None
        problem = label_value_problem(str(tag_text))
        if problem or len(full) > 128:
            self.findings.add(origin or arch.origin, "release.tag-invalid",
                              f"image tag {full!r} is not valid: the version "
                              f"label {problem or 'is too long'}",
                              hint="use letters, digits, '.', '_' and '-'")
            return None
        return str(tag_text), full

    def _pod_labels(self, name: str, override: ServiceOverride | None
                    ) -> dict[str, str]:
        if override is None:
            return {}
        labels: dict[str, str] = {}
        for key, value in override.pod_labels.items():
            keys = ("services", name, "podLabels", key)
            if key.startswith(RESERVED_LABEL_PREFIX):
                self.error(keys, "labels.reserved",
                           f"{key} is set by sitectl and used in selectors; "
                           "a site may not set it",
                           "use a label outside app.kubernetes.io/, such "
                           "as tier", at_key=True)
                continue
            problem = label_key_problem(key) or (
                label_value_problem(value) and
                f"value {value!r} {label_value_problem(value)}")
            if problem:
                self.error(keys, "labels.invalid",
                           f"pod label {key}: {problem}",
                           "fix the label", at_key=True)
                continue
            labels[key] = value
        return labels

    def _entries(self, service: str, entries: dict[str, Any], section: str,
                 values: SiteValues) -> list[tuple[str, EnvValue]] | None:
        result: list[tuple[str, EnvValue]] = []
        ok = True
        for var_name, ref in entries.items():
            keys = ("services", service, section, var_name)
            value = self._reference(service, var_name, keys, ref, values)
            if value is None:
                ok = False
                continue
            result.append((var_name, value))
        return result if ok else None

    def _files(self, service: str, spec: Service, values: SiteValues
               ) -> list[FilePlan] | None:
        plans: list[FilePlan] = []
        ok = True
        for index, file in enumerate(spec.files):
            base = ("services", service, "files", index)
            section = None
            if file.section is not None:
                found = self._reference(service, "section",
                                        base + ("section",), file.section,
                                        values)
                if not isinstance(found, str):
                    ok = False
                section = found if isinstance(found, str) else None
            entries = []
            for key, ref in file.content.items():
                keys = base + ("content", key)
                parts = self._parts(service, key, keys, ref, values)
                if parts is None:
                    ok = False
                    continue
                entries.append((tuple(key.split(".")) if file.format
                                != "dotenv" else (key,), parts))
            plans.append(FilePlan(
                path=file.path, format=file.format,
                reader=file.reader or ("python-dotenv"
                                       if file.format == "dotenv" else None),
                section=section, entries=tuple(entries)))
        return plans if ok else None

    def _parts(self, service: str, key: str, keys: KeyPath, ref: ValueRef,
               values: SiteValues) -> tuple[Part, ...] | None:
        if ref.url is not None:
            return self._url(service, key, keys, ref.url, values)
        found = self._reference(service, key, keys, ref, values)
        if found is None:
            return None
        if isinstance(found, SecretKeyRef):
            return (Part(secret=found),)
        return (Part(text=found),)

    def _url(self, service: str, key: str, keys: KeyPath, template: str,
             values: SiteValues) -> tuple[Part, ...] | None:
        parts: list[Part] = []
        try:
            slots = parse_url(template)
        except ValueError:
            return None  # reported once by the catalog check
        for slot in slots:
            if slot.text is not None:
                parts.append(Part(text=slot.text))
            elif slot.secret is not None:
                secret, secret_key = split_secret_ref(slot.secret)
                parts.append(Part(secret=SecretKeyRef(secret, secret_key),
                                  encode=True))
            else:
                assert slot.path is not None
                found = values.get(slot.path)
                if found is None or found.value is None:
                    if slot.optional:
                        continue
                    if slot.path in KNOWN_PATHS:
                        self._missing_value(service, key, keys, slot.path)
                    return None
                text = _as_text(found.value)
                parts.append(Part(text=urllib.parse.quote(text, safe="")))
        return _joined(parts)

    def _missing_value(self, service: str, var_name: str, keys: KeyPath,
                       path: str) -> None:
        hint = f"set {path} in {self.doc.display} or in fleet.yaml"
        if path == "objectStore.url":
            hint = ("objectStore.url is derived: set objectStore.endpoint "
                    f"and objectStore.secure in {self.doc.display}")
        self.findings.add(
            self.fdoc.location(keys), "ref.missing-value",
            f"site {self.site.name}: {path} is required by {service} "
            f"{var_name} but set neither in fleet.yaml nor in "
            f"{self.doc.display}", hint=hint)

    def _reference(self, service: str, var_name: str, keys: KeyPath,
                   ref: ValueRef, values: SiteValues) -> EnvValue | None:
        if ref.value is not None:
            return ref.value
        if ref.url is not None:
            parts = self._url(service, var_name, keys + ("url",), ref.url,
                              values)
            if parts is None:
                return None
            if any(p.secret for p in parts):
                return None  # reported once by the catalog check
            return "".join(p.text or "" for p in parts)
        if ref.secret is not None:
            secret, key = split_secret_ref(ref.secret)
            return SecretKeyRef(secret, key)
        if ref.var is not None:
            return self._var(service, var_name, keys, ref)
        path = ref.from_
        assert path is not None
        found = values.get(path)
        if found is None or found.value is None:
            if path in KNOWN_PATHS:
                self._missing_value(service, var_name, keys + ("from",),
                                    path)
            return None
        value = found.value
        if isinstance(value, dict) and "secret" in value:
            secret, key = split_secret_ref(value["secret"])
            return SecretKeyRef(secret, key)
        text = _as_text(value)
        if text == "" and not ref.allow_empty:
            self.findings.add(
                found.origin, "ref.empty-value",
                f"{path} is empty but {service} {var_name} requires a value",
                hint="give a value, or mark the catalog entry "
                "allowEmpty: true")
            return None
        return text

    def _var(self, service: str, var_name: str, keys: KeyPath, ref: ValueRef
             ) -> str | None:
        name = ref.var
        assert name is not None
        self.used_vars.add(name)
        if name not in self.site.vars:
            close = difflib.get_close_matches(name, list(self.site.vars), n=1)
            hint = f"add {name} under vars in {self.doc.display}"
            if close:
                hint += f" (it has {close[0]}: a misspelling?)"
            self.findings.add(
                self.fdoc.location(keys + ("var",)), "ref.missing-var",
                f"site {self.site.name}: vars.{name} is required by "
                f"{service} {var_name} but not set in {self.doc.display}",
                hint=hint)
            return None
        value = self.site.vars[name]
        if value == "" and not ref.allow_empty:
            self.error(("vars", name), "ref.empty-value",
                       f"vars.{name} is empty but {service} {var_name} "
                       "requires a value",
                       "give a value, or mark the catalog entry "
                       "allowEmpty: true")
            return None
        return value


def _joined(parts: list[Part]) -> tuple[Part, ...]:
    """Merge neighbouring literal parts into one."""
    merged: list[Part] = []
    for part in parts:
        if merged and part.text is not None and merged[-1].text is not None:
            merged[-1] = Part(text=merged[-1].text + part.text)
        else:
            merged.append(part)
    return tuple(merged)


def _text(values: SiteValues, path: str) -> str:
    found = values.get(path)
    return _as_text(found.value) if found else ""


def _as_text(value: Any) -> str:
    """Write a typed value as text, as Kubernetes expects env values."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)

