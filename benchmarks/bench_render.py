"""Time ``sitectl render`` and measure its peak memory on synthetic fleets.

Run it with the Python that has sitectl installed, from any folder:

    python benchmarks/bench_render.py --sites 100 1000 2000
    python benchmarks/bench_render.py --sites 500 --keep /tmp/bench-fleets

For each fleet size N the script writes a fleet folder with a fleet.yaml
of six services and N site files, then runs three phases of the
``sitectl render`` command line:

- full render: every site, into an empty output folder.
- one site: one site with ``--site``, into that existing tree.
- check: ``--check`` of the whole fleet against the tree.

Each phase runs in a fresh wrapper process that starts the command and
reads ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` after it exits. The
wrapper has no other children, so the peak RSS belongs to that phase
alone. Wall time is measured in the wrapper and includes interpreter
start-up and imports, as a user of the command waits for it. The objects
count is the number of YAML documents in the rendered files (a file
contains all objects of one service), without the ``.sitectl-*``
bookkeeping files. User and system CPU seconds come from the same
getrusage call. System time counts the kernel's work for the phase,
mostly file system calls, and wall time above user plus system time is
time spent waiting, for example for the disk.

Without ``--keep`` the fleets go to a temporary folder, which follows
the TMPDIR environment variable, so ``TMPDIR=/dev/shm`` measures the
render without disk latency. The script uses only the standard library
and the sitectl command line.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

MEASURE_MODE = "--internal-measure"
BOOKKEEPING_PREFIX = ".sitectl-"
SITE_WORDS = ("acme", "borealis", "cedar", "delta", "ember", "fjord",
              "granite", "harbor", "iris", "juniper", "kestrel", "lumen")
AWS_REGIONS = ("ap-northeast-2", "eu-central-1", "us-east-1", "us-west-2",
               "ap-southeast-1")

YamlMapping = dict[str, object]

# Strings that YAML reads back as the same string when written unquoted.
# They start with a letter or '/', so they cannot be numbers. They do not
# end with ':', which YAML would read as a mapping key. The words that
# YAML 1.1 reads as booleans or null are excluded as well.
PLAIN_STRING = re.compile(r"[A-Za-z/]([-A-Za-z0-9_./:]*[-A-Za-z0-9_./])?")
YAML_11_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true",
                           "false", "null"})


@dataclass
class PhaseResult:
    """The measured cost of one phase of the command line."""

    phase: str
    sites: int
    objects: int
    wall_seconds: float
    user_seconds: float
    system_seconds: float
    max_rss_mib: float


# -- writing the synthetic fleet ----------------------------------------------


def yaml_scalar(value: object) -> str:
    """Format a scalar so YAML reads it back with the same type."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if PLAIN_STRING.fullmatch(text) and text.lower() not in YAML_11_WORDS:
        return text
    # A JSON string is a valid double-quoted YAML scalar, so strings such
    # as "2.4.1" or "" stay strings under the strict site schema.
    return json.dumps(text)


def yaml_lines(value: object, indent: int = 0) -> list[str]:
    """Format mappings, lists and scalars as block-style YAML lines."""
    pad = " " * indent
    if isinstance(value, dict):
        lines: list[str] = []
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                lines.append(f"{pad}{key}:")
                lines.extend(yaml_lines(item, indent + 2))
            elif isinstance(item, (dict, list)):
                empty = "{}" if isinstance(item, dict) else "[]"
                lines.append(f"{pad}{key}: {empty}")
            else:
                lines.append(f"{pad}{key}: {yaml_scalar(item)}")
        return lines
    if isinstance(value, list):
        lines = []
        for item in value:
            nested = yaml_lines(item, indent + 2)
            lines.append(f"{pad}- {nested[0].lstrip()}")
            lines.extend(nested[1:])
        return lines
    return [f"{pad}{yaml_scalar(value)}"]


def write_yaml(path: Path, data: YamlMapping) -> None:
    path.write_text("\n".join(yaml_lines(data)) + "\n", encoding="utf-8")


