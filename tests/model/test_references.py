"""Catalog references: variables, site values and secret keys."""

from __future__ import annotations

from conftest import (
    site_named,
    BASE_FLEET,
    BASE_SITE,
    documents,
    find,
    pos,
    write_fleet,
)


def deployment(root, site="acme", env="prod", service="api"):
    return find(root / f"rendered/{site}/{env}", "Deployment", service)


def env_of(obj):
    container = obj["spec"]["template"]["spec"]["containers"][0]
    return {e["name"]: e.get("value", e.get("valueFrom"))
            for e in container.get("env", [])}


TENANT_FLEET = BASE_FLEET.replace(
    "      REDIS_HOST: {from: infra.redis.host}\n",
    "      TENANT: {var: TENANT}\n"
    "      REDIS_HOST: {from: infra.redis.hostname}\n")


def test_unknown_path_reported_once(tmp_path, cli):
    sites = {"acme": BASE_SITE + "  TENANT: north\n",
             "globex": site_named("globex")
             + "  TENANT: south\n"}
    sites = {k: v.replace("vars:\n", "vars:\n") for k, v in sites.items()}
    root = write_fleet(tmp_path / "f", TENANT_FLEET, sites)
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    where = pos(TENANT_FLEET, "infra.redis.hostname")
    assert result.err.count(f"fleet.yaml:{where}: error:") == 1
    assert "did you mean 'infra.redis.host'?" in result.err
    assert not (root / "rendered").exists()


