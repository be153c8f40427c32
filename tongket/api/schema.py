"""The OpenAPI schema as the API answers: nulls where a field may be null, and the error
answers of every operation.

`AutoSchema`: a read-only field that can answer null (declared with `default=None`, or read
through a relation or column that may be empty, `source="unit.code"`) is documented nullable;
a path parameter of digits only (`attachments/(?P<file_pk>[0-9]+)`) is documented an integer.

`document_errors`: every operation documents the statuses it may answer besides its success,
with the body `api.errors` gives them.

Both are set once here rather than on each view, because the rules are the API's, not a
view's: an operation that reads input may answer 400; every one may answer 401 (no or a bad
token) and 403 (a role that may not); one that names an object, in its path, its query or its
body, may answer 404 (outside the user's scope is 404 too, and so is a page past the last); one
that writes may answer 409 (saved by someone else since it was read, or a state that forbids
it). A view that documents one of these itself keeps its own."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers


def answers_null(field: serializers.Field) -> bool:
    """Whether a read-only field can answer null: declared with `default=None`, or read
    through a model field (`source="parent.code"`, `"decision_id"`) that is nullable on the
    way (DRF answers null when a step of the source is empty)."""
    if not field.read_only:
        return False
    if field.default is None:
        return True
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or field.source == "*":
        return False
    for name in field.source_attrs:
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return False  # a property or a method: its own annotation says
        if getattr(model_field, "null", False):
            return True
        model = model_field.related_model
        if model is None or model_field.many_to_many or model_field.one_to_many:
            return False
    return False


# A path parameter matched by digits only (`(?P<file_pk>[0-9]+)`) is an id: documented as
# the integer it is rather than as a string of digits.
DIGITS = "^[0-9]+$"


class AutoSchema(SpectacularAutoSchema):
    def _get_serializer_field_meta(self, field: Any, direction: str) -> dict[str, Any]:
        meta: dict[str, Any] = super()._get_serializer_field_meta(field, direction)
        if isinstance(field, serializers.Field) and answers_null(field):
            meta["nullable"] = True
        return meta

    def _resolve_path_parameters(self, variables: list[str]) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            if parameter.get("schema") == {"type": "string", "pattern": DIGITS}:
                parameter["schema"] = {"type": "integer"}
        return parameters


ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": (
        '{"detail": "...", "errors": {"field": ["message"]}}; "code" names the kind of '
        'error when there is one ("conflict", "locked", "state", "rows", "storage"…); a 409 '
        'for a record saved since it was read carries its current "version", one for a '
        'record that looks like records already kept (code "duplicates") lists them in '
        '"matches". An import refused as a whole lists its rows: {"errors": {"rows": '
        '[{"sheet", "row", "column", "message"}]}, "code": "rows"}.'
    ),
    "properties": {
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {
                "type": "array",
                "items": {"oneOf": [{"type": "string"}, {"type": "object"}]},
            },
        },
        "code": {"type": "string"},
        "version": {"type": "integer"},
        "matches": {
            "type": "array",
            "description": 'With code "duplicates": the records the new one looks like.',
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "code": {"type": "string"},
                    "label": {"type": "string"},
                    "unit": {"type": "string"},
                    "unit_name": {"type": "string"},
                    "same_unit": {"type": "boolean"},
                    "same_rank": {"type": "boolean"},
                },
            },
        },
    },
    "required": ["detail", "errors"],
}

WRITES = {"post", "put", "patch", "delete"}
DESCRIPTIONS = {
    "400": "The input is refused: each field with its message.",
    "401": "No token or session, or one that is not valid (or of a locked account).",
    "403": "The user's roles do not allow this.",
    "404": "No such object in the user's scope, or no such page.",
    "409": "Saved by someone else since it was read (with the current version), in a "
    "state that does not allow this, or looking like records already kept (a namesake).",
}


def _statuses(method: str, operation: dict[str, Any]) -> list[str]:
    parameters = operation.get("parameters", [])
    in_path = any(p.get("in") == "path" for p in parameters)
    in_query = any(p.get("in") == "query" for p in parameters)
    reads_input = method in WRITES or in_path or in_query
    statuses = []
    if method in WRITES or in_query:
        statuses.append("400")
    statuses += ["401", "403"]
    if reads_input:
        statuses.append("404")
    if method in WRITES:
        statuses.append("409")
    return statuses


def document_errors(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular post-processing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/"):
            continue
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for status in _statuses(method, operation):
                responses.setdefault(status, {"description": DESCRIPTIONS[status], "content": body})
    return result