def fleet_defaults() -> YamlMapping:
    """Return the shared part of fleet.yaml, shaped like examples/xgen."""
    in_cluster = "xgen-system.svc.cluster.local"
    return {
        "apiVersion": "sitectl.io/v1alpha1",
        "kind": "Fleet",
        "product": "xgen",
        "namespace": "xgen",
        "argocd": {"namespace": "argocd"},
        "git": {"repoURL": "https://git.example.com/platform/xgen-deploy.git",
                "targetRevision": "main", "path": "rendered"},
        "registry": {"host": "docker.example.com",
                     "ciCredentialId": "nexus-ci-shared",
                     "pullSecret": "xgen-pull"},
        "release": {"tag": "2.4.1", "arch": "amd64"},
        "infra": {
            "postgres": {"host": f"postgresql.{in_cluster}", "port": 5432,
                         "database": "xgen", "user": "xgen",
                         "sslMode": "disable"},
            "redis": {"host": f"redis-master.{in_cluster}", "port": 6379,
                      "database": 0},
            "qdrant": {"host": f"qdrant.{in_cluster}", "port": 6333,
                       "apiKey": {"secret": "xgen-app/QDRANT_API_KEY"}},
        },
        "objectStore": {"kind": "minio",
                        "endpoint": f"minio.{in_cluster}:9000",
                        "bucket": "xgen-documents", "region": "us-east-1",
                        "secure": False, "pathStyle": True},
        "secrets": {"xgen-app": [
            "POSTGRES_PASSWORD", "REDIS_PASSWORD", "QDRANT_API_KEY",
            "OBJECT_STORE_ACCESS_KEY", "OBJECT_STORE_SECRET_KEY",
            "JWT_SECRET"]},
        "profiles": fleet_profiles(),
    }


def fleet_profiles() -> YamlMapping:
    return {
        "production": {
            "replicas": 2,
            "autoscaling": {"min": 2, "max": 4, "targetCPU": 70},
            "resources": {"requests": {"cpu": "250m", "memory": "512Mi"},
                          "limits": {"cpu": "1", "memory": "2Gi"}},
        },
        "cloud-small": {
            "replicas": 1,
            "autoscaling": {"min": 1, "max": 2, "targetCPU": 75},
            "resources": {"requests": {"cpu": "100m", "memory": "256Mi"},
                          "limits": {"cpu": "500m", "memory": "1Gi"}},
        },
    }


def infra_env(*blocks: str) -> YamlMapping:
    """Return the catalog env references for the named infra blocks."""
    refs: dict[str, YamlMapping] = {
        "postgres": {
            "POSTGRES_HOST": {"from": "infra.postgres.host"},
            "POSTGRES_PORT": {"from": "infra.postgres.port"},
            "POSTGRES_DB": {"from": "infra.postgres.database"},
            "POSTGRES_USER": {"from": "infra.postgres.user"},
            "POSTGRES_PASSWORD": {"secret": "xgen-app/POSTGRES_PASSWORD"},
        },
        "redis": {
            "REDIS_HOST": {"from": "infra.redis.host"},
            "REDIS_PORT": {"from": "infra.redis.port"},
            "REDIS_PASSWORD": {"secret": "xgen-app/REDIS_PASSWORD"},
        },
        "qdrant": {
            "QDRANT_HOST": {"from": "infra.qdrant.host"},
            "QDRANT_PORT": {"from": "infra.qdrant.port"},
            "QDRANT_API_KEY": {"from": "infra.qdrant.apiKey"},
        },
    }
    env: YamlMapping = {}
    for block in blocks:
        env.update(refs[block])
    return env


