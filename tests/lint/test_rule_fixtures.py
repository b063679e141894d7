"""One failing and one passing fixture per rule, checked by id and position.

Each case edits the small base fleet: ``bad`` introduces the mistake,
``good`` is the corrected input. The finding must carry the rule id and
sit at the first occurrence of ``needle`` in the named file (or at the
file alone where the rule has no line). A rule added to the table
without a case here fails ``test_every_rule_has_a_fixture``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import BASE_FLEET, BASE_SITE, pos, write_fleet
from sitectl.lint.rules import RULES

GEN = 'configGenerator: {image: tools/python, tag: "3.12"}\n'
WEB = "  web:\n    port: 3000\n"
API_ENV = "      REDIS_HOST: {from: infra.redis.host}\n"
VARS = "vars:\n"


def site(old: str = "", new: str = "") -> str:
    return BASE_SITE.replace(old, new, 1) if old else BASE_SITE


def fleet(old: str = "", new: str = "") -> str:
    return BASE_FLEET.replace(old, new, 1) if old else BASE_FLEET


def web_files(body: str) -> str:
    return GEN + fleet(WEB, WEB + "    files:\n" + body)


DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: sidecar
  labels: {{app: sidecar}}
spec:
{replicas}  selector:
    matchLabels: {{app: sidecar}}
  template:
    metadata:
      labels: {{app: {label}}}
    spec:
      containers:
        - name: sidecar
          image: registry.example.test/tools/sidecar:{tag}
          resources:
            requests: {{cpu: 10m, memory: 16Mi}}
            limits: {{cpu: 50m, memory: 32Mi}}
"""
HPA = """\
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: sidecar
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: sidecar}
  minReplicas: 1
  maxReplicas: 2
"""
VIRTUAL = """\
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: extra-route
spec:
  hosts: [{host}]
  gateways: [{gateway}]
  http:
    - route:
        - destination: {{host: web}}
"""
EXTRA_SITE = site(VARS, "extraManifests: extra\n" + VARS)


@dataclass
class Case:
    rule: str
    bad_fleet: str = BASE_FLEET
    bad_site: str | None = BASE_SITE
    good_fleet: str = BASE_FLEET
    good_site: str | None = BASE_SITE
    file: str = "sites/acme.yaml"
    needle: str | None = None
    nth: int = 1
    extra: dict[str, str] = field(default_factory=dict)
    good_extra: dict[str, str] = field(default_factory=dict)
    args: tuple[str, ...] = ()
    good_args: tuple[str, ...] = ()
    unreadable: str | None = None
    extra_sites: dict[str, str] = field(default_factory=dict)
    site_name: str = "acme"

    def text(self) -> str:
        if self.file == "fleet.yaml":
            return self.bad_fleet
        if self.file.startswith("extra/"):
            return self.extra[self.file.removeprefix("extra/")]
        assert self.bad_site is not None
        return self.bad_site


def deployment(replicas: str = "", label: str = "sidecar",
               tag: str = "1.0") -> str:
    return DEPLOYMENT.format(replicas=replicas, label=label, tag=tag)


