"""Render a fleet folder: load, check, then write, compare or stream.

Besides the loading checks, render applies the credential rules of
``sitectl lint``, so a password or token in a fleet file never reaches
the rendered tree.

A full render visits the sites one at a time: each is loaded, checked,
resolved and written into a staging folder before the next is read, so
memory does not grow with the number of sites. Only once every site is
checked is the staging folder swapped in. An error in any site removes
it and leaves the output folder as it was. After the first error, the
remaining sites are still checked so that one run reports every
problem, but nothing more is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from sitectl.errors import Finding, FindingList, Location, Severity
from sitectl.model.load import (
    FLEET_FILE,
    chosen_sites,
    display_path,
    load_fleet,
    load_header,
    load_site,
)
from sitectl.lint.rules import secrets
from sitectl.model.extra import extra_documents
from sitectl.model.plan import EnvPlan
from sitectl.model.resolve import FleetResolver, resolve_fleet
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


@dataclass
class _Stream:
    """The sites of a fleet, resolved one by one as they are consumed."""

    root: Path
    only: str | None
    findings: FindingList = field(default_factory=FindingList)
    tree_paths: set[str] = field(default_factory=set)
    sites: int = 0
    paths: list[Path] = field(default_factory=list)
    resolver: FleetResolver | None = None

    def open(self) -> FleetResolver:
        """Check fleet.yaml and the site list; raise before any output."""
        if self.resolver is not None:
            return self.resolver
        doc, fleet = load_header(self.root, self.findings)
        if (self.root / FLEET_FILE).is_file():
            self.paths = chosen_sites(self.root, self.only, self.findings)
        if doc is None or fleet is None or self.findings.has_errors:
            self.finish()
        assert doc is not None and fleet is not None
        self.resolver = FleetResolver(self.root, doc, fleet, self.findings)
        secrets.check_document(doc, self.findings)
        return self.resolver

    def __iter__(self) -> Iterator[output.SiteFiles]:
        resolver = self.open()
        for path in self.paths:
            site_doc, site = load_site(path, self.findings)
            if site_doc is not None:
                secrets.check_document(site_doc, self.findings)
            if site is None:
                continue
            for extra in extra_documents(self.root, site.model,
                                         FindingList()):
                secrets.check_document(extra, self.findings)
            plans = resolver.resolve_site(site)
            if self.findings.has_errors or not plans:
                continue
            self.sites += 1
            self.tree_paths.update(p.tree_path for p in plans)
            yield site.model.name, _site_files(plans)

    def finish(self) -> list[Finding]:
        """Raise ``InputError`` if any site had an error; return notices."""
        self.findings.items = list(dict.fromkeys(self.findings.items))
        self.findings.raise_if_errors()
        return self.findings.notices()


def _site_files(plans: list[EnvPlan]) -> Iterator[tuple[str, bytes]]:
    for plan in plans:
        yield from files(plan)


def plan_fleet(root: Path, only: str | None = None
               ) -> tuple[list[EnvPlan], list[Finding]]:
    """Load and resolve the whole fleet; raise ``InputError`` on any error.

    This keeps every plan in memory; ``render`` streams instead.
    """
    loaded = load_fleet(root, only=only)
    findings = FindingList()
    for doc in [loaded.doc] + [site.doc for site in loaded.sites]:
        secrets.check_document(doc, findings)
    plans = resolve_fleet(loaded, findings)
    findings.items = list(dict.fromkeys(findings.items))
    findings.raise_if_errors()
    return plans, findings.notices()


def _repo_path_notice(root: Path, out: Path, tree_paths: set[str]
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
    wrong = sorted(tree_paths - {actual})
    return [Finding(
        Location(display_path(root / FLEET_FILE)), "git.path-mismatch",
        Severity.WARNING,
        f"Applications read git.path {path!r}, but the tree is written to "
        f"{actual!r} of the repository at {top}",
        f"set git.path: {actual} (for a site's own repository, set it in "
        "the site file)") for path in wrong]


def render(root: Path, out: Path, *, only: str | None = None,
           check: bool = False) -> RenderResult:
    stream = _Stream(root, only)
    stream.open()
    if check:
        output.require_tree(out)
        diff = output.compare_tree(out, stream, only)
        notices = stream.finish()
        return RenderResult(notices, stream.sites, 0, diff)
    if only is not None:
        # One site is small: render it fully and check it before the
        # output folder is touched at all.
        site_files = list(_one_site(stream))
        stream.finish()
        count = output.write_site(out, only, site_files)
    else:
        count = output.write_tree(out, stream, before_swap=stream.finish)
    notices = stream.finish()
    notices += _repo_path_notice(root, out, stream.tree_paths)
    return RenderResult(notices, stream.sites, count)


def _one_site(stream: _Stream) -> Iterator[tuple[str, bytes]]:
    for _, site_files in stream:
        yield from site_files


def stream_objects(root: Path, sink: IO[str], *, only: str | None = None
                   ) -> RenderResult:
    """Write every object as one multi-document YAML stream.

    Every site is checked before the first object is written, so an
    error never leaves half a stream in a pipe.
    """
    plans, notices = plan_fleet(root, only)
    count = 0
    for plan in plans:
        for _, obj in objects(plan):
            sink.write("---\n")
            sink.write(dump(obj))
            count += 1
    return RenderResult(notices, len({p.site for p in plans}), count)

