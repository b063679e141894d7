"""Typing of plain (unquoted) scalars by YAML 1.1 and YAML 1.2 readers.

sitectl reads its own files with the YAML 1.2 core schema. The objects it
writes are read by Kubernetes tooling with YAML 1.1 rules (Go's yaml.v2
through sigs.k8s.io/yaml, PyYAML), where ``yes``, ``0027`` or ``22:30``
are not text. ``reading_11`` and ``reading_12`` give what each kind of
reader makes of the same text, so the loader can reject a plain scalar
whose meaning depends on the reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_NULL_12 = re.compile(r"^(?:null|Null|NULL|~|)$")
_BOOL_12 = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT_12 = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT_12 = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)

_BOOL_11_TRUE = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE",
                 "on", "On", "ON"}
_BOOL_11_FALSE = {"n", "N", "no", "No", "NO", "false", "False", "FALSE",
                  "off", "Off", "OFF"}
_INT_11 = re.compile(
    r"^(?:[-+]?0b[0-1_]+"
    r"|[-+]?0[0-7_]+"
    r"|[-+]?(?:0|[1-9][0-9_]*)"
    r"|[-+]?0x[0-9a-fA-F_]+"
    r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$"
)
_FLOAT_11 = re.compile(
    r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?"
    r"|\.[0-9_]+(?:[eE][-+][0-9]+)?"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*"
    r"|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN))$"
)
_TIMESTAMP_11 = re.compile(
    r"^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
    r"(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$"
)


@dataclass(frozen=True)
class Reading:
    """The type and value one YAML reader gives a plain scalar.

    ``kind`` is ``str``, ``bool``, ``int``, ``float``, ``null`` or
    ``timestamp``; ``how`` names the rule that applied ("octal",
    "base-60") when the number is not plain decimal.
    """

    kind: str
    value: Any
    how: str = ""

    def describe(self) -> str:
        if self.kind == "str":
            return f'the text "{self.value}"'
        if self.kind == "null":
            return "null (no value)"
        if self.kind == "bool":
            return f"boolean {'true' if self.value else 'false'}"
        if self.how:
            return f"{self.how} {self.kind} {self.value}"
        return f"{self.kind} {self.value}"


# Longer digit strings are no setting of any field; they stay text here
# instead of reaching Python's int() limit of 4,300 digits.
MAX_DIGITS = 100


def reading_12(text: str) -> Reading:
    """Type a plain scalar as a YAML 1.2 core-schema reader does."""
    if len(text) > MAX_DIGITS:
        return Reading("str", text)
    if _NULL_12.match(text):
        return Reading("null", None)
    if _BOOL_12.match(text):
        return Reading("bool", text.lower() == "true")
    if _INT_12.match(text):
        if text.startswith("0o"):
            return Reading("int", int(text[2:], 8), "octal")
        if text.startswith("0x"):
            return Reading("int", int(text[2:], 16), "hexadecimal")
        return Reading("int", int(text, 10))
    if _FLOAT_12.match(text):
        return Reading("float", _float(text))
    return Reading("str", text)


def reading_11(text: str) -> Reading:
    """Type a plain scalar as a YAML 1.1 reader (PyYAML, yaml.v2) does."""
    if len(text) > MAX_DIGITS:
        return Reading("str", text)
    if _NULL_12.match(text):
        return Reading("null", None)
    if text in _BOOL_11_TRUE:
        return Reading("bool", True)
    if text in _BOOL_11_FALSE:
        return Reading("bool", False)
    if _INT_11.match(text):
        return _int_11(text)
    if _FLOAT_11.match(text) and text not in {".", "-.", "+."}:
        return _float_11(text)
    if _TIMESTAMP_11.match(text):
        return Reading("timestamp", text)
    if text == "=":
        return Reading("value", text, "YAML 1.1 'value' tag")
    return Reading("str", text)


def _int_11(text: str) -> Reading:
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-").replace("_", "")
    if ":" in body:
        total = 0
        for part in body.split(":"):
            total = total * 60 + int(part)
        return Reading("int", sign * total, "base-60")
    if body.startswith("0b"):
        return Reading("int", sign * int(body[2:], 2), "binary")
    if body.startswith("0x"):
        return Reading("int", sign * int(body[2:], 16), "hexadecimal")
    if len(body) > 1 and body.startswith("0"):
        return Reading("int", sign * int(body, 8), "octal")
    return Reading("int", sign * int(body))


def _float_11(text: str) -> Reading:
    body = text.replace("_", "")
    if ":" in body:
        sign = -1 if body.startswith("-") else 1
        whole, _, fraction = body.lstrip("+-").partition(".")
        total = 0.0
        for part in whole.split(":"):
            total = total * 60 + int(part)
        value = sign * (total + float("0." + (fraction or "0")))
        return Reading("float", value, "base-60")
    return Reading("float", _float(body))


def _float(text: str) -> float:
    lowered = text.lower()
    if lowered.endswith(".inf"):
        return float("-inf") if lowered.startswith("-") else float("inf")
    if lowered == ".nan":
        return float("nan")
    return float(text)


def ambiguity(text: str) -> str:
    """Describe why a plain scalar is not plain text, or return ``""``.

    A scalar is ambiguous when a YAML 1.1 or a YAML 1.2 reader does not
    read it as the text written, except a plain decimal integer without
    a leading zero and ``true``/``false``, which every reader agrees on.
    """
    old = reading_11(text)
    new = reading_12(text)
    if old.kind == "str" and new.kind == "str":
        return ""
    if old == new and old.kind == "int" and not old.how:
        return ""
    if old == new and old.kind == "bool":
        return ""
    if old.kind == "null" and new.kind == "null":
        return "it is empty (YAML null)"
    if old == new:
        return f"every YAML reader takes it as {old.describe()}"
    return (
        f"YAML 1.1 readers (Kubernetes tooling, PyYAML) take it as "
        f"{old.describe()} and YAML 1.2 readers as {new.describe()}"
    )

