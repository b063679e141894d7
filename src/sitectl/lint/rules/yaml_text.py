"""Layer 1: rules over the raw text and tokens of each YAML file.

A loaded dict has already lost the evidence these rules need: where a
comment began, whether an anchor was used, where a tab sits.
"""

from __future__ import annotations

import re

import yaml

from sitectl.errors import FindingList, Location
from sitectl.lint.rules.base import WARNING, Rule, rule
from sitectl.model.catalog import CREDENTIAL_NAME
from sitectl.model.yamlfile import Document, dotted_path

RULES: list[Rule] = [
    rule("yaml.comment-in-value", WARNING,
         "a comment starts right after a value, which may have cut it",
         """In a plain value, ' #' starts a comment, so 'Call ext. #4471'
         is read as 'Call ext.'. A comment written as '# text', with a
         space after '#', is taken as meant and not reported.""",
         "vars:\n  SUPPORT_BANNER: Call ext. #4471 for help\n",
         'vars:\n  SUPPORT_BANNER: "Call ext. #4471 for help"\n'
         "replicas: 2  # two nodes\n", configurable=True),
    rule("yaml.anchor", WARNING, "an anchor or alias is used",
         """Anchors hide values from reviewers, and a value starting with
         '&' is silently split: 'pw: &x9 abc' is an anchor named x9 and
         the value abc. Write values out.""",
         "base: &base {cpu: 250m}\nother: *base\n",
         "base: {cpu: 250m}\nother: {cpu: 250m}\n", configurable=True),
    rule("yaml.tab", WARNING, "a tab character is in the file",
         """Tabs are invalid as indentation and are read differently by
         libyaml and pure-Python readers elsewhere; use spaces.""",
         "vars:\n  MOTD: a\tb\n", 'vars:\n  MOTD: "a b"\n', configurable=True),
]

_CUT_COMMENT = re.compile(r"^(\s+)#(\S)")


def check_document(doc: Document, findings: FindingList) -> None:
    _comments(doc, findings)
    _anchors(doc, findings)
    _tabs(doc, findings)


def _comments(doc: Document, findings: FindingList) -> None:
    for keys, spot in doc.spots.items():
        if not spot.plain or not spot.text or "\n" in spot.text:
            continue
        line = doc.lines[spot.line - 1] if spot.line <= len(doc.lines) else ""
        if not line[spot.column - 1:].startswith(spot.text):
            continue
        rest = line[spot.end_column - 1:]
        match = _CUT_COMMENT.match(rest)
        if not match:
            continue
        column = spot.end_column + len(match.group(1))
        comment = rest[len(match.group(1)):].rstrip()
        where = Location(doc.display, spot.line, column, dotted_path(keys))
        message = (f"{dotted_path(keys)}: a comment starts right after the "
                   f"value, so it was cut to {spot.text!r}")
        hint = (f'if "{comment}" belongs to the value, quote the whole '
                f'text: "{spot.text} {comment}"')
        name = next((k for k in reversed(keys) if isinstance(k, str)), "")
        if CREDENTIAL_NAME.search(name):
            message = (f"{dotted_path(keys)}: a comment starts right after "
                       "the value, so the value was cut short")
            hint = "quote the whole value (and move it to a secret)"
        findings.add(where, "yaml.comment-in-value", message, hint=hint,
                     severity=WARNING)


def _anchors(doc: Document, findings: FindingList) -> None:
    if "&" not in "".join(doc.lines) and "*" not in "".join(doc.lines):
        return
    text = "\n".join(doc.lines) + "\n"
    try:
        events = list(yaml.parse(text, Loader=getattr(
            yaml, "CSafeLoader", yaml.SafeLoader)))
    except yaml.YAMLError:
        return
    for event in events:
        mark = event.start_mark
        if mark is None:
            continue
        where = Location(doc.display, mark.line + 1, mark.column + 1)
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent):
            findings.add(where, "yaml.anchor",
                         f"alias *{anchor} repeats a value from elsewhere "
                         "in the file", hint="write the value out",
                         severity=WARNING)
        elif anchor:
            value = getattr(event, "value", None)
            extra = (f"; the value is {value!r}, without '&{anchor}'"
                     if isinstance(value, str) else "")
            findings.add(where, "yaml.anchor",
                         f"&{anchor} is read as an anchor name{extra}",
                         hint="write values out; quote a value that starts "
                         "with '&'", severity=WARNING)


def _tabs(doc: Document, findings: FindingList) -> None:
    for number, line in enumerate(doc.lines, start=1):
        index = line.find("\t")
        if index >= 0 and not line.lstrip().startswith("#"):
            findings.add(Location(doc.display, number, index + 1),
                         "yaml.tab", "the line contains a tab character",
                         hint="replace the tab with spaces, or write \\t "
                         "inside a double-quoted value", severity=WARNING)

