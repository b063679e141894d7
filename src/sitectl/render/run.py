"""Render a fleet folder: load, check, then write, compare or stream.

Everything is loaded and checked before the first byte is written, so an
error in any site leaves the output folder as it was.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sitectl.errors import Finding, FindingList, Location, Severity
from sitectl.model.load import FLEET_FILE, display_path, load_fleet
from sitectl.model.plan import EnvPlan
from sitectl.model.resolve import resolve_fleet
from sitectl.render import output
from sitectl.render.emit import dump
from sitectl.render.tree import files, objects

DEFAULT_OUTPUT = "rendered"


@dataclass
class RenderResult:
    notices: list[Finding]
    sites: int
    files: int
    diff: output.TreeDiff | None = None


def plan_fleet(root: Path, only: str | None = None
               ) -> tuple[list[EnvPlan], list[Finding]]:
    """Load and resolve the fleet; raise ``InputError`` on any error."""
    loaded = load_fleet(root, only=only)
    findings = FindingList()
    plans = resolve_fleet(loaded, findings)
    findings.items = list(dict.fromkeys(findings.items))
    findings.raise_if_errors()
    return plans, findings.notices()


def _by_site(plans: list[EnvPlan]) -> Iterator[output.SiteFiles]:
    for site, group in itertools.groupby(plans, key=lambda p: p.site):
        envs = list(group)
        yield site, (item for plan in envs for item in files(plan))


def _repo_path_notice(root: Path, out: Path, plans: list[EnvPlan]
                      ) -> list[Finding]:
    """Warn when Applications would point at another folder of the repo.

    Only checked when ``out`` is inside a Git work tree; the rendered
    folder must sit at ``git.path`` of that repository.
    """
    resolved = out.resolve()
    top = next((p for p in [resolved, *resolved.parents]
                if (p / ".git").exists()), None)
    if top is None or top == resolved:
        return []
    actual = resolved.relative_to(top).as_posix()
    wrong = sorted({p.tree_path for p in plans} - {actual})
    return [Finding(
        Location(display_path(root / FLEET_FILE)), "git.path-mismatch",
        Severity.WARNING,
        f"Applications read git.path {path!r}, but the tree is written to "
        f"{actual!r} of the repository at {top}",
        f"set git.path: {actual} (for a site's own repository, set it in "
        "the site file)") for path in wrong]


def render(root: Path, out: Path, *, only: str | None = None,
           check: bool = False) -> RenderResult:
    plans, notices = plan_fleet(root, only)
    notices += _repo_path_notice(root, out, plans)
    sites = len({p.site for p in plans})
    if check:
        diff = output.compare_tree(out, _by_site(plans), only)
        return RenderResult(notices, sites, 0, diff)
    if only is not None:
        count = output.write_site(out, only,
                                  next(_by_site(plans))[1] if plans else [])
    else:
        count = output.write_tree(out, _by_site(plans))
    return RenderResult(notices, sites, count)


def stream(root: Path, sink: IO[str], *, only: str | None = None
           ) -> RenderResult:
    """Write every object as one multi-document YAML stream."""
    plans, notices = plan_fleet(root, only)
    count = 0
    for plan in plans:
        for _, obj in objects(plan):
            sink.write("---\n")
            sink.write(dump(obj))
            count += 1
    return RenderResult(notices, len({p.site for p in plans}), count)