CASES = [
    Case("yaml.syntax", bad_site=site("hello", "@hello"), needle="@hello"),
    Case("yaml.empty", bad_site="# to do\n"),
    Case("file.unreadable", unreadable="sites/acme.yaml"),
    Case("yaml.implicit-type", bad_site=site("hello", "on"), needle="on\n"),
    Case("yaml.comment-value", bad_site=site("hello", "#hello"),
         needle="#hello"),
    Case("yaml.duplicate-key", bad_site=site("  GREETING: hello\n",
                                             "  GREETING: a\n  GREETING: b\n"),
         needle="GREETING", nth=2),
    Case("yaml.merge-key", bad_site=site(VARS, "base: &b {GREETING: hi}\n"
                                         "vars:\n  <<: *b\n"),
         needle="<<"),
    Case("yaml.tag", bad_site=site("hello", "!!binary aGk="),
         needle="!!binary"),
    Case("yaml.complex-key", bad_site=site("  GREETING: hello\n",
                                           "  ? [a, b]\n  : x\n"),
         needle="[a, b]"),
    Case("yaml.alias-bomb", bad_site=site(VARS, "x0: &x0 [a, a, a, a, a]\n" +
                                          "".join(f"x{i}: &x{i} [" +
                                                  ", ".join([f"*x{i - 1}"] * 8)
                                                  + "]\n"
                                                  for i in range(1, 7))
                                          + VARS),
         needle=None),
    Case("yaml.comment-in-value", bad_site=site("hello", "hi #there"),
         needle="#there"),
    Case("yaml.anchor", bad_site=site("hello", "&a hello"), needle="&a"),
    Case("yaml.tab", bad_site=site("hello", '"a\tb"'), needle="\t"),
    Case("schema.unknown-key", bad_site=site("profile:", "profle:"),
         needle="profle"),
    Case("schema.missing-key", bad_site=site("kind: Site\n", ""),
         needle="apiVersion"),
    Case("schema.invalid-value", bad_site=site("hello", "42"), needle="42"),
    Case("schema.empty-value", bad_site=site("domain: acme.example.test",
                                             "domain:"),
         needle="\nenvironments"),
    Case("fleet.not-found", bad_fleet="", file="fleet.yaml"),
    Case("fleet.no-sites", bad_site=None, file="sites"),
    Case("fleet.stray-file", extra_sites={"acme.yml": BASE_SITE},
         file="sites/acme.yml"),
    Case("site.not-found", args=("--site", "acm"), file="sites/acm.yaml",
         good_args=("--site", "acme")),
    Case("site.name-mismatch", bad_site=site("name: acme", "name: acne"),
         needle="acne"),
    Case("ingress.no-domain", bad_site=site("acme.example.test", '""'),
         needle='""'),
    Case("ref.unknown-path", bad_fleet=fleet("infra.redis.host",
                                             "infra.redis.hots"),
         file="fleet.yaml", needle="infra.redis.hots"),
    Case("ref.missing-value", bad_fleet=fleet(API_ENV, API_ENV +
                                              "      DB: {from: infra."
                                              "postgres.host}\n"),
         file="fleet.yaml", needle="infra.postgres.host"),
    Case("ref.missing-var", bad_site=site("GREETING", "GREETINGS"),
         file="fleet.yaml", needle="GREETING}"),
    Case("ref.empty-value", bad_site=site("hello", '""'), needle='""'),
    Case("ref.unused-var", bad_site=BASE_SITE + "  SPARE: x\n",
         needle="SPARE"),
    Case("ref.unknown-profile", bad_site=site("profile: onprem",
                                              "profile: onprim"),
         needle="onprim"),
    Case("ref.unknown-service", bad_site=BASE_SITE + "services:\n  wbe: {}\n",
         needle="wbe"),
    Case("ref.url-invalid", bad_fleet=fleet(API_ENV, "      URL: {url: "
                                            "'redis://{infra.redis.host'}\n"),
         file="fleet.yaml", needle="'redis://"),
    Case("secret.unknown-secret", bad_fleet=fleet("shop-app/REDIS_PASSWORD",
                                                  "shop-db/REDIS_PASSWORD"),
         file="fleet.yaml", needle="shop-db/"),
    Case("secret.unknown-key", bad_fleet=fleet("shop-app/REDIS_PASSWORD",
                                               "shop-app/REDIS_PASS"),
         file="fleet.yaml", needle="shop-app/REDIS_PASS"),
    Case("secret.in-configmap", bad_fleet=BASE_FLEET + "    config:\n"
         "      TOKEN: {secret: shop-app/REDIS_PASSWORD}\n",
         file="fleet.yaml", needle="shop-app/REDIS_PASSWORD}\n", nth=2),
    Case("secret.in-env-url", bad_fleet=fleet(API_ENV, "      URL: {url: "
                                              "'redis://:{secret:shop-app/"
                                              "REDIS_PASSWORD}@h'}\n"),
         file="fleet.yaml", needle="'redis://"),
    Case("secret.literal", bad_site=BASE_SITE + "  API_TOKEN: abcdef\n",
         needle="abcdef"),
    Case("catalog.literal-endpoint", bad_fleet=fleet(API_ENV, "      HOST: "
                                                     "{value: 10.0.0.9}\n"),
         file="fleet.yaml", needle="10.0.0.9"),
    Case("config.command-writes-file",
         bad_fleet=fleet(WEB, WEB + "    args: ['sed -i s/a/b/ /app/.env']\n"),
         file="fleet.yaml", needle="'sed"),
    Case("config.generator-missing",
         bad_fleet=web_files("      - path: /app/.env\n        format: dotenv"
                             "\n        content: {GREETING: {var: GREETING}}"
                             "\n").removeprefix(GEN),
         good_fleet=web_files("      - path: /app/.env\n        format: "
                              "dotenv\n        content: {GREETING: {var: "
                              "GREETING}}\n"),
         file="fleet.yaml", needle="path: /app"),
    Case("config.duplicate-path",
         bad_fleet=web_files("      - {path: /a, format: json, content: "
                             "{G: {var: GREETING}}}\n"
                             "      - {path: /a, format: json, content: "
                             "{H: {var: GREETING}}}\n"),
         file="fleet.yaml", needle="/a", nth=2),
    Case("config.file-shape",
         bad_fleet=web_files("      - {path: /a, format: dotenv, content: "
                             "{a.b: {var: GREETING}}}\n"),
         file="fleet.yaml", needle="a.b"),
    Case("site.no-services", bad_site=BASE_SITE + "services:\n"
         "  api: {enabled: false}\n  web: {enabled: false}\n",
         needle="prod"),
    Case("site.profile-missing", bad_site=site("profile: onprem\n", ""),
         needle="apiVersion"),
    Case("site.domain-invalid", bad_site=site("acme.example.test",
                                              "acme.example.test/x"),
         needle="acme.example.test/x"),
    Case("istio.gateway-ref", bad_site=site(VARS, "ingress: {gateway: gw}\n"
                                            + VARS),
         needle="gw}"),
    Case("ingress.duplicate-host",
         bad_fleet=fleet("    port: 8000\n", "    port: 8000\n    domain: "
                         "true\n"),
         file="fleet.yaml", needle="true", nth=2),
    Case("k8s.name-invalid", bad_site=site("  prod:", "  Prod:"),
         needle="Prod"),
    Case("k8s.name-too-long", bad_site=site("  prod:", "  " + "p" * 60 + ":"),
         needle="acme"),
    Case("k8s.env-name", bad_fleet=fleet("      GREETING: {var",
                                         "      1GREETING: {var"),
         file="fleet.yaml", needle="1GREETING"),
    Case("argocd.name-collision", site_name="a-b",
         bad_site=site("name: acme", "name: a-b"), file="sites/a.yaml"),
    Case("argocd.destination-collision", bad_site=site(
        "  prod:\n", "  qa:\n    cluster: https://10.0.0.10:6443\n"
        "    kubeContext: acme-qa\n  prod:\n"),
         needle="https://10.0.0.10:6443", nth=2),
    Case("argocd.destination", bad_site=site("https://10.0.0.10:6443",
                                             "http://10.0.0.10:6443"),
         needle="http://"),
    Case("git.missing", bad_fleet=fleet("  path: tree\n", ""),
         needle="apiVersion"),
    Case("git.path-mismatch", file="fleet.yaml"),
    Case("release.missing", bad_fleet=fleet("  arch: amd64\n", ""),
         needle="acme"),
    Case("release.tag-invalid", bad_fleet=fleet('tag: "1.0.0"',
                                                'tag: "1.0 final"'),
         file="fleet.yaml", needle='"1.0 final"'),
    Case("labels.reserved", bad_site=BASE_SITE + "services:\n  api:\n"
         "    podLabels: {app.kubernetes.io/part-of: x}\n",
         needle="app.kubernetes.io"),
    Case("labels.invalid", bad_site=BASE_SITE + "services:\n  api:\n"
         "    podLabels: {tier: api server}\n", needle="tier"),
    Case("objectstore.secure-required",
         bad_site=site(VARS, "objectStore: {kind: s3, region: r1}\n" + VARS),
         needle="s3"),
    Case("objectstore.region-required",
         bad_site=site(VARS, "objectStore: {kind: s3, secure: true}\n" + VARS),
         needle="s3"),
    Case("secret.pull-secret-conflict",
         bad_fleet=fleet("pullSecret: shop-pull", "pullSecret: shop-app"),
         file="fleet.yaml", needle="shop-app\n"),
    Case("objectstore.region-mismatch",
         bad_site=site(VARS, "objectStore: {kind: s3, secure: true, endpoint:"
                       " s3.eu-west-1.amazonaws.com, region: eu-west-2}\n"
                       + VARS),
         needle="eu-west-2"),
    Case("hpa.incomplete",
         bad_fleet=fleet("autoscaling: {min: 2, max: 4, targetCPU: 70}",
                         "autoscaling: false"),
         bad_site=BASE_SITE + "services:\n  api:\n    autoscaling: {min: 1}\n",
         needle="{min: 1}"),
    Case("hpa.min-gt-max", bad_site=BASE_SITE + "services:\n  api:\n"
         "    autoscaling: {min: 9}\n", needle="9"),
    Case("hpa.replicas-outside-range", bad_site=BASE_SITE + "services:\n"
         "  api:\n    replicas: 7\n", needle="replicas"),
    Case("sizing.replicas-missing",
         bad_fleet=fleet("    replicas: 2\n    autoscaling: {min: 2, max: 4, "
                         "targetCPU: 70}\n", ""),
         needle="onprem"),
    Case("resources.request-gt-limit", bad_site=BASE_SITE + "services:\n"
         "  api:\n    resources: {requests: {cpu: '2'}}\n", needle="'2'"),
    Case("resources.memory-millis", bad_site=BASE_SITE + "services:\n"
         "  api:\n    resources: {limits: {memory: 900m}}\n", needle="900m"),
    Case("resources.cpu-binary", bad_site=BASE_SITE + "services:\n"
         "  api:\n    resources: {limits: {cpu: 1Gi}}\n", needle="1Gi"),
    Case("extra.not-found", bad_site=EXTRA_SITE, needle="extra\n",
         good_extra={"cm.yaml": "apiVersion: v1\nkind: ConfigMap\n"
                     "metadata: {name: extra}\n"}),
    Case("extra.empty", bad_site=EXTRA_SITE, extra={"README": "x"},
         needle="extra\n",
         good_extra={"cm.yaml": "apiVersion: v1\nkind: ConfigMap\n"
                     "metadata: {name: extra}\n"}),
    Case("extra.invalid", bad_site=EXTRA_SITE, file="extra/cm.yaml",
         extra={"cm.yaml": "apiVersion: v1\nmetadata: {name: extra}\n"},
         good_extra={"cm.yaml": "apiVersion: v1\nkind: ConfigMap\n"
                     "metadata: {name: extra}\n"}),
    Case("extra.secret", bad_site=EXTRA_SITE, file="extra/s.yaml",
         extra={"s.yaml": "apiVersion: v1\nkind: Secret\n"
                "metadata: {name: extra}\nstringData: {pw: x}\n"},
         good_extra={"s.yaml": "apiVersion: v1\nkind: ConfigMap\n"
                     "metadata: {name: extra}\n"},
         needle="stringData"),
    Case("extra.namespace", bad_site=EXTRA_SITE, file="extra/cm.yaml",
         extra={"cm.yaml": "apiVersion: v1\nkind: ConfigMap\n"
                "metadata: {name: extra, namespace: kube-system}\n"},
         good_extra={"cm.yaml": "apiVersion: v1\nkind: ConfigMap\n"
                     "metadata: {name: extra}\n"},
         needle="kube-system"),
    Case("cost.production-profile", bad_site=site("profile: onprem",
                                                  "profile: onprem\n"
                                                  "costSensitive: true"),
         needle="onprem"),
    Case("redis.user-unused",
         bad_fleet=fleet("    port: 8000\n", "    port: 8000\n"
                         "    uses: [redis]\n"),
         bad_site=site(VARS, "infra: {redis: {user: app}}\n" + VARS),
         needle="app}"),
    Case("secret.url-userinfo", bad_site=BASE_SITE + "  U: s3://k:v@h\n",
         needle="s3://"),
    Case("secret.default-credential", bad_site=BASE_SITE + "  U: minio123\n",
         needle="minio123"),
    Case("secret.token-format", bad_site=BASE_SITE +
         "  K: ghp_abcdefghijklmnopqrstuvwxyz0123456789\n", needle="ghp_"),
    Case("secret.high-entropy", bad_site=BASE_SITE +
         "  K: q8Z3vN1xL7pR2mW9tK4yB6cJ0hF5\n", needle="q8Z3"),
    Case("k8s.image-mutable-tag", bad_fleet=fleet('tag: "1.0.0"',
                                                  "tag: latest"),
         file="fleet.yaml", needle="latest"),
    Case("k8s.resources-missing", bad_fleet=fleet(
        "    resources:\n      requests: {cpu: 250m, memory: 512Mi}\n"
        '      limits: {cpu: "1", memory: 1Gi}\n', ""), needle="acme"),
    Case("k8s.selector-mismatch", bad_site=EXTRA_SITE,
         extra={"d.yaml": deployment(label="other")},
         good_extra={"d.yaml": deployment()}, file="extra/d.yaml"),
    Case("k8s.hpa-plus-replicas", bad_site=EXTRA_SITE,
         extra={"d.yaml": deployment("  replicas: 2\n"), "h.yaml": HPA},
         good_extra={"d.yaml": deployment(), "h.yaml": HPA},
         file="extra/d.yaml"),
    Case("k8s.label-value", bad_site=EXTRA_SITE,
         extra={"cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
                "  name: extra\n  labels: {note: " + "x" * 70 + "}\n"},
         good_extra={"cm.yaml": "apiVersion: v1\nkind: ConfigMap\n"
                     "metadata: {name: extra}\n"}, file="extra/cm.yaml"),
    Case("istio.gateway-hosts", bad_site=EXTRA_SITE,
         extra={"vs.yaml": VIRTUAL.format(host="other.example.test",
                                          gateway="shop/shop-gateway")},
         good_extra={"vs.yaml": VIRTUAL.format(
             host="acme.example.test", gateway="shop/shop-gateway")},
         file="extra/vs.yaml"),
    Case("istio.gateway-unknown", bad_site=EXTRA_SITE,
         extra={"vs.yaml": VIRTUAL.format(host="acme.example.test",
                                          gateway="shop/nope")},
         good_extra={"vs.yaml": VIRTUAL.format(
             host="acme.example.test", gateway="shop/shop-gateway")},
         file="extra/vs.yaml"),
    Case("ingress.shared-gateway",
         bad_site=site(VARS, "ingress: {gateway: edge/gw}\n" + VARS),
         needle="edge/gw"),
    Case("lint.unknown-rule", bad_fleet=BASE_FLEET + "lint:\n  rules:\n"
         "    no.such-rule: error\n", file="fleet.yaml",
         needle="no.such-rule"),
    Case("lint.not-configurable", bad_fleet=BASE_FLEET + "lint:\n  rules:\n"
         "    yaml.tag: warning\n", file="fleet.yaml", needle="yaml.tag"),
]


