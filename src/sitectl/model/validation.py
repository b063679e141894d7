"""Validate a loaded document against its model, with positioned findings.

pydantic reports every schema error of a document at once. This module
turns each into a finding at the file, line and column of the offending
key or value, with the text as written and a fix ("did you mean").
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from sitectl.errors import FindingList, Location
from sitectl.model.catalog import CREDENTIAL_NAME
from sitectl.model.yamlfile import Ambiguous, Document, KeyPath, dotted_path

ModelT = TypeVar("ModelT", bound=BaseModel)

_BOUND_HINT = {
    "greater_than": "use a larger value",
    "less_than": "use a smaller value",
    "string_too_short": "write a value; it may not be empty",
    "too_short": "add at least one entry",
    "string_pattern": "see docs/file-format.md for the expected form",
}

_EXPECTED = {
    "string_type": "text",
    "bool_type": "true or false",
    "int_type": "a whole number",
    "float_type": "a number",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "list_type": "a list",
    "literal_error": "",
}


def validate(model: type[ModelT], doc: Document, findings: FindingList
             ) -> ModelT | None:
    """Validate ``doc.data``; add a finding per error and return None."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        _report(model, doc, exc, findings)
        return None


def _report(model: type[BaseModel], doc: Document, exc: ValidationError,
            findings: FindingList) -> None:
    errors = exc.errors(include_url=False)
    seen: set[tuple[KeyPath, str]] = set()
    deep = {_data_path(doc.data, e["loc"], e["type"]) for e in errors}
    for error in errors:
        kind = error["type"]
        keys = _data_path(doc.data, error["loc"], kind)
        if kind in _EXPECTED and _has_deeper(keys, deep):
            continue  # another branch of a union explains it better
        if isinstance(error.get("input"), Ambiguous):
            kind = "ambiguous"
        if (keys, kind) in seen:
            continue
        seen.add((keys, kind))
        _one(model, doc, error, keys, findings)


def _has_deeper(keys: KeyPath, all_paths: set[KeyPath]) -> bool:
    return any(len(p) > len(keys) and p[: len(keys)] == keys
               for p in all_paths)


def _data_path(data: Any, loc: tuple[Any, ...], kind: str) -> KeyPath:
    """Map a pydantic error location onto keys that exist in the data.

    Union branches and validator names appear in ``loc`` but not in the
    file; they are skipped. An unknown or missing key keeps its name.
    """
    keys: list[str | int] = []
    current = data
    for part in loc:
        if isinstance(current, dict) and part in current:
            keys.append(part)
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int):
            if 0 <= part < len(current):
                keys.append(part)
                current = current[part]
        elif (isinstance(current, dict) and part == loc[-1]
              and kind in ("extra_forbidden", "missing")):
            keys.append(part)
            current = None
    return tuple(keys)


def _one(model: type[BaseModel], doc: Document, error: Any, keys: KeyPath,
         findings: FindingList) -> None:
    kind = error["type"]
    value = error.get("input")
    dotted = dotted_path(keys)
    if isinstance(value, Ambiguous):
        _ambiguous(doc, keys, value, kind, findings)
        return
    if kind == "extra_forbidden" and CREDENTIAL_NAME.search(str(keys[-1])):
        findings.add(doc.location(keys, at_key=True), "secret.literal",
                     f"{dotted} holds a credential, which does not belong "
                     "in fleet or site files",
                     hint="remove it, declare the key in the secret "
                     "contract (secrets: in fleet.yaml) and supply the "
                     "value from the environment")
        return
    if kind == "extra_forbidden":
        name = str(keys[-1])
        allowed = _allowed_keys(model, keys[:-1])
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else (
            f"known keys here: {', '.join(sorted(allowed))}"
            if allowed else "remove the key")
        parent = dotted_path(keys[:-1]) or "the top level"
        findings.add(doc.location(keys, at_key=True), "schema.unknown-key",
                     f"unknown key '{name}' in {parent}", hint=hint)
        return
    if kind == "missing":
        name = str(keys[-1]) if keys else "?"
        parent = dotted_path(keys[:-1]) or "the top level"
        hint = f"add '{name}:' with a value"
        if name == "apiVersion":
            hint = "add 'apiVersion: sitectl.io/v1alpha1'"
        findings.add(doc.location(keys[:-1], at_key=True),
                     "schema.missing-key",
                     f"required key '{name}' is missing in {parent}",
                     hint=hint)
        return
    shown = _as_written(doc, keys, value)
    message = str(error["msg"]).removeprefix("Value error, ")
    hint = ""
    if kind in _EXPECTED and kind != "literal_error":
        message = f"expected {_EXPECTED[kind]}, found {shown}"
        if kind == "string_type" and not isinstance(value, (dict, list)):
            hint = f'quote the value: "{_plain_text(doc, keys, value)}"'
    elif kind == "literal_error":
        expected = str(error.get("ctx", {}).get("expected", ""))
        message = f"{shown} is not allowed here"
        hint = f"write one of: {expected}" if expected else ""
    elif kind.startswith(("greater_than", "less_than", "string_too_short",
                          "too_short", "string_pattern")):
        message = f"{shown}: {message[:1].lower()}{message[1:]}"
        hint = _BOUND_HINT.get(kind.split("_equal")[0], "")
    findings.add(doc.location(keys), "schema.invalid-value",
                 f"{dotted}: {message}", hint=hint)


