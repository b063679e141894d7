"""Rules on merged site values: names, ingress, sizing, object store.

The checks live in ``sitectl.model.resolve`` and ``sitectl.model.sizing``;
this module documents them.
"""

from __future__ import annotations

from sitectl.lint.rules.base import ERROR, WARNING, Rule, rule

RULES: list[Rule] = [
    rule("site.profile-missing", ERROR, "the site names no profile",
         """Without a profile the replica count and resources would be
         guessed. Name one, or set defaultProfile in fleet.yaml.""",
         "name: aww\n", "name: aww\nprofile: cloud-small\n"),
    rule("site.no-services", ERROR, "an environment deploys no service",
         """With every service disabled, the root Application would point
         at an empty list; remove the environment instead.""",
         "services:\n  xgen-core: {enabled: false}\n  # ... every service"
         "\n", "environments: {}   # or enable a service\n"),
    rule("site.domain-invalid", ERROR, "the domain is not a host name",
         """A domain is an RFC 1123 host name in lower case, without
         scheme, path or port. Only whitespace is neither empty nor a
         host; "" means no ingress.""",
         "domain: https://aww.example.com/\n", "domain: aww.example.com\n"),
    rule("istio.gateway-ref", ERROR,
         "a shared gateway is not named as <namespace>/<name>",
         """In a VirtualService a bare gateway name means "this
         namespace", and the host-name form is not resolved at all, so
         requests get a 404.""",
         "ingress:\n  gateway: shared-gateway\n",
         "ingress:\n  gateway: istio-ingress/shared-gateway\n"),
    rule("ingress.duplicate-host", ERROR,
         "two services get the same ingress host",
         "Give one of them a subdomain in the catalog.",
         "xgen-frontend: {domain: true}\nxgen-backend-gateway: "
         "{domain: true}\n",
         "xgen-frontend: {domain: true}\nxgen-backend-gateway: "
         "{domain: true, subdomain: api}\n"),
    rule("k8s.name-invalid", ERROR, "a name is not a DNS-1123 label",
         """Site, environment and service names become Kubernetes and
         Argo CD names, so they must be lower-case letters, digits and
         '-'. They are never lowercased silently.""",
         "name: Acme_EU\n", "name: acme-eu\n"),
    rule("k8s.name-too-long", ERROR,
         "a composed name is longer than 63 characters",
         """Application names are <site>-<environment>-<service>; Argo CD
         copies them into the app.kubernetes.io/instance label, which
         is limited to 63 characters. Set a shorter shortName.""",
         "name: northwind-logistics-eu-central-1\n",
         "name: northwind-logistics-eu-central-1\nshortName: nwl-euc1\n"),
    rule("k8s.env-name", ERROR, "an environment variable name is invalid",
         "Kubernetes accepts letters, digits, '_', '-' and '.'.",
         "env:\n  1ST_RUN: {value: x}\n", "env:\n  FIRST_RUN: {value: x}\n"),
    rule("argocd.name-collision", ERROR,
         "two sites compose the same Application name",
         "Application names must be unique in the Argo CD namespace.",
         "# sites/a-b.yaml, environment prod\n# sites/a.yaml, environment "
         "b-prod\n",
         "# sites/a.yaml\nshortName: site-a\n"),
    rule("argocd.destination-collision", ERROR,
         "two site environments deploy into one cluster and namespace",
         """Every site renders the same object names, so two environments
         in one namespace of one cluster would overwrite each other's
         Deployments and fight over them in Argo CD. The in-cluster
         address is compared within a site only, since each site's own
         Argo CD means its own cluster by it.""",
         "# main: staging and production\ncluster: https://k3s.example.com"
         ":6443\n",
         "staging: {cluster: https://k3s.example.com:6443, namespace: "
         "xgen-staging}\n"),
    rule("argocd.destination", ERROR, "a cluster is neither URL nor name",
         """An environment's cluster is an https:// API server URL or the
         name of a cluster registered in Argo CD; there is no default to
         the local cluster.""",
         "cluster: http://10.0.0.10:6443\n", "cluster: https://10.0.0.10:6443\n"),
    rule("git.missing", ERROR, "the Git source is incomplete",
         "Argo CD Applications need repoURL, targetRevision and path, from "
         "fleet.yaml or the site file.",
         "git:\n  repoURL: https://git.example.com/deploy.git\n",
         "git:\n  repoURL: https://git.example.com/deploy.git\n"
         "  targetRevision: main\n  path: rendered\n"),
    rule("git.path-mismatch", WARNING,
         "git.path differs from where the tree is written",
         """Applications read <git.path>/<site>/...; when the tree is
         written to another folder of the repository, Argo CD finds
         nothing there.""",
         "git: {path: deploy}\n# tree written to rendered/\n",
         "git: {path: rendered}\n", configurable=True),
    rule("release.missing", ERROR, "no image tag or architecture is set",
         "Images are <registry>/<product>/<site>/<service>:<tag>-<arch>, so "
         "both tag and architecture must be set.",
         "release: {tag: \"2.4.1\"}\n",
         "release: {tag: \"2.4.1\", arch: amd64}\n"),
    rule("release.tag-invalid", ERROR, "the image tag is not valid",
         "The tag is also the app.kubernetes.io/version label value.",
         "release: {tag: \"2.4.1 final\"}\n", "release: {tag: \"2.4.1\"}\n"),
    rule("labels.reserved", ERROR, "a pod label uses app.kubernetes.io/",
         """sitectl sets these labels and uses some in selectors, which
         are immutable: a site may not change them.""",
         "podLabels:\n  app.kubernetes.io/name: core-api\n",
         "podLabels:\n  tier: api\n"),
    rule("labels.invalid", ERROR, "a pod label is not a valid label",
         "Keys and values follow the Kubernetes label syntax.",
         "podLabels:\n  tier: api server\n", "podLabels:\n  tier: "
         "api-server\n"),
    rule("objectstore.secure-required", ERROR,
         "the object store does not say whether it speaks HTTPS",
         """A block whose kind differs from the default replaces it, so an
         S3 site never inherits MinIO's secure: false; it must set
         secure itself.""",
         "objectStore:\n  kind: s3\n  endpoint: "
         "s3.eu-central-1.amazonaws.com\n",
         "objectStore:\n  kind: s3\n  endpoint: s3.eu-central-1.amazonaws.com"
         "\n  secure: true\n"),
    rule("objectstore.region-required", ERROR, "an S3 store has no region",
         "S3 clients sign every request for a region, so an S3 store without "
         "one cannot be used.",
         "objectStore: {kind: s3, secure: true}\n",
         "objectStore: {kind: s3, secure: true, region: eu-central-1}\n"),
    rule("hpa.incomplete", ERROR, "autoscaling lacks min, max or targetCPU",
         "With autoscaling on, every bound must come from some layer.",
         "autoscaling: {min: 1}\n",
         "autoscaling: {min: 1, max: 2, targetCPU: 70}\n"),
    rule("hpa.min-gt-max", ERROR, "autoscaling min is above max",
         "The API server rejects a HorizontalPodAutoscaler whose minimum is "
         "above its maximum.",
         "autoscaling: {min: 5, max: 3}\n", "autoscaling: {min: 3, max: 5}\n"),
    rule("hpa.replicas-outside-range", ERROR,
         "replicas contradicts the autoscaling range",
         """With autoscaling on, the HPA owns the replica count and the
         Deployment carries none. A replica count outside min..max is
         usually a mistake copied from another site.""",
         "replicas: 1\nautoscaling: {min: 2, max: 4}\n",
         "autoscaling: {min: 2, max: 4}\n"),
    rule("sizing.replicas-missing", ERROR,
         "neither replicas nor autoscaling is set",
         "Set one in the profile or the service override.",
         "profiles:\n  tiny: {}\n", "profiles:\n  tiny: {replicas: 1}\n"),
    rule("resources.request-gt-limit", ERROR,
         "a request exceeds its limit after merging",
         """Requests and limits often come from different layers; the API
         server rejects a request above the limit. The message names
         both files.""",
         "requests: {memory: 1536Mi}\n# profile limit: 1Gi\n",
         "requests: {memory: 1536Mi}\nlimits: {memory: 2Gi}\n"),
    rule("resources.memory-millis", ERROR, "memory is written in millis",
         "'m' means milli: 512m of memory is half a byte.",
         "limits: {memory: 512m}\n", "limits: {memory: 512Mi}\n"),
    rule("resources.cpu-binary", ERROR, "CPU is written with a memory unit",
         "CPU is counted in cores (1, 0.5) or millicores (500m).",
         "limits: {cpu: 2Gi}\n", "limits: {cpu: \"2\"}\n"),
    rule("extra.not-found", ERROR, "the extra manifests folder is missing",
         "extraManifests names a folder relative to fleet.yaml, and that "
         "folder must exist.",
         "extraManifests: extra/mian\n", "extraManifests: extra/main\n"),
    rule("extra.empty", ERROR, "the extra manifests folder is empty",
         "An empty folder would render an Application with nothing in it.",
         "extra/main/ (no files)\n", "extra/main/network-policy.yaml\n"),
    rule("extra.invalid", ERROR, "an extra manifest is not an object",
         "Each file holds one object with apiVersion, kind and metadata.",
         "kind: ConfigMap\n",
         "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra}\n"),
    rule("extra.secret", ERROR, "an extra manifest is a Secret with values",
         """Secrets never enter Git: a Secret in the extra manifests would
         commit its data, base64 or not.""",
         "kind: Secret\ndata:\n  password: aHVudGVyMg==\n",
         "# secrets: {xgen-app: [PASSWORD]} in fleet.yaml, created at "
         "bootstrap\n"),
    rule("extra.namespace", ERROR,
         "an extra manifest targets another namespace",
         "The site's AppProject allows only the site's namespace.",
         "metadata: {name: x, namespace: kube-system}\n",
         "metadata: {name: x}\n"),
]