def build(root: Path, case: Case, *, good: bool) -> None:
    """Write the case's fleet folder; ``good`` writes the fixed variant."""
    fleet_text = case.good_fleet if good else case.bad_fleet
    site_text = case.good_site if good else case.bad_site
    extra = case.good_extra if good else case.extra
    if good and extra:
        site_text = EXTRA_SITE
    root.mkdir(parents=True)
    if fleet_text:
        (root / "fleet.yaml").write_text(fleet_text)
    if site_text is not None:
        (root / "sites").mkdir()
        name = "acme" if good else case.site_name
        (root / "sites" / f"{name}.yaml").write_text(site_text)
    if not good:
        for name, text in case.extra_sites.items():
            (root / "sites" / name).write_text(text)
    if case.rule == "argocd.name-collision" and not good:
        other = site("name: acme", "name: a").replace("  prod:", "  b-prod:")
        (root / "sites/a.yaml").write_text(other)
    if extra:
        (root / "extra").mkdir()
        for name, text in extra.items():
            (root / "extra" / name).write_text(text)


def lint_json(cli, root: Path, case: Case, args: tuple[str, ...]
              ) -> list[dict]:
    command = "render" if case.rule == "git.path-mismatch" else "lint"
    if command == "render":
        import subprocess

        subprocess.run(["git", "init", "-q", str(root.parent)], check=True)
        result = cli("render", str(root), *args, cwd=root)
        found = []
        for line in result.err.splitlines():
            if f"[{case.rule}]" in line:
                found.append({"rule": case.rule,
                              "file": line.split(":")[0], "line": 0,
                              "column": 0})
        return found
    result = cli("lint", str(root), "--format", "json", *args, cwd=root)
    return [f for f in json.loads(result.out)["findings"]
            if f["rule"] == case.rule]


