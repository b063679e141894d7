"""Write the rendered tree into a folder that sitectl owns.

The output folder carries a marker file; each site folder lists the
files sitectl wrote into it. Rendering refuses a non-empty folder
without the marker and any file in it that sitectl did not write, so it
never deletes a user's file. A new tree is written beside the old one
and swapped in by renaming, so an error leaves the old tree untouched.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sitectl.errors import OutputError
from sitectl.render.tree import RenderedFile

MARKER = ".sitectl-tree"
SITE_LIST = ".sitectl-files"
MARKER_TEXT = (
    b"This folder is written by 'sitectl render'. Every render replaces\n"
    b"its content; edit the fleet files instead.\n"
)

SiteFiles = tuple[str, Iterable[RenderedFile]]


@dataclass
class TreeDiff:
    """Differences between a folder and the files a render would write."""

    stale: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.stale or self.missing or self.extra)


def _owned(out: Path) -> bool:
    return (out / MARKER).is_file()


def _require_owned(out: Path, *, create: bool) -> None:
    if not out.exists():
        if create:
            return
        raise OutputError(f"{out} does not exist; run sitectl render first")
    if not out.is_dir():
        raise OutputError(f"{out} is not a folder; choose another -o")
    if _owned(out):
        return
    if any(out.iterdir()):
        raise OutputError(
            f"{out} is not empty and was not written by sitectl (it has no "
            f"{MARKER} file); choose an empty or new folder with -o"
        )


def _foreign_files(site_dir: Path) -> list[str]:
    listed: set[str] = set()
    listing = site_dir / SITE_LIST
    if listing.is_file():
        try:
            listed = set(listing.read_text(encoding="utf-8").splitlines())
        except (OSError, UnicodeDecodeError):
            listed = set()  # every file then counts as foreign
    foreign: list[str] = []
    for path in sorted(site_dir.rglob("*")):
        if path.is_dir() or path == listing:
            continue
        relative = path.relative_to(site_dir).as_posix()
        if relative not in listed:
            foreign.append(f"{site_dir.name}/{relative}")
    return foreign


def _check_foreign(out: Path, sites: Iterable[str] | None) -> None:
    """Raise when the tree contains a file sitectl did not write."""
    if not out.is_dir():
        return
    foreign: list[str] = []
    for entry in sorted(out.iterdir()):
        if entry.name == MARKER:
            continue
        if sites is not None and entry.name not in sites:
            continue
        if entry.is_dir() and (entry / SITE_LIST).is_file():
            foreign.extend(_foreign_files(entry))
        elif not entry.name.startswith(".sitectl-"):
            foreign.append(entry.name + ("/" if entry.is_dir() else ""))
    if foreign:
        shown = ", ".join(foreign[:5])
        more = f" and {len(foreign) - 5} more" if len(foreign) > 5 else ""
        raise OutputError(
            f"{out} contains files that sitectl did not write: {shown}{more}; "
            "move them out of the rendered tree"
        )


def _write_site(base: Path, site: str, files: Iterable[RenderedFile]
                ) -> int:
    site_dir = base / site
    written: list[str] = []
    made: set[Path] = set()
    for relative, content in files:
        path = base / relative
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(content)
        written.append(relative.split("/", 1)[1])
    site_dir.mkdir(parents=True, exist_ok=True)
    listing = "".join(f"{name}\n" for name in sorted(written))
    (site_dir / SITE_LIST).write_text(listing, encoding="utf-8")
    return len(written)


def require_tree(out: Path) -> None:
    """Raise unless ``out`` is a rendered tree that can be compared."""
    if not out.exists():
        raise OutputError(f"{out} does not exist; run sitectl render first")
    if not out.is_dir() or not _owned(out):
        raise OutputError(f"{out} is not a tree written by sitectl render "
                          f"(it has no {MARKER} file); pass the rendered "
                          "folder with -o")


def _missing_parents(folder: Path) -> list[Path]:
    missing = []
    for parent in [folder, *folder.parents]:
        if parent.exists():
            break
        missing.append(parent)
    return missing


def write_tree(out: Path, sites: Iterable[SiteFiles], *,
               before_swap: Callable[[], object] = lambda: None) -> int:
    """Replace the whole tree at ``out``; return the number of files.

    ``before_swap`` runs once every site is written. An exception from
    it, as from anything else, removes the new tree and any folder
    created for it, so the old tree stays as it was.
    """
    _require_owned(out, create=True)
    _check_foreign(out, None)
    created = _missing_parents(out.parent)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.sitectl-new-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    count = 0
    try:
        staging.mkdir()
        (staging / MARKER).write_bytes(MARKER_TEXT)
        for site, files in sites:
            count += _write_site(staging, site, files)
        before_swap()
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        for folder in created:
            folder.rmdir()
        raise
    _swap(staging, out)
    return count


def write_site(out: Path, site: str, files: Iterable[RenderedFile]) -> int:
    """Replace one site's folder at ``out``, leaving the others as they are."""
    _require_owned(out, create=True)
    _check_foreign(out, {site})
    out.mkdir(parents=True, exist_ok=True)
    if not _owned(out):
        (out / MARKER).write_bytes(MARKER_TEXT)
    staging = out / f".sitectl-new-{site}-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir()
        count = _write_site(staging, site, files)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging / site, out / site)
    shutil.rmtree(staging, ignore_errors=True)
    return count


def _swap(new: Path, target: Path) -> None:
    if not target.exists():
        new.rename(target)
        return
    old = target.parent / f".{target.name}.sitectl-old-{os.getpid()}"
    target.rename(old)
    try:
        new.rename(target)
    except BaseException:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)
    if old.exists():
        raise OutputError(
            f"the new tree is in place at {target}, but the previous one "
            f"could not be removed from {old}; check its permissions and "
            "delete it")


def compare_tree(out: Path, sites: Iterable[SiteFiles],
                 only: str | None = None) -> TreeDiff:
    """Compare ``out`` with a render, without writing anything.

    Sites are compared one at a time, so memory does not grow with the
    fleet; folders of sites that no longer exist count as extra.
    """
    diff = TreeDiff()
    seen: set[str] = set()
    for site, files in sites:
        seen.add(site)
        expected: set[str] = set()
        for relative, content in files:
            expected.add(relative)
            _compare_file(out / relative, relative, content, diff)
        names = sorted(r.split("/", 1)[1] for r in expected)
        listing = "".join(f"{n}\n" for n in names).encode()
        relative = f"{site}/{SITE_LIST}"
        expected.add(relative)
        _compare_file(out / relative, relative, listing, diff)
        diff.extra.extend(_unexpected(out, out / site, expected))
    if out.is_dir() and only is None:
        for entry in sorted(out.iterdir()):
            if entry.name != MARKER and entry.name not in seen:
                diff.extra.extend(_unexpected(out, entry, set()))
    return diff


def _unexpected(out: Path, root: Path, expected: set[str]) -> list[str]:
    if root.is_file():
        return [root.relative_to(out).as_posix()]
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(out).as_posix()
        if path.is_file() and relative not in expected:
            found.append(relative)
    return found


def _compare_file(path: Path, relative: str, content: bytes,
                  diff: TreeDiff) -> None:
    try:
        current = path.read_bytes()
    except FileNotFoundError:
        diff.missing.append(relative)
        return
    if current != content:
        diff.stale.append(relative)
