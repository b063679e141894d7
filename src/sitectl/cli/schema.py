"""``sitectl schema``: JSON Schema of fleet.yaml and site files."""

from __future__ import annotations

import json

import click
from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from sitectl.model.fleet import Fleet
from sitectl.model.site import Site

KINDS: dict[str, type[BaseModel]] = {"fleet": Fleet, "site": Site}


class _WithoutNull(GenerateJsonSchema):
    """Leave ``null`` out: the loader rejects empty values everywhere."""

    def nullable_schema(self, schema: core_schema.NullableSchema
                        ) -> JsonSchemaValue:
        return self.generate_inner(schema["schema"])


def json_schema(kind: str) -> dict[str, object]:
    model = KINDS[kind]
    schema_dict = model.model_json_schema(by_alias=True, mode="validation",
                                          schema_generator=_WithoutNull)
    schema: dict[str, object] = dict(schema_dict)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"sitectl {kind} file"
    return schema


@click.command("schema")
@click.argument("kind", type=click.Choice(sorted(KINDS)))
def schema_command(kind: str) -> int:
    """Print the JSON Schema of a fleet or site file.

    Point the YAML language server at it with a first line such as
    '# yaml-language-server: $schema=site.schema.json'.
    """
    click.echo(json.dumps(json_schema(kind), indent=2, sort_keys=True))
    return 0