@pytest.mark.parametrize("case", CASES, ids=[c.rule for c in CASES])
def test_rule_fails(case: Case, tmp_path: Path, cli, monkeypatch) -> None:
    root = tmp_path / "bad" / "fleet"
    build(root, case, good=False)
    if case.unreadable:
        # Tests run as root here, where permissions do not stop reads.
        refused = (root / case.unreadable).resolve()
        real = Path.read_text

        def read_text(self: Path, *args: object, **kwargs: object) -> str:
            if self.resolve() == refused:
                raise PermissionError(13, "Permission denied", str(self))
            return real(self, *args, **kwargs)

        monkeypatch.setattr(Path, "read_text", read_text)
    found = lint_json(cli, root, case, case.args)
    assert found, f"{case.rule} not reported"
    first = found[0]
    assert first["file"] == case.file
    if case.needle is not None:
        assert f"{first['line']}:{first['column']}" == pos(
            case.text(), case.needle, case.nth)


@pytest.mark.parametrize("case", CASES, ids=[c.rule for c in CASES])
def test_rule_passes(case: Case, tmp_path: Path, cli) -> None:
    if case.rule == "git.path-mismatch":
        pytest.skip("render-only rule; covered by the output tests")
    root = tmp_path / "good" / "fleet"
    build(root, case, good=True)
    assert lint_json(cli, root, case, case.good_args) == []
    result = cli("lint", str(root), *case.good_args, cwd=root)
    assert result.code == 0, result.out


def test_every_rule_has_a_fixture() -> None:
    assert sorted(set(RULES) - {c.rule for c in CASES}) == []


def test_base_fleet_lints_clean(tmp_path: Path, cli) -> None:
    root = write_fleet(tmp_path / "f")
    result = cli("lint", str(root), "--strict")
    assert result.code == 0, result.out