def fleet_services() -> YamlMapping:
    """Return the six-service catalog of the benchmark fleet."""
    return {
        "xgen-frontend": {
            "port": 3000, "health": "/", "domain": True,
            "env": {"APP_SITE": {"var": "APP_SITE"},
                    "PUBLIC_API_PATH": {"value": "/api"}},
        },
        "xgen-backend-gateway": {
            "port": 8080, "health": "/healthz", "domain": True,
            "subdomain": "api", "uses": ["postgres", "redis"],
            "env": {"APP_SITE": {"var": "APP_SITE"},
                    **infra_env("postgres", "redis"),
                    "JWT_SECRET": {"secret": "xgen-app/JWT_SECRET"}},
        },
        "xgen-core": {
            "port": 8000, "health": "/healthz",
            "uses": ["postgres", "redis", "qdrant"],
            "env": {**infra_env("postgres", "redis", "qdrant"),
                    "POSTGRES_SSLMODE": {"from": "infra.postgres.sslMode"},
                    "REDIS_DB": {"from": "infra.redis.database"}},
            "config": {"LOG_LEVEL": {"var": "LOG_LEVEL"},
                       "SITE_NAME": {"from": "site"}},
        },
        "xgen-workflow": {
            "port": 8020, "health": "/healthz", "uses": ["postgres", "redis"],
            "env": infra_env("postgres", "redis"),
        },
        "xgen-documents": {
            "port": 8010, "health": "/healthz", "uses": ["objectStore"],
            "env": {
                "MINIO_ENDPOINT": {"from": "objectStore.endpoint"},
                "MINIO_SECURE": {"from": "objectStore.secure"},
                "MINIO_BUCKET": {"from": "objectStore.bucket"},
                "MINIO_REGION": {"from": "objectStore.region"},
                "MINIO_ACCESS_KEY": {
                    "secret": "xgen-app/OBJECT_STORE_ACCESS_KEY"},
                "MINIO_SECRET_KEY": {
                    "secret": "xgen-app/OBJECT_STORE_SECRET_KEY"},
            },
        },
        "xgen-mcp-station": {
            "port": 8030, "health": "/healthz", "uses": ["qdrant"],
            "env": infra_env("qdrant"),
        },
    }


def site_name(index: int) -> str:
    return f"{SITE_WORDS[index % len(SITE_WORDS)]}-{index:05d}"


def resources(cpu: str, memory: str, cpu_limit: str, memory_limit: str
              ) -> YamlMapping:
    return {"resources": {"requests": {"cpu": cpu, "memory": memory},
                          "limits": {"cpu": cpu_limit,
                                     "memory": memory_limit}}}


def cloud_site(index: int, name: str) -> YamlMapping:
    """Return a cloud site with its own registry, Git mirror and S3 store."""
    region = AWS_REGIONS[index % len(AWS_REGIONS)]
    infra_ip = f"10.{index // 250 % 250}.{index % 250}.15"
    documents = resources("500m", "1Gi", "4", "16Gi")
    if index % 2 == 0:
        documents["securityContext"] = {"runAsNonRoot": True,
                                        "runAsUser": 10001,
                                        "fsGroup": 10001}
    return {
        "description": f"Cloud customer site on AWS EKS ({region})",
        "profile": "cloud-small",
        "costSensitive": True,
        "domain": "",
        "git": {"repoURL":
                f"https://git-mirror.{name}.internal/platform/xgen.git"},
        "registry": {"host": f"nexus.{name}.internal:5000",
                     "ciCredentialId": f"{name}-nexus-ci",
                     "pullSecret": f"{name}-pull"},
        "infra": {"postgres": {"host": infra_ip, "sslMode": "require"},
                  "redis": {"host": infra_ip},
                  "qdrant": {"host": infra_ip}},
        "objectStore": {"kind": "s3",
                        "endpoint": f"s3.{region}.amazonaws.com",
                        "bucket": f"{name}-xgen-documents",
                        "region": region, "secure": True,
                        "pathStyle": False},
        "vars": {"APP_SITE": f"xgen-{name}", "LOG_LEVEL": "info"},
        "environments": {"production": {
            "cluster": "https://kubernetes.default.svc",
            "kubeContext": f"{name}-eks-production"}},
        "services": {
            "xgen-frontend": resources("100m", "256Mi", "500m", "1Gi"),
            "xgen-core": resources("200m", "512Mi", "1", "4Gi"),
            "xgen-documents": documents,
        },
    }


def onprem_environments(index: int, name: str, domain: str) -> YamlMapping:
    """Return production, plus staging with a release candidate on some."""
    environments: YamlMapping = {"production": {
        "cluster": f"https://k3s-prod.{domain}:6443",
        "kubeContext": f"{name}-production"}}
    if index % 4 == 1:
        environments["staging"] = {
            "cluster": f"https://k3s-staging.{domain}:6443",
            "kubeContext": f"{name}-staging",
            "domain": f"staging.{domain}",
            "release": {"tag": "2.5.0-rc.1"},
            "services": {"xgen-core": {"replicas": 1,
                                       "autoscaling": {"min": 1, "max": 2}}},
        }
    return environments


