"""Findings and the errors that carry them to the command line.

A finding is one problem at one place in one file. Loading, checking and
rendering collect findings instead of stopping at the first, so a single
run shows every mistake. ``InputError`` carries the error findings of a
failed run to the command line, which prints them and exits 1.

Exception tree::

    SitectlError            a user-facing failure; the CLI prints it, exit 1
    ├── InputError          fleet or site files are wrong (carries findings)
    └── OutputError         the output folder cannot be written safely

Anything else that escapes is a bug in sitectl.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from sitectl.redact import redact


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Location:
    """A 1-based position in a file, with the key path it belongs to."""

    file: str
    line: int = 0
    column: int = 0
    path: str = ""

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


@dataclass(frozen=True)
class Finding:
    """One problem: where, which rule, how bad, what is wrong, how to fix it.

    ``related`` lists further places that take part in the problem, such
    as the fleet default that a site value clashes with.
    """

    location: Location
    rule: str
    severity: Severity
    message: str
    hint: str = ""
    related: tuple[tuple[Location, str], ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", redact(self.message))
        object.__setattr__(self, "hint", redact(self.hint))

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.file, loc.line, loc.column, self.rule, self.message)


class SitectlError(Exception):
    """A failure caused by the user's input or environment, not a bug."""


class InputError(SitectlError):
    """Fleet or site files have errors; ``findings`` lists all of them."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = sorted(findings, key=Finding.sort_key)
        # Set by a command that writes, to say that it wrote nothing.
        self.note = ""
        errors = sum(f.severity is Severity.ERROR for f in self.findings)
        super().__init__(f"{errors} error(s) in the fleet")


class OutputError(SitectlError):
    """The output folder is not sitectl's, or cannot be written safely."""


class FindingList:
    """Collects findings while a fleet is loaded, checked and rendered."""

    def __init__(self) -> None:
        self.items: list[Finding] = []
        self._counted = 0
        self._errors = 0

    def add(
        self,
        location: Location,
        rule: str,
        message: str,
        *,
        hint: str = "",
        severity: Severity = Severity.ERROR,
        related: tuple[tuple[Location, str], ...] = (),
    ) -> None:
        self.items.append(
            Finding(location, rule, severity, message, hint, related)
        )

    def extend(self, findings: list[Finding]) -> None:
        self.items.extend(findings)

    @property
    def has_errors(self) -> bool:
        # Counted incrementally: a fleet render checks after every site.
        if len(self.items) < self._counted:
            self._counted = self._errors = 0
        for finding in self.items[self._counted:]:
            self._errors += finding.severity is Severity.ERROR
        self._counted = len(self.items)
        return self._errors > 0

    def raise_if_errors(self) -> None:
        if self.has_errors:
            raise InputError(self.items)

    def notices(self) -> list[Finding]:
        return [f for f in self.items if f.severity is not Severity.ERROR]
