"""The OpenAPI schema says what the API answers: every operation documents its error
statuses with the error body of `api.errors`, and a field that can answer null says so."""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator


@pytest.fixture(scope="module")
def schema() -> dict:  # type: ignore[type-arg]
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):  # type: ignore[no-untyped-def]
    for path, items in schema["paths"].items():
        for method, operation in items.items():
            yield path, method, operation


def test_every_operation_documents_its_errors_in_the_error_shape(schema):
    error = {"$ref": "#/components/schemas/Error"}
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        assert {"401", "403"} <= responses.keys(), (method, path)
        if method in {"post", "put", "patch", "delete"}:
            assert {"400", "404", "409"} <= responses.keys(), (method, path)
        if "{" in path:
            assert "404" in responses, (method, path)
        documented = responses["403"]["content"]["application/json"]["schema"]
        assert documented == error, (method, path)
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail", "errors"]


def test_a_view_that_documents_an_error_itself_keeps_its_words(schema):
    pdf = schema["paths"]["/api/v1/documents/{id}/pdf/"]["get"]["responses"]["409"]
    assert "LibreOffice" in pdf["description"]


def test_fields_read_through_an_empty_relation_are_nullable(schema):
    """A unit without a parent, a nomination not yet decided: null, and documented so."""
    components = schema["components"]["schemas"]
    assert components["Unit"]["properties"]["parent"].get("nullable") is True
    assert components["Nomination"]["properties"]["decision"].get("nullable") is True
    assert components["Authority"]["properties"]["unit"].get("nullable") is True
    assert not components["Unit"]["properties"]["code"].get("nullable")


def path_parameter_faults(schema):  # type: ignore[no-untyped-def]
    """Each operation's path parameters against its path: a name declared twice, a
    parameter not in the path, a placeholder of the path not declared, or an id (a route of
    digits) documented as a string."""
    import re

    faults = []
    for path, method, operation in operations(schema):
        in_path = re.findall(r"{(\w+)}", path)
        declared = [p for p in operation.get("parameters", []) if p["in"] == "path"]
        names = [p["name"] for p in declared]
        if len(names) != len(set(names)):
            faults.append(f"{method} {path}: declared twice: {sorted(names)}")
        if set(names) != set(in_path):
            faults.append(f"{method} {path}: declared {sorted(names)}, in the path {in_path}")
        for parameter in declared:
            if not parameter.get("required"):
                faults.append(f"{method} {path}: {parameter['name']} not required")
            if parameter["schema"].get("pattern") == "^[0-9]+$":
                faults.append(f"{method} {path}: {parameter['name']} is an id, not a string")
    return faults


def test_every_path_parameter_is_declared_once_by_its_name_and_type(schema):
    """Given the schema, then every operation declares each placeholder of its path once,
    by the path's name, and nothing else as a path parameter; ids matched by digits are
    integers (the period is read by its code or its id, a string)."""
    assert not path_parameter_faults(schema)
    period = schema["paths"]["/api/v1/periods/{id}/"]["get"]["parameters"]
    (parameter,) = [p for p in period if p["in"] == "path"]
    assert parameter["schema"]["type"] == "string" and "code" in parameter["description"]
    attachment = schema["paths"]["/api/v1/resolutions/{id}/attachments/{file_pk}/"]["get"]
    assert {p["name"]: p["schema"]["type"] for p in attachment["parameters"]} == {
        "id": "integer",
        "file_pk": "integer",
    }


def test_the_path_parameter_check_finds_a_duplicate_and_a_stray():
    """The check can fail: a parameter declared twice, and one that is not in the path."""
    twice = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
    stray = {"name": "pk", "in": "path", "required": True, "schema": {"type": "string"}}
    broken = {
        "paths": {
            "/a/{id}/": {"get": {"parameters": [twice, twice]}},
            "/b/{id}/": {"get": {"parameters": [twice, stray]}},
        }
    }
    faults = path_parameter_faults(broken)
    assert len(faults) == 2 and "twice" in faults[0] and "'pk'" in faults[1]