def onprem_services(index: int) -> YamlMapping:
    """Return per-site service overrides that differ from site to site."""
    services: YamlMapping = {}
    if index % 5 == 1:
        services["xgen-mcp-station"] = {"enabled": False}
    if index % 3 == 2:
        services["xgen-documents"] = {
            "nodeSelector": {"storage": "ssd"},
            "tolerations": [{"key": "dedicated", "operator": "Equal",
                             "value": "documents", "effect": "NoSchedule"}],
        }
    if index % 7 == 0:
        core = resources("500m", "1Gi", "2", "4Gi")
        core["podLabels"] = {"tier": "api"}
        services["xgen-core"] = core
    return services


def onprem_site(index: int, name: str) -> YamlMapping:
    """Return an on-prem site with a domain and in-cluster infrastructure."""
    domain = f"xgen.{name}.example.net"
    shared_gateway = index % 2 == 0
    ingress = ({"gateway": "istio-ingress/shared-gateway"} if shared_gateway
               else {"tlsSecret": f"xgen-{name}-tls"})
    return {
        "description": f"On-prem customer site {name} (K3s)",
        "profile": "production",
        "domain": domain,
        "ingress": ingress,
        "vars": {"APP_SITE": f"xgen-{name}",
                 "LOG_LEVEL": "warning" if index % 2 else "info"},
        "environments": onprem_environments(index, name, domain),
        "services": onprem_services(index),
    }


def site_document(index: int) -> YamlMapping:
    """Return the site file for ``index``. Every third site is a cloud site."""
    name = site_name(index)
    header: YamlMapping = {"apiVersion": "sitectl.io/v1alpha1", "kind": "Site",
                    "name": name}
    body = cloud_site(index, name) if index % 3 == 0 else onprem_site(
        index, name)
    return {**header, **body}


def write_fleet(root: Path, site_count: int) -> list[str]:
    """Write fleet.yaml and ``site_count`` site files and return the names."""
    (root / "sites").mkdir(parents=True)
    write_yaml(root / "fleet.yaml",
               {**fleet_defaults(), "services": fleet_services()})
    names: list[str] = []
    for index in range(site_count):
        document = site_document(index)
        name = str(document["name"])
        write_yaml(root / "sites" / f"{name}.yaml", document)
        names.append(name)
    return names


# -- measuring the phases -----------------------------------------------------


def measure_child(command: list[str]) -> int:
    """Run ``command`` once and print its wall time, CPU times and peak RSS.

    This runs in a wrapper process of its own, so RUSAGE_CHILDREN covers
    exactly the one command. Linux reports ``ru_maxrss`` in KiB. The
    report is one JSON object on standard output.
    """
    start = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True,
                               check=False)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"wall": wall,
                      "user": usage.ru_utime,
                      "system": usage.ru_stime,
                      "max_rss_kib": usage.ru_maxrss,
                      "returncode": completed.returncode,
                      "stderr": completed.stderr[-4000:]}))
    return 0


def run_measured(command: list[str]
                 ) -> tuple[float, float, float, float]:
    """Run ``command`` in a fresh wrapper process and return its cost.

    The cost is wall, user CPU and system CPU seconds, then peak RSS in
    MiB. Raises
    RuntimeError with the command's error output when the command fails.
    """
    wrapper = [sys.executable, str(Path(__file__).resolve()), MEASURE_MODE,
               *command]
    completed = subprocess.run(wrapper, capture_output=True, text=True,
                               check=True)
    report = json.loads(completed.stdout)
    if report["returncode"] != 0:
        raise RuntimeError(
            f"{' '.join(command)} failed with exit code "
            f"{report['returncode']}:\n{report['stderr']}")
    return (report["wall"], report["user"], report["system"],
            report["max_rss_kib"] / 1024)


def sitectl_command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "sitectl", *arguments]


