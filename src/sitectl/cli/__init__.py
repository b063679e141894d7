"""The ``sitectl`` command line: a thin layer over the library.

Exit codes, shared by every command:

- 0: success
- 1: the input is wrong, or the committed tree is stale
- 2: usage error (unknown option, missing argument)
- 3: internal error in sitectl (a bug; please report it)
"""

from __future__ import annotations

import sys
import tempfile
import traceback

import click

from sitectl import __version__
from sitectl.cli import console
from sitectl.cli.images import images_command
from sitectl.cli.lint import lint_command
from sitectl.cli.render import render_command
from sitectl.cli.schema import schema_command
from sitectl.errors import InputError, SitectlError

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_BUG = 3


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sitectl")
def cli() -> None:
    """Render and check a fleet of sites for Argo CD.

    A fleet folder contains fleet.yaml (shared defaults and the service
    catalog) and sites/<site>.yaml (one file per site).
    """


cli.add_command(images_command)
cli.add_command(lint_command)
cli.add_command(render_command)
cli.add_command(schema_command)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI and exit with one of the documented codes."""
    sys.exit(run(argv))


def run(argv: list[str] | None = None) -> int:
    try:
        result = cli.main(args=argv, prog_name="sitectl",
                          standalone_mode=False)
        return int(result or 0)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.UsageError as exc:
        exc.show()
        return EXIT_USAGE
    except click.Abort:
        console.error("aborted")
        return 130
    except InputError as exc:
        console.print_findings(exc.findings)
        console.error(f"{console.summary(exc.findings)}{exc.note}")
        return EXIT_INPUT
    except SitectlError as exc:
        console.error(str(exc))
        return EXIT_INPUT
    except OSError as exc:
        # The machine refused a read or write (permissions, a full disk,
        # a file where a folder should be): not a bug in sitectl.
        where = f": {exc.filename}" if exc.filename else ""
        console.error(f"{exc.strerror or exc}{where}")
        return EXIT_INPUT
    except Exception:  # noqa: BLE001 - the one place that catches bugs
        return _report_bug()


def _report_bug() -> int:
    with tempfile.NamedTemporaryFile(
            "w", prefix="sitectl-crash-", suffix=".log",
            delete=False) as log:
        log.write(f"sitectl {__version__}\n")
        log.write(traceback.format_exc())
    kind = sys.exc_info()[0]
    name = kind.__name__ if kind else "error"
    console.error(f"internal error ({name}) in sitectl; this is a bug. "
                  f"Please report it with the log at {log.name}")
    return EXIT_BUG
