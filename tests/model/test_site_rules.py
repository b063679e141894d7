"""Site-level rules: object store, domain, gateway, names, sizing, labels."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import (
    site_named,
    BASE_FLEET,
    BASE_SITE,
    documents,
    find,
    pos,
    write_fleet,
)


def obj(root: Path, env_folder: str, kind: str, name: str) -> dict:
    return find(root / "rendered" / env_folder, kind, name)


def tree_kinds(root: Path, site: str) -> list[str]:
    return [d["kind"] for d in documents(root / "rendered" / site)]


# -- object store -------------------------------------------------------

def test_s3_without_secure_is_an_error(tmp_path, cli):
    site = BASE_SITE.replace("vars:", "objectStore:\n  kind: s3\n"
                             "  endpoint: s3.eu-central-1.amazonaws.com\n"
                             "  bucket: acme-docs\n"
                             "  region: eu-central-1\nvars:")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert f"sites/acme.yaml:{pos(site, 's3')}: error: objectStore.kind " \
        "is s3 but secure is not set" in result.err
    assert "set secure: true" in result.err
    assert not (root / "rendered").exists()


def test_s3_replaces_minio_block(tmp_path, cli):
    site = BASE_SITE.replace("vars:", "objectStore:\n  kind: s3\n"
                             "  endpoint: s3.eu-central-1.amazonaws.com\n"
                             "  bucket: acme-docs\n  secure: true\n"
                             "  region: eu-central-1\nvars:")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    assert cli("render", str(root)).code == 0
    deployment = obj(root, "acme/prod", "Deployment", "api")
    env = {e["name"]: e.get("value") for e in
           deployment["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["STORE_ENDPOINT"] == "s3.eu-central-1.amazonaws.com"
    assert env["STORE_SECURE"] == "true"


@pytest.mark.parametrize(
    ("endpoint", "secure", "words"),
    [
        ("http://10.0.0.20:9000", "true",
         "scheme http:// contradicts secure: true"),
        ("https://10.0.0.20:9000", "false",
         "scheme https:// contradicts secure: false"),
        ("https://10.0.0.20:9000/", None, "has a scheme"),
    ],
)
def test_endpoint_scheme_rejected(tmp_path, cli, endpoint, secure, words):
    block = f"objectStore:\n  kind: minio\n  endpoint: {endpoint}\n" \
        "  bucket: docs\n"
    if secure:
        block = block.replace("  endpoint", f"  secure: {secure}\n  endpoint")
    site = BASE_SITE.replace("vars:", block + "vars:")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert f"sites/acme.yaml:{pos(site, endpoint)}: error:" in result.err
    assert words in result.err
    assert "write endpoint: 10.0.0.20:9000" in result.err


# -- domain and ingress -------------------------------------------------

def test_empty_domain_renders_no_ingress(tmp_path, cli):
    site = BASE_SITE.replace("domain: acme.example.test", 'domain: ""')
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 0, result.err
    where = pos(site, '""')
    assert f"sites/acme.yaml:{where}: info: domain is empty" in result.err
    assert "no Gateway or VirtualService rendered for web" in result.err
    kinds = tree_kinds(root, "acme")
    assert "Gateway" not in kinds
    assert "VirtualService" not in kinds
    assert kinds.count("Deployment") == 2
    assert kinds.count("HorizontalPodAutoscaler") == 2


def test_missing_domain_behaves_as_empty(tmp_path, cli):
    site = BASE_SITE.replace("domain: acme.example.test\n", "")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 0
    assert "info: domain is not set" in result.err
    assert "Gateway" not in tree_kinds(root, "acme")


@pytest.mark.parametrize(
    ("domain", "words", "fix"),
    [
        ('"  "', "only whitespace", 'domain: ""'),
        ("https://acme.example.test/", "is a URL", "write acme.example.test"),
        ("acme.example.test:8443", "has a port", "write acme.example.test"),
        ("Acme.Example.test", "upper-case", "write acme.example.test"),
        ("acme_site", "not a DNS name", ""),
    ],
)
def test_bad_domain_rejected(tmp_path, cli, domain, words, fix):
    site = BASE_SITE.replace("acme.example.test", domain, 1)
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert f"sites/acme.yaml:{pos(site, 'domain: ')[:-1]}" in result.err
    assert words in result.err
    assert fix in result.err
    assert not (root / "rendered").exists()


def test_own_gateway_with_tls(tmp_path, cli):
    site = BASE_SITE.replace("vars:", "ingress:\n  tlsSecret: acme-tls\nvars:")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    assert cli("render", str(root)).code == 0
    gateway = obj(root, "acme/prod", "Gateway", "shop-gateway")
    virtual = obj(root, "acme/prod", "VirtualService", "web")
    assert gateway["metadata"] == {
        "name": "shop-gateway", "namespace": "shop",
        "labels": {"app.kubernetes.io/part-of": "shop",
                   "app.kubernetes.io/managed-by": "sitectl"}}
    https, http = gateway["spec"]["servers"]
    assert https["tls"] == {"mode": "SIMPLE", "credentialName": "acme-tls"}
    assert https["hosts"] == ["acme.example.test"]
    assert http["tls"] == {"httpsRedirect": True}
    assert virtual["spec"]["gateways"] == ["shop/shop-gateway"]
    assert virtual["spec"]["hosts"] == https["hosts"]
    app = obj(root, "acme/prod", "Application", "acme-prod-ingress")
    assert app["spec"]["source"]["path"] == "tree/acme/prod"
    assert app["spec"]["source"]["directory"] == {"include": "gateway.yaml"}


def test_shared_gateway(tmp_path, cli):
    site = BASE_SITE.replace(
        "vars:", "ingress:\n  gateway: istio-ingress/shared-gateway\nvars:")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    assert cli("render", str(root)).code == 0
    assert "Gateway" not in tree_kinds(root, "acme")
    virtual = obj(root, "acme/prod", "VirtualService", "web")
    assert virtual["metadata"]["namespace"] == "shop"
    assert virtual["spec"]["gateways"] == ["istio-ingress/shared-gateway"]
    assert virtual["spec"]["hosts"] == ["acme.example.test"]


@pytest.mark.parametrize(
    ("ref", "words", "fix"),
    [
        ("shared-gateway", "resolves to namespace shop",
         "write <namespace>/shared-gateway"),
        ("shared-gateway.istio-ingress.svc.cluster.local", "host-name form",
         "write istio-ingress/shared-gateway"),
    ],
)
def test_gateway_reference_forms(tmp_path, cli, ref, words, fix):
    site = BASE_SITE.replace("vars:", f"ingress:\n  gateway: {ref}\nvars:")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert f"sites/acme.yaml:{pos(site, ref)}: error:" in result.err
    assert words in result.err
    assert fix in result.err


def test_subdomain_and_duplicate_host(tmp_path, cli):
    fleet = BASE_FLEET.replace(
        "    port: 8000\n", "    port: 8000\n    domain: true\n"
        "    subdomain: api\n")
    root = write_fleet(tmp_path / "f", fleet)
    assert cli("render", str(root)).code == 0
    virtual = obj(root, "acme/prod", "VirtualService", "api")
    assert virtual["spec"]["hosts"] == ["api.acme.example.test"]
    gateway = obj(root, "acme/prod", "Gateway", "shop-gateway")
    assert gateway["spec"]["servers"][0]["hosts"] == [
        "acme.example.test", "api.acme.example.test"]

    clash = fleet.replace("    subdomain: api\n", "")
    write_fleet(root, clash)
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert "[ingress.duplicate-host]" in result.err


# -- names ------------------------------------------------------------------

LONG = "northwind-logistics-eu-central-1"  # 32 characters


def test_composed_name_over_63(tmp_path, cli):
    fleet = BASE_FLEET.replace("  api:\n", "  xgen-backend-gateway:\n")
    site = BASE_SITE.replace("name: acme", f"name: {LONG}").replace(
        "  prod:", "  production:")
    root = write_fleet(tmp_path / "f", fleet, {LONG: site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    name = f"{LONG}-production-xgen-backend-gateway"
    assert len(name) == 64
    assert f"sites/{LONG}.yaml:{pos(site, LONG)}: error: Application name " \
        f"{name} is 64 characters" in result.err
    assert "app.kubernetes.io/instance" in result.err
    assert "shortName" in result.err
    assert result.err.count("[k8s.name-too-long]") == 1
    assert not (root / "rendered").exists()

    shorter = site.replace(f"name: {LONG}", f"name: {LONG}\nshortName: nwl")
    write_fleet(root, fleet, {LONG: shorter})
    assert cli("render", str(root)).code == 0
    app = obj(root, f"{LONG}/production", "Application",
              "nwl-production-xgen-backend-gateway")
    assert app["metadata"]["name"] == "nwl-production-xgen-backend-gateway"


def test_one_character_shorter_fits(tmp_path, cli):
    fleet = BASE_FLEET.replace("  api:\n", "  xgen-backend-gateway:\n")
    name = "northwind-logistics-eu-central1"
    assert len(name) == 31
    site = BASE_SITE.replace("name: acme", f"name: {name}").replace(
        "  prod:", "  production:")
    root = write_fleet(tmp_path / "f", fleet, {name: site})
    assert cli("render", str(root)).code == 0


@pytest.mark.parametrize("name", ["Acme_EU", "acme-", "-acme"])
def test_site_name_must_be_dns_label(tmp_path, cli, name):
    site = BASE_SITE.replace("name: acme", f"name: {name}")
    root = write_fleet(tmp_path / "f", sites={name: site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert "[k8s.name-invalid]" in result.err
    assert not (root / "rendered").exists()


def test_site_name_must_match_file(tmp_path, cli):
    root = write_fleet(tmp_path / "f", sites={"other": BASE_SITE})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert "site name 'acme' differs from its file name" in result.err


def test_application_names_unique(tmp_path, cli):
    first = site_named("a-b").replace(
        "  prod:", "  prod:", 1)
    second = site_named("a").replace(
        "  prod:", "  b-prod:")
    root = write_fleet(tmp_path / "f", sites={"a-b": first, "a": second})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert "[argocd.name-collision]" in result.err


# -- registry -------------------------------------------------------------

def test_registry_with_scheme_rejected(tmp_path, cli):
    site = BASE_SITE.replace("vars:", "registry:\n"
                             "  host: https://nexus.acme.internal:5000/\n"
                             "  ciCredentialId: acme-ci\n"
                             "  pullSecret: acme-pull\nvars:")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    where = pos(site, "https://nexus")
    assert f"sites/acme.yaml:{where}: error: registry.host:" in result.err
    assert "write 'nexus.acme.internal:5000'" in result.err


def test_registry_block_sets_push_and_pull(tmp_path, cli):
    site = BASE_SITE.replace("vars:", "registry:\n"
                             "  host: nexus.acme.internal:5000\n"
                             "  ciCredentialId: acme-ci\n"
                             "  pullSecret: acme-pull\nvars:")
    other = site_named("globex")
    root = write_fleet(tmp_path / "f", sites={"acme": site,
                                               "globex": other})
    assert cli("render", str(root)).code == 0
    for site_name, host, secret in (
            ("acme", "nexus.acme.internal:5000", "acme-pull"),
            ("globex", "registry.example.test", "shop-pull")):
        deployments = [d for d in documents(root / "rendered" / site_name)
                       if d["kind"] == "Deployment"]
        assert len(deployments) == 2
        for deployment in deployments:
            pod = deployment["spec"]["template"]["spec"]
            image = pod["containers"][0]["image"]
            service = deployment["metadata"]["name"]
            assert image == f"{host}/shop/{site_name}/{service}:1.0.0-amd64"
            assert pod["imagePullSecrets"] == [{"name": secret}]


def test_partial_registry_block_rejected(tmp_path, cli):
    site = BASE_SITE.replace("vars:", "registry:\n"
                             "  host: nexus.acme.internal:5000\nvars:")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert "required key 'ciCredentialId' is missing in registry" \
        in result.err
    assert "required key 'pullSecret' is missing in registry" in result.err


# -- sizing -------------------------------------------------------------

def test_replicas_outside_autoscaling(tmp_path, cli):
    site = BASE_SITE.replace("vars:", "services:\n  api:\n    replicas: 1\n"
                             "    autoscaling: {min: 2, max: 4}\n"
                             "  web:\n    replicas: 3\n"
                             "    autoscaling: false\nvars:")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    where = pos(site, "replicas: 1")
    assert f"sites/acme.yaml:{where}: error: api: replicas = 1 is outside " \
        "autoscaling 2..4" in result.err
    assert "[hpa.replicas-outside-range]" in result.err

    fixed = site.replace("    replicas: 1\n", "")
    write_fleet(root, sites={"acme": fixed})
    assert cli("render", str(root)).code == 0
    api = obj(root, "acme/prod", "Deployment", "api")
    assert "replicas" not in api["spec"]
    hpa = obj(root, "acme/prod", "HorizontalPodAutoscaler", "api")
    assert hpa["spec"]["minReplicas"] == 2
    assert hpa["spec"]["maxReplicas"] == 4
    assert hpa["spec"]["scaleTargetRef"] == {
        "apiVersion": "apps/v1", "kind": "Deployment", "name": "api"}
    web = obj(root, "acme/prod", "Deployment", "web")
    assert web["spec"]["replicas"] == 3
    hpas = [d["metadata"]["name"] for d in documents(root / "rendered")
            if d["kind"] == "HorizontalPodAutoscaler"]
    assert hpas == ["api"]


def test_no_deployment_targeted_by_hpa_has_replicas(tmp_path, cli):
    root = write_fleet(tmp_path / "f")
    assert cli("render", str(root)).code == 0
    rendered = documents(root / "rendered")
    targets = {d["spec"]["scaleTargetRef"]["name"] for d in rendered
               if d["kind"] == "HorizontalPodAutoscaler"}
    assert targets == {"api", "web"}
    for deployment in rendered:
        if deployment["kind"] == "Deployment":
            assert deployment["metadata"]["name"] in targets
            assert "replicas" not in deployment["spec"]


def test_autoscaling_min_above_max(tmp_path, cli):
    site = BASE_SITE.replace("vars:", "services:\n  api:\n"
                             "    autoscaling: {min: 5, max: 3}\nvars:")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert f"sites/acme.yaml:{pos(site, '5')}: error: api: autoscaling min " \
        "5 is above max 3" in result.err


def test_request_above_inherited_limit(tmp_path, cli):
    site = BASE_SITE.replace("profile: onprem", "profile: cloud").replace(
        "vars:", "services:\n  api:\n    resources:\n"
        "      requests: {memory: 1536Mi}\n  web:\n    resources:\n"
        "      limits: {memory: 512m}\nvars:")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    limit = pos(BASE_FLEET, "memory: 1Gi", 2)
    limit = limit.split(":")[0] + ":" + str(int(limit.split(":")[1]) + 8)
    assert f"sites/acme.yaml:{pos(site, '1536Mi')}: error: api: " \
        "requests.memory 1536Mi exceeds limits.memory 1Gi (from " \
        f"fleet.yaml:{limit} profiles.cloud.resources.limits.memory)" \
        in result.err
    assert f"sites/acme.yaml:{pos(site, '512m')}: error: web: " \
        "limits.memory 512m means 0.512 bytes" in result.err
    assert "did you mean 512Mi?" in result.err


def test_cpu_quantities_compare_by_value(tmp_path, cli):
    site = BASE_SITE.replace("vars:", "services:\n  api:\n    resources:\n"
                             "      requests: {cpu: 1500m}\nvars:")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert "requests.cpu 1500m exceeds limits.cpu 1" in result.err


def test_bad_quantity_rejected(tmp_path, cli):
    site = BASE_SITE.replace("vars:", "services:\n  api:\n    resources:\n"
                             "      limits: {memory: 1gb}\nvars:")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert f"sites/acme.yaml:{pos(site, '1gb')}: error:" in result.err
    assert "not a Kubernetes quantity" in result.err


def test_fixed_resources_render_as_written(tmp_path, cli):
    site = BASE_SITE.replace("profile: onprem", "profile: cloud").replace(
        "vars:", "services:\n  api:\n    resources:\n"
        "      requests: {memory: 1536Mi}\n      limits: {memory: 2Gi}\n"
        "vars:")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    assert cli("render", str(root)).code == 0
    container = obj(root, "acme/prod", "Deployment", "api")[
        "spec"]["template"]["spec"]["containers"][0]
    assert container["resources"] == {
        "requests": {"cpu": "100m", "memory": "1536Mi"},
        "limits": {"cpu": "500m", "memory": "2Gi"}}


# -- labels and selectors ---------------------------------------------

def test_selector_stable_across_releases(tmp_path, cli):
    before = write_fleet(tmp_path / "before")
    assert cli("render", str(before)).code == 0
    site = BASE_SITE.replace("vars:", 'release: {tag: "2.0.0", arch: arm64}\n'
                             "services:\n  api:\n    podLabels:\n"
                             "      tier: backend\nvars:")
    after = write_fleet(tmp_path / "after", sites={"acme": site})
    assert cli("render", str(after)).code == 0
    old = obj(before, "acme/prod", "Deployment", "api")
    new = obj(after, "acme/prod", "Deployment", "api")
    assert old["spec"]["selector"] == new["spec"]["selector"]
    selector = new["spec"]["selector"]["matchLabels"]
    assert set(selector) == {"app.kubernetes.io/name",
                             "app.kubernetes.io/instance"}
    pod_labels = new["spec"]["template"]["metadata"]["labels"]
    assert selector.items() <= pod_labels.items()
    assert pod_labels["tier"] == "backend"
    assert pod_labels["app.kubernetes.io/version"] == "2.0.0"
    assert "2.0.0" not in str(selector)
    service = obj(after, "acme/prod", "Service", "api")
    assert service["spec"]["selector"] == selector
    text = (after / "rendered/acme/prod/services/api.yaml").read_text()
    assert 'app.kubernetes.io/version: "2.0.0"' in text


def test_reserved_pod_label_rejected(tmp_path, cli):
    site = BASE_SITE.replace("vars:", "services:\n  api:\n    podLabels:\n"
                             "      app.kubernetes.io/name: core-api\nvars:")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    where = pos(site, "app.kubernetes.io/name")
    assert f"sites/acme.yaml:{where}: error: app.kubernetes.io/name is set " \
        "by sitectl" in result.err
    assert "[labels.reserved]" in result.err


@pytest.mark.parametrize("value", ["true", "0", "1", "yes"])
def test_autoscaling_takes_mapping_or_false(tmp_path, cli, value):
    site = BASE_SITE.replace("vars:", "services:\n  api:\n"
                             f"    autoscaling: {value}\nvars:")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    line, column = pos(site, f"autoscaling: {value}").split(":")
    where = f"{line}:{int(column) + len('autoscaling: ')}"
    assert f"sites/acme.yaml:{where}: error:" in result.err


def test_huge_quantity_rejected(tmp_path, cli):
    site = BASE_SITE.replace("vars:", "services:\n  api:\n    resources:\n"
                             "      limits: {memory: '1e999999999'}\nvars:")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert "out of range" in result.err


@pytest.mark.parametrize("name", ["../sites/acme", "./acme", "ACME"])
def test_site_option_takes_a_name(tmp_path, cli, name):
    root = write_fleet(tmp_path / "f")
    result = cli("render", str(root), "--site", name)
    assert result.code == 1
    assert "is not a site name" in result.err
    assert not (root / "rendered").exists()


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        ("acme.YAML", "lower case"),
        (".yaml", "no site name"),
        ("zed.yaml/", "folder"),
    ],
)
def test_stray_site_entries_reported(tmp_path, cli, entry, words):
    root = write_fleet(tmp_path / "f")
    target = root / "sites" / entry.rstrip("/")
    if entry.endswith("/"):
        target.mkdir()
    else:
        target.write_text(BASE_SITE)
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert "[fleet.stray-file]" in result.err
    assert words in result.err


def test_site_qdrant_key_checked(tmp_path, cli):
    site = BASE_SITE.replace("vars:", "infra:\n  qdrant:\n    apiKey: "
                             "{secret: shop-app/QDRANT_KEY}\nvars:")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert f"sites/acme.yaml:{pos(site, 'shop-app/QDRANT_KEY')}: error: " \
        "secret 'shop-app' has no key 'QDRANT_KEY'" in result.err


@pytest.mark.parametrize("text", ["vars: !custom\n  A: b\n",
                                  "vars: !!str\n  A: b\n"])
def test_tags_on_mappings_rejected(tmp_path, cli, text):
    site = BASE_SITE.replace("vars:\n  GREETING: hello\n", text)
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert "[yaml.tag]" in result.err


def test_negative_resources_rejected(tmp_path, cli):
    site = BASE_SITE.replace("vars:", "services:\n  api:\n    resources:\n"
                             "      requests: {cpu: '-2'}\nvars:")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert "is negative" in result.err


def test_extra_manifests_stay_in_fleet(tmp_path, cli):
    (tmp_path / "elsewhere").mkdir()
    site = BASE_SITE.replace("vars:", "extraManifests: ../elsewhere\nvars:")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert "is outside the fleet folder" in result.err


def test_invalid_domain_gives_no_notice(tmp_path, cli):
    site = BASE_SITE.replace("acme.example.test", "https://acme.test/", 1)
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert "[site.domain-invalid]" in result.err
    assert "[ingress.no-domain]" not in result.err


def test_limit_unit_named_as_cause(tmp_path, cli):
    site = BASE_SITE.replace("vars:", "services:\n  api:\n    resources:\n"
                             "      limits: {memory: 512m}\nvars:")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert f"(caused by the unit error at sites/acme.yaml:" \
        f"{pos(site, '512m')})" in result.err


def test_in_cluster_destinations_differ_per_site(tmp_path, cli):
    sites = {name: site_named(name).replace(
        f"https://{name}.k8s.example.test:6443",
        "https://kubernetes.default.svc") for name in ("acme", "globex")}
    root = write_fleet(tmp_path / "f", sites=sites)
    assert cli("render", str(root)).code == 0
    twice = sites["acme"].replace("  prod:\n", "  qa:\n    cluster: "
                                  "https://kubernetes.default.svc\n"
                                  "    kubeContext: acme-qa\n  prod:\n")
    write_fleet(root, sites={"acme": twice, "globex": sites["globex"]})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert "[argocd.destination-collision]" in result.err
