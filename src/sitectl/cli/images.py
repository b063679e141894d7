"""``sitectl images``: the CI build plan, as a table or JSON."""

from __future__ import annotations

import json
from pathlib import Path

import click

from sitectl.render.images import image_rows
from sitectl.render.run import plan_fleet


@click.command("images")
@click.argument("fleet", type=click.Path(path_type=Path), default=".")
@click.option("--site", "only", metavar="NAME", default=None,
              help="List this site's images only.")
@click.option("--format", "output_format", type=click.Choice(["table",
                                                              "json"]),
              default="table", help="Output format.")
def images_command(fleet: Path, only: str | None, output_format: str) -> int:
    """List every image to build and push, or mirror, per site.

    Each row names the image reference, the registry it is pushed to and
    pulled from, and the CI credential id for the push.
    """
    plans, _ = plan_fleet(fleet, only)
    rows = image_rows(plans)
    if output_format == "json":
        click.echo(json.dumps({"images": [r.as_dict() for r in rows]},
                              indent=2))
        return 0
    lines = [("SITE", "ACTION", "IMAGE", "CI CREDENTIAL", "ENVIRONMENTS")]
    lines += [(r.site, r.action, r.image, r.ci_credential,
               ",".join(r.environments)) for r in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(4)]
    for line in lines:
        cells = [cell.ljust(width) for cell, width in zip(line, widths,
                                                           strict=False)]
        click.echo("  ".join(cells + [line[4]]))
    return 0