def test_missing_and_misspelt_var(tmp_path, cli):
    fleet = TENANT_FLEET.replace("infra.redis.hostname", "infra.redis.host")
    site = BASE_SITE + "  TENANT_REGON: north\n"
    root = write_fleet(tmp_path / "f", fleet, {"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    where = pos(fleet, "TENANT}")
    assert f"fleet.yaml:{where}: error: site acme: vars.TENANT is " \
        "required by api TENANT but not set in sites/acme.yaml" in result.err
    unused = pos(site, "TENANT_REGON")
    assert f"sites/acme.yaml:{unused}: warning: variable TENANT_REGON is " \
        "used by no service" in result.err
    assert "did you mean 'TENANT'?" in result.err


def test_empty_var_needs_allow_empty(tmp_path, cli):
    fleet = TENANT_FLEET.replace("infra.redis.hostname", "infra.redis.host")
    site = BASE_SITE + '  TENANT: ""\n'
    root = write_fleet(tmp_path / "f", fleet, {"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    where = pos(site, '""')
    assert f"sites/acme.yaml:{where}: error: vars.TENANT is empty" \
        in result.err
    assert "[ref.empty-value]" in result.err

    allowed = fleet.replace("{var: TENANT}", "{var: TENANT, allowEmpty: true}")
    write_fleet(root, allowed, {"acme": site})
    assert cli("render", str(root)).code == 0
    assert env_of(deployment(root))["TENANT"] == ""


def test_fixed_references_render(tmp_path, cli):
    fleet = TENANT_FLEET.replace("infra.redis.hostname", "infra.redis.host")
    site = BASE_SITE + "  TENANT: eu-north\n"
    root = write_fleet(tmp_path / "f", fleet, {"acme": site})
    result = cli("render", str(root))
    assert result.code == 0, result.err
    env = env_of(deployment(root))
    assert env["TENANT"] == "eu-north"
    assert env["REDIS_HOST"] == "redis.shop-system.svc.cluster.local"
    assert env["REDIS_PORT"] == "6379"
    assert env["STORE_SECURE"] == "false"
    paths = (root / "rendered").rglob("*.yaml")
    tree = "\n".join(p.read_text() for p in paths)
    for leftover in ("{var:", "{from:", "{{", "None", "null", "True",
                     "False"):
        assert leftover not in tree


def test_value_missing_for_one_site(tmp_path, cli):
    fleet = BASE_FLEET.replace(
        "      REDIS_PORT: {from: infra.redis.port}\n",
        "      REDIS_PORT: {from: infra.redis.port}\n"
        "      REDIS_USER: {from: infra.redis.user}\n")
    root = write_fleet(tmp_path / "f", fleet)
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    where = pos(fleet, "infra.redis.user")
    assert f"fleet.yaml:{where}: error: site acme: infra.redis.user is " \
        "required by api REDIS_USER" in result.err


def test_secret_key_outside_contract(tmp_path, cli):
    fleet = BASE_FLEET.replace(
        "      REDIS_PASSWORD: {secret: shop-app/REDIS_PASSWORD}\n",
        "      REDIS_PASSWORD: {secret: shop-app/redis-password}\n"
        "      LLM_KEY: {secret: shop-llm/API_KEY}\n")
    root = write_fleet(tmp_path / "f", fleet)
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    wrong_key = pos(fleet, "shop-app/redis-password")
    assert f"fleet.yaml:{wrong_key}: error: secret 'shop-app' has no key " \
        "'redis-password'; declared keys are REDIS_PASSWORD, " \
        "STORE_SECRET_KEY" in result.err
    assert "did you mean 'REDIS_PASSWORD'?" in result.err
    no_secret = pos(fleet, "shop-llm/API_KEY")
    assert f"fleet.yaml:{no_secret}: error: secret 'shop-llm' is not " \
        "declared under secrets" in result.err
    assert not (root / "rendered").exists()


def test_secret_refs_stay_refs(tmp_path, cli):
    root = write_fleet(tmp_path / "f")
    assert cli("render", str(root)).code == 0
    declared = {("shop-app", "REDIS_PASSWORD"), ("shop-app",
                                                 "STORE_SECRET_KEY")}
    deployments = [d for d in documents(root / "rendered")
                   if d["kind"] == "Deployment"]
    assert len(deployments) == 2
    for obj in deployments:
        for entry in env_of(obj).values():
            if isinstance(entry, dict):
                ref = entry["secretKeyRef"]
                assert (ref["name"], ref["key"]) in declared
                assert "optional" not in ref


def test_secret_in_config_rejected(tmp_path, cli):
    fleet = BASE_FLEET + "    config:\n" \
        "      TOKEN: {secret: shop-app/REDIS_PASSWORD}\n"
    root = write_fleet(tmp_path / "f", fleet)
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert "[secret.in-configmap]" in result.err


def test_reference_needs_one_source(tmp_path, cli):
    fleet = BASE_FLEET.replace("{var: GREETING}",
                               "{var: GREETING, from: site}")
    root = write_fleet(tmp_path / "f", fleet)
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert "give exactly one of var, from, secret, value or url (found " \
        "var, from)" in result.err


def test_unknown_key_suggests(tmp_path, cli):
    site = BASE_SITE.replace("profile: onprem", "profle: onprem")
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert f"sites/acme.yaml:{pos(site, 'profle')}: error: unknown key " \
        "'profle' in the top level" in result.err
    assert "did you mean 'profile'?" in result.err


def test_unknown_service_and_profile(tmp_path, cli):
    site = BASE_SITE.replace("profile: onprem", "profile: onprim") + \
        "services:\n  apii:\n    replicas: 2\n"
    root = write_fleet(tmp_path / "f", sites={"acme": site})
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert f"sites/acme.yaml:{pos(site, 'onprim')}: error: profile " \
        "'onprim' does not exist" in result.err
    assert "did you mean 'onprem'?" in result.err
    assert f"sites/acme.yaml:{pos(site, 'apii')}: error: service 'apii' " \
        "is not in the catalog" in result.err
    assert "did you mean 'api'?" in result.err


def test_all_files_reported_in_one_run(tmp_path, cli):
    sites = {"acme": BASE_SITE.replace("kubeContext", "kubeContxt"),
             "globex": site_named("globex")
             .replace("onprem", "cloud").replace("hello", "yes")}
    root = write_fleet(tmp_path / "f", sites=sites)
    result = cli("render", str(root), cwd=root)
    assert result.code == 1
    assert "sites/acme.yaml:" in result.err
    assert "sites/globex.yaml:" in result.err