def count_objects(folder: Path) -> int:
    """Count YAML documents below ``folder``, skipping bookkeeping files."""
    return sum(path.read_text().count("---\n")
               for path in folder.rglob("*.yaml")
               if path.is_file()
               and not path.name.startswith(BOOKKEEPING_PREFIX))


def measure_fleet(root: Path, names: list[str]) -> list[PhaseResult]:
    """Run the full, one-site and check phases on the fleet at ``root``."""
    out = root / "rendered"
    fleet, target = str(root), str(out)
    chosen = names[len(names) // 2]

    cost = run_measured(sitectl_command("render", fleet, "-o", target))
    total = count_objects(out)
    results = [PhaseResult("full render", len(names), total, *cost)]

    cost = run_measured(
        sitectl_command("render", fleet, "-o", target, "--site", chosen))
    results.append(PhaseResult(f"--site {chosen}", 1,
                               count_objects(out / chosen), *cost))

    cost = run_measured(
        sitectl_command("render", fleet, "-o", target, "--check"))
    results.append(PhaseResult("--check", len(names), total, *cost))
    return results


# -- reporting ----------------------------------------------------------------


def print_header() -> None:
    print("| sites | phase | wall s | user s | sys s | sites/s | objects "
          "| objects/s | peak RSS MiB |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")


def print_row(fleet_size: int, result: PhaseResult) -> None:
    wall = result.wall_seconds
    print(f"| {fleet_size} | {result.phase} | {wall:.2f} "
          f"| {result.user_seconds:.2f} | {result.system_seconds:.2f} "
          f"| {result.sites / wall:.0f} "
          f"| {result.objects} "
          f"| {result.objects / wall:.0f} | {result.max_rss_mib:.1f} |",
          flush=True)


def print_startup() -> None:
    """Print the fixed cost of starting Python and importing sitectl."""
    wall, user, system, rss = run_measured(sitectl_command("--version"))
    print(f"startup (sitectl --version): {wall:.2f} s wall, {user:.2f} s "
          f"user, {system:.2f} s sys, peak RSS {rss:.1f} MiB", flush=True)


def benchmark_size(site_count: int, keep: Path | None) -> None:
    """Write a fleet of ``site_count`` sites, measure it and print rows."""
    with tempfile.TemporaryDirectory(prefix="sitectl-bench-") as scratch:
        base = keep if keep is not None else Path(scratch)
        root = base / f"fleet-{site_count}"
        names = write_fleet(root, site_count)
        for result in measure_fleet(root, names):
            print_row(site_count, result)


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"invalid fleet size {text!r}: expected a whole number of at "
            "least 1")
    return value


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark 'sitectl render' on synthetic fleets.")
    parser.add_argument(
        "--sites", type=positive_int, nargs="+", default=[1000],
        metavar="N", help="fleet sizes to measure, in sites (default: 1000)")
    parser.add_argument(
        "--keep", type=Path, metavar="DIR",
        help="write each fleet and its rendered tree to DIR/fleet-N and "
        "keep them (default: a temporary folder that is removed)")
    return parser.parse_args(argv)


def prepare_keep_folder(keep: Path, sizes: list[int]) -> None:
    """Create ``keep``, or raise SystemExit if a fleet folder would clash.

    Each size writes ``keep/fleet-N``, so the sizes must be distinct and
    no such folder may exist yet.
    """
    if len(set(sizes)) != len(sizes):
        raise SystemExit("error: --keep needs distinct --sites values, "
                         f"but got {' '.join(map(str, sizes))}")
    for site_count in sizes:
        root = keep / f"fleet-{site_count}"
        if root.exists():
            raise SystemExit(f"error: {root} already exists. Remove it or "
                             "choose another --keep folder.")
    keep.mkdir(parents=True, exist_ok=True)


def main(argv: list[str]) -> int:
    if argv[:1] == [MEASURE_MODE]:
        return measure_child(argv[1:])
    args = parse_args(argv)
    if args.keep is not None:
        prepare_keep_folder(args.keep, args.sites)
    try:
        print_startup()
        print_header()
        for site_count in args.sites:
            benchmark_size(site_count, args.keep)
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
