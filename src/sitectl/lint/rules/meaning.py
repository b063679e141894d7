"""Layer 3: rules on merged values that span fleet.yaml and a site file."""

from __future__ import annotations

import re

from sitectl.errors import FindingList, Severity
from sitectl.lint.rules.base import ERROR, WARNING, Rule, rule
from sitectl.model.fleet import Fleet, Service
from sitectl.model.load import SiteFile
from sitectl.model.parts import ValueRef
from sitectl.model.plan import EnvPlan
from sitectl.model.urltemplate import parse_url
from sitectl.model.values import SiteValues
from sitectl.model.yamlfile import Document

RULES: list[Rule] = [
    rule("cost.production-profile", WARNING,
         "a cost-sensitive site runs two or more replicas of a service",
         """Production replica counts copied to a cloud site multiply its
         node bill. Sites marked costSensitive: true are checked for any
         service that runs at least two replicas.""",
         "costSensitive: true\nprofile: production   # 2 replicas\n",
         "costSensitive: true\nprofile: cloud-small  # 1 replica\n",
         configurable=True),
    rule("redis.user-unused", ERROR,
         "the site sets a Redis ACL user that a service does not pass on",
         """A client that sends only a password authenticates as Redis's
         default user, so the site's ACL user is ignored and the login
         fails with WRONGPASS. Every service that uses Redis must read
         infra.redis.user, in a variable or in its URL.""",
         "# fleet.yaml\nREDIS_URL: {url: 'redis://:{secret:xgen-app/"
         "REDIS_PASSWORD}@{infra.redis.host}'}\n"
         "# sites/acme.yaml\ninfra: {redis: {user: xgen-app}}\n",
         "REDIS_URL: {url: 'redis://{infra.redis.user?}:{secret:xgen-app/"
         "REDIS_PASSWORD}@{infra.redis.host}'}\n"),
    rule("secret.pull-secret-conflict", ERROR,
         "the pull secret names an application secret of the contract",
         """An image pull secret has the type kubernetes.io/dockerconfigjson
         and the single key .dockerconfigjson. A pull secret named like a
         secret of the contract that lacks that key would make the
         kubelet read the wrong secret, and every pull fails.""",
         "secrets:\n  xgen-app: [POSTGRES_PASSWORD]\n"
         "registry: {pullSecret: xgen-app}\n",
         "registry: {pullSecret: xgen-pull}\n"),
    rule("objectstore.region-mismatch", ERROR,
         "the S3 region contradicts the endpoint",
         """An AWS endpoint names its region (s3.<region>.amazonaws.com);
         a different region setting makes every signed request fail.""",
         "objectStore:\n  kind: s3\n  endpoint: s3.eu-central-1.amazonaws.com"
         "\n  region: us-east-1\n",
         "objectStore:\n  kind: s3\n  endpoint: s3.eu-central-1.amazonaws.com"
         "\n  region: eu-central-1\n"),
]

_AWS_REGION = re.compile(r"^s3[.-](?:dualstack\.)?([a-z]{2}(?:-[a-z]+)+-\d)"
                         r"\.amazonaws\.com(?::\d+)?$")


def site_values(fleet_doc: Document, site: SiteFile) -> SiteValues:
    values = SiteValues()
    values.layer(fleet_doc, (), fleet_doc.data)
    values.layer(site.doc, (), site.doc.data)
    return values


def check_site(fleet_doc: Document, fleet: Fleet, site: SiteFile,
               plans: list[EnvPlan], findings: FindingList) -> None:
    values = site_values(fleet_doc, site)
    _cost(site, plans, findings)
    _redis_user(fleet_doc, fleet, site, values, findings)
    _region(values, findings)
    _pull_secret(fleet, values, findings)


def _cost(site: SiteFile, plans: list[EnvPlan],
          findings: FindingList) -> None:
    if not site.model.cost_sensitive:
        return
    heavy = sorted({s.name for p in plans for s in p.services
                    if (s.replicas or 0) >= 2
                    or (s.autoscaling and s.autoscaling.min >= 2)})
    if heavy:
        keys = ("profile",) if site.model.profile else ("costSensitive",)
        findings.add(site.doc.location(keys), "cost.production-profile",
                     f"site {site.model.name} is cost-sensitive but runs "
                     f"two or more replicas of {', '.join(heavy)}",
                     hint="use a smaller profile, or lower replicas and "
                     "autoscaling.min for these services",
                     severity=Severity.WARNING)


def _reads_user(ref: ValueRef) -> bool:
    if ref.from_ == "infra.redis.user":
        return True
    if ref.url is None:
        return False
    try:
        return any(slot.path == "infra.redis.user"
                   for slot in parse_url(ref.url))
    except ValueError:
        return False


def _refs(service: Service) -> list[tuple[tuple[str | int, ...], ValueRef]]:
    found: list[tuple[tuple[str | int, ...], ValueRef]] = []
    for section in ("env", "config"):
        for name, ref in getattr(service, section).items():
            found.append(((section, name), ref))
    for index, file in enumerate(service.files):
        for name, ref in file.content.items():
            found.append((("files", index, "content", name), ref))
    return found


def _redis_user(fleet_doc: Document, fleet: Fleet, site: SiteFile,
                values: SiteValues, findings: FindingList) -> None:
    user = values.get("infra.redis.user")
    if user is None or not user.value:
        return
    for name, service in fleet.services.items():
        if "redis" not in service.uses:
            continue
        refs = _refs(service)
        if any(_reads_user(ref) for _, ref in refs):
            continue
        empty = [keys for keys, ref in refs if ref.url
                 and re.match(r"^rediss?://:", ref.url)]
        where = fleet_doc.location(("services", name) + (empty[0] + ("url",)
                                   if empty else ()), at_key=not empty)
        detail = ("has a Redis URL with an empty user part" if empty
                  else "passes no username")
        findings.add(
            user.origin, "redis.user-unused",
            f"infra.redis.user is set for site {site.model.name}, but "
            f"{name} ({where}) {detail}: it would authenticate as the "
            "default user",
            hint=f"map REDIS_USERNAME: {{from: infra.redis.user}} in {name}, "
            "or put {infra.redis.user?} before ':' in its URL",
            related=((where, f"services.{name}"),))


def _pull_secret(fleet: Fleet, values: SiteValues,
                 findings: FindingList) -> None:
    pull = values.get("registry.pullSecret")
    if pull is None or pull.value not in fleet.secrets:
        return
    if ".dockerconfigjson" in fleet.secrets[pull.value]:
        return
    findings.add(pull.origin, "secret.pull-secret-conflict",
                 f"pull secret {pull.value} is also a secret of the "
                 "contract, without the key .dockerconfigjson",
                 hint="give the registry its own pull secret name")


def _region(values: SiteValues, findings: FindingList) -> None:
    kind = values.get("objectStore.kind")
    endpoint = values.get("objectStore.endpoint")
    region = values.get("objectStore.region")
    if kind is None or kind.value != "s3" or endpoint is None \
            or region is None:
        return
    match = _AWS_REGION.match(str(endpoint.value))
    if match and match.group(1) != region.value:
        findings.add(region.origin, "objectstore.region-mismatch",
                     f"region {region.value} contradicts endpoint "
                     f"{endpoint.value}, which is in {match.group(1)}",
                     hint=f"set region: {match.group(1)}, or use the "
                     f"endpoint of {region.value}",
                     related=((endpoint.origin, "objectStore.endpoint"),))
