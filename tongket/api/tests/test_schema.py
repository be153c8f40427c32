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
