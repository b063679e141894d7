"""``sitectl render``: write the GitOps tree of the fleet."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from sitectl.cli import console
from sitectl.errors import InputError
from sitectl.render.run import DEFAULT_OUTPUT, render, stream_objects


@click.command("render")
@click.argument("fleet", type=click.Path(path_type=Path), default=".")
@click.option("-o", "--output", "out", type=str, default=None,
              help="Folder to write the tree into (default: FLEET/"
              f"{DEFAULT_OUTPUT}); '-' writes one YAML stream to stdout.")
@click.option("--site", "only", metavar="NAME", default=None,
              help="Render this site only; other sites' folders stay as "
              "they are.")
@click.option("--check", is_flag=True,
              help="Write nothing; exit 1 if the tree at --output differs "
              "from a fresh render.")
def render_command(fleet: Path, out: str | None, only: str | None,
                   check: bool) -> int:
    """Render every site of FLEET (default: the current folder)."""
    if out == "":
        raise click.UsageError("-o needs a folder, or - for standard output")
    if out == "-":
        if check:
            raise click.UsageError("--check cannot be used with -o -")
        try:
            result = stream_objects(fleet, sys.stdout, only=only)
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader (head, a closed pager) has all it wanted.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
        console.print_notices(result.notices)
        return 0
    target = Path(out) if out else fleet / DEFAULT_OUTPUT
    try:
        result = render(fleet, target, only=only, check=check)
    except InputError as exc:
        if not check:
            exc.note = f"; nothing was written to {target}"
        raise
    console.print_notices(result.notices)
    if check:
        assert result.diff is not None
        diff = result.diff
        for label, paths in (("stale", diff.stale),
                             ("missing", diff.missing),
                             ("extra", diff.extra)):
            for path in paths:
                console.note(f"{label}: {target / path}")
        if not diff.clean:
            console.error(f"{target} is out of date: run sitectl render "
                          "(it refuses extra files that it did not write; "
                          "move those out first)")
            return 1
        console.note(f"{target} is up to date ({result.sites} site(s))")
        return 0
    console.note(f"wrote {result.files} files for {result.sites} site(s) "
                 f"to {target}")
    return 0
