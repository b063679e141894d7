"""Load a fleet folder: ``fleet.yaml`` and ``sites/*.yaml``.

Each file is read with positions and validated against its model; all
schema problems of all files are collected before anything fails.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

from sitectl.errors import Finding, FindingList, Location, Severity
from sitectl.model.fleet import Fleet
from sitectl.model.names import DNS_LABEL
from sitectl.model.site import Site
from sitectl.model.validation import validate
from sitectl.model.yamlfile import Document, load_document

FLEET_FILE = "fleet.yaml"
SITES_DIR = "sites"


@dataclass(frozen=True)
class SiteFile:
    doc: Document
    model: Site


@dataclass(frozen=True)
class FleetFiles:
    """A validated fleet: its folder, fleet.yaml and the chosen sites."""

    root: Path
    doc: Document
    model: Fleet
    sites: tuple[SiteFile, ...]


def display_path(path: Path) -> str:
    """Name a file relative to the working directory when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def site_paths(root: Path, findings: FindingList | None = None
               ) -> list[Path]:
    folder = root / SITES_DIR
    if not folder.is_dir():
        return []
    try:
        entries = list(folder.iterdir())
    except OSError as exc:
        if findings is not None:
            findings.add(Location(display_path(folder)), "file.unreadable",
                         f"cannot list the folder: {exc.strerror}",
                         hint="check the folder's permissions")
        return []
    chosen: dict[str, Path] = {}
    for path in sorted(entries):
        problem = _site_file_problem(path, chosen)
        if problem:
            if findings is not None:
                findings.add(Location(display_path(path)), "fleet.stray-file",
                             f"{path.name} is not read as a site: {problem}",
                             hint="keep one file sites/<name>.yaml per site; "
                             "move other files out of sites/")
            continue
        if path.suffix in (".yaml", ".yml"):
            chosen[path.stem] = path
    return sorted(chosen.values())


def _site_file_problem(path: Path, chosen: dict[str, Path]) -> str:
    if path.name.lower() in (".yaml", ".yml"):
        return "the file name has no site name"
    if path.suffix.lower() not in (".yaml", ".yml"):
        return ""  # not meant as YAML: READMEs and the like are fine
    if path.suffix not in (".yaml", ".yml"):
        return "write the extension in lower case"
    if not path.stem:
        return "the file name has no site name"
    if not path.is_file():
        return "it is a folder or a broken link, not a file"
    if path.stem in chosen:
        return f"site {path.stem} already has {chosen[path.stem].name}"
    return ""


@dataclass(frozen=True)
class LoadedFiles:
    """Every file read, valid or not, for checks that report everything.

    ``model`` is None when fleet.yaml did not validate; ``sites`` holds
    only the site files that did.
    """

    root: Path
    doc: Document | None
    model: Fleet | None
    sites: tuple[SiteFile, ...]
    documents: tuple[Document, ...]


def load_header(root: Path, findings: FindingList
                ) -> tuple[Document | None, Fleet | None]:
    """Load and validate fleet.yaml alone."""
    fleet_path = root / FLEET_FILE
    if not fleet_path.is_file():
        findings.items.append(_missing_fleet(root))
        return None, None
    doc = load_document(fleet_path, display_path(fleet_path), findings)
    return doc, validate(Fleet, doc, findings) if doc else None


def load_site(path: Path, findings: FindingList
              ) -> tuple[Document | None, SiteFile | None]:
    """Load one site file; the SiteFile is None unless it validates."""
    doc = load_document(path, display_path(path), findings)
    if doc is None:
        return None, None
    model = validate(Site, doc, findings)
    if model is None:
        return doc, None
    _check_name(doc, model, path, findings)
    return doc, SiteFile(doc, model)


def collect_fleet(root: Path, findings: FindingList, *,
                  only: str | None = None) -> LoadedFiles:
    """Load and validate every file, adding each problem to ``findings``.

    With ``only``, just that site's file is read, so the cost does not
    grow with the fleet.
    """
    doc, fleet = load_header(root, findings)
    if doc is None and fleet is None and not (root / FLEET_FILE).is_file():
        return LoadedFiles(root, None, None, (), ())
    documents = [doc] if doc else []
    sites: list[SiteFile] = []
    for path in chosen_sites(root, only, findings):
        site_doc, site = load_site(path, findings)
        if site_doc is not None:
            documents.append(site_doc)
        if site is not None:
            sites.append(site)
    return LoadedFiles(root, doc, fleet, tuple(sites), tuple(documents))


def load_fleet(root: Path, *, only: str | None = None) -> FleetFiles:
    """Load and validate the fleet; raise ``InputError`` listing problems."""
    findings = FindingList()
    loaded = collect_fleet(root, findings, only=only)
    findings.raise_if_errors()
    assert loaded.doc is not None and loaded.model is not None
    return FleetFiles(root, loaded.doc, loaded.model, loaded.sites)


def _missing_fleet(root: Path) -> Finding:
    shown = display_path(root / FLEET_FILE)
    hint = ("pass the fleet folder, for example sitectl render "
            "examples/xgen; without one, sitectl uses the current folder")
    if not root.exists():
        hint = f"the folder {display_path(root)} does not exist"
    return Finding(Location(shown), "fleet.not-found", Severity.ERROR,
                   f"{shown} not found (looked in {root.resolve()})", hint)


def chosen_sites(root: Path, only: str | None, findings: FindingList
                 ) -> list[Path]:
    """List the site files to read: all of them, or the one named."""
    paths = site_paths(root, findings)
    if only is not None and not DNS_LABEL.match(only):
        findings.add(Location(display_path(root / SITES_DIR)),
                     "site.not-found", f"{only!r} is not a site name",
                     hint="give the name of a file in sites/, without "
                     ".yaml, for example --site main")
        return []
    if only is None:
        if not paths:
            findings.add(Location(display_path(root / SITES_DIR)),
                         "fleet.no-sites", "no site files found",
                         hint=f"add {SITES_DIR}/<site>.yaml")
        return paths
    for suffix in (".yaml", ".yml"):
        candidate = root / SITES_DIR / f"{only}{suffix}"
        if candidate.is_file():
            return [candidate]
    names = [p.stem for p in paths]
    close = difflib.get_close_matches(only, names, n=1)
    hint = f"did you mean '{close[0]}'?" if close else (
        f"known sites: {', '.join(names)}" if names else "add the site file")
    findings.add(Location(display_path(root / SITES_DIR / f"{only}.yaml")),
                 "site.not-found", f"site '{only}' not found", hint=hint)
    return []


def _check_name(doc: Document, site: Site, path: Path,
                findings: FindingList) -> None:
    stem = path.stem
    if site.name != stem:
        findings.add(doc.location(("name",)), "site.name-mismatch",
                     f"site name '{site.name}' differs from its file name "
                     f"'{os.path.basename(path)}'",
                     hint=f"write name: {stem}, or rename the file to "
                     f"{site.name}.yaml")