def _ambiguous(doc: Document, keys: KeyPath, value: Ambiguous, kind: str,
               findings: FindingList) -> None:
    dotted = dotted_path(keys)
    spot = doc.spot(keys)
    if value.text in ("", "~", "null", "Null", "NULL"):
        line = (doc.lines[spot.line - 1]
                if spot and spot.line <= len(doc.lines) else "")
        after_key = line[spot.column - 1:] if spot else ""
        if value.text == "" and after_key.lstrip().startswith("#"):
            column = spot.column + after_key.index("#") if spot else 1
            where = Location(doc.display, spot.line if spot else 1, column,
                             dotted)
            findings.add(
                where, "yaml.comment-value",
                f"{dotted} is empty: everything after '#' is a comment, "
                "so the text after it is not part of the value",
                hint="quote the whole text, for example "
                f'"{after_key.strip()}"')
            return
        findings.add(doc.location(keys), "schema.empty-value",
                     f"{dotted} has no value ({value.reason})",
                     hint='give a value, write "" for empty text, or '
                     "delete the key")
        return
    want = _EXPECTED.get(kind, "")
    hint = f'write "{value.text}" if you mean the text'
    if kind == "bool_type":
        hint = "write true or false"
    elif kind in ("int_type", "float_type"):
        hint = "write the number in plain decimal"
    message = f"{dotted}: unquoted {value.text} is ambiguous: {value.reason}"
    if want:
        message += f"; this field expects {want}"
    findings.add(doc.location(keys), "yaml.implicit-type", message,
                 hint=hint)


def _as_written(doc: Document, keys: KeyPath, value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    spot = doc.spots.get(keys)
    if spot is not None and spot.text is not None:
        return spot.text if spot.plain else repr(spot.text)
    return repr(value)


def _plain_text(doc: Document, keys: KeyPath, value: Any) -> str:
    spot = doc.spots.get(keys)
    if spot is not None and spot.text is not None:
        return spot.text
    return str(value)


def _allowed_keys(model: type[BaseModel], keys: KeyPath) -> list[str]:
    """List the keys a mapping at ``keys`` accepts, for "did you mean"."""
    current: Any = model
    for key in keys:
        current = _child(current, key)
        if current is None:
            return []
    models = _models_in(current)
    names: list[str] = []
    for found in models:
        for name, field in found.model_fields.items():
            names.append(field.alias or name)
    return names


def _child(annotation: Any, key: str | int) -> Any:
    for found in _models_in(annotation):
        for name, field in found.model_fields.items():
            if (field.alias or name) == key:
                return field.annotation
    for arg in _unwrap(annotation):
        origin = typing.get_origin(arg)
        if origin in (dict, list):
            return typing.get_args(arg)[-1]
    return None


def _unwrap(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        result: list[Any] = []
        for arg in typing.get_args(annotation):
            result.extend(_unwrap(arg))
        return result
    return [annotation]


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    return [arg for arg in _unwrap(annotation)
            if isinstance(arg, type) and issubclass(arg, BaseModel)]
