"""Hostile query strings never break a list: every read of the API without a path
parameter (the lists, searches and exports, enumerated from /api/schema/), called as the
administrator with unknown filters, huge or negative pages, negative ids, overlong strings,
wrong date formats, NUL bytes and numbers too large for any column, answers 200 (the value
ignored or read as nothing matches) or 400 with a JSON body naming the parameter; never a
server error, never HTML.

Each hostile value goes alone into one parameter (a 400 of another parameter cannot hide a
500 of this one); a 400 that names another parameter is accepted only when the call without
the hostile value is refused the same way, or names another parameter of the operation (one
it requires with this one: `below` needs `line`, the analytics need a unit and a period).
Lists reached only through a path parameter (a resolution's items…) are not called here;
the schema fuzz covers them with generated values."""

from __future__ import annotations

from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token

RAW = SchemaGenerator().get_schema(request=None, public=True)
LISTS = sorted(
    (path, [p for p in op["get"].get("parameters", []) if p["in"] == "query"])
    for path, op in RAW["paths"].items()
    if "get" in op and "{" not in path
)

# Whatever the parameter: ids and numbers out of every range, text too long, dates not dates.
HOSTILE_VALUES = [
    "-1",
    "0",
    "99999999999999999999999",
    "1e400",
    "x" * 3000,
    "2026-13-45",
    "31/12/2026",
    "null",
    "\x00",
    "1,2,,-3",
    "%",
]
# The same for every list: pages and filters nobody declared.
GENERIC_QUERIES: list[dict[str, str]] = [
    {"page": "999999999"},
    {"page": "-1"},
    {"page": "abc"},
    {"page": "99999999999999999999999"},
    {"page_size": "-5"},
    {"page_size": "null"},
    {"page_size": "1000000"},
    {"no_such_filter": "1"},
    {"unit__path__startswith": "/"},
    {"ordering": "-password"},
]


def test_the_lists_are_enumerated() -> None:
    """Not vacuous: the schema's lists are all here (the reports, units, resolutions…)."""
    paths = [path for path, _ in LISTS]
    assert len(paths) >= 30
    assert {"/api/v1/units/", "/api/v1/resolutions/", "/api/v1/reports/"} <= set(paths)


def named(body: Any, name: str) -> bool:
    errors = body.get("errors") if isinstance(body, dict) else None
    return isinstance(errors, dict) and any(
        key == name or key.startswith(f"{name}.") for key in errors
    )


@pytest.mark.schema_fuzz
@pytest.mark.django_db
@pytest.mark.parametrize(("path", "parameters"), LISTS, ids=[path for path, _ in LISTS])
def test_hostile_query_strings_answer_200_or_a_400_naming_the_field(  # type: ignore[no-untyped-def]
    client, users, path, parameters
):
    token = Token.objects.get_or_create(user=users["admin"])[0].key
    headers = {"HTTP_AUTHORIZATION": f"Token {token}", "HTTP_ACCEPT_ENCODING": "identity"}
    declared = {parameter["name"] for parameter in parameters} | {"page", "page_size"}
    base = client.get(path, **headers)
    assert base.status_code < 500, f"{path}: {base.status_code}"
    queries = [(name, query) for query in GENERIC_QUERIES for name in query]
    queries += [
        (parameter["name"], {parameter["name"]: value})
        for parameter in parameters
        for value in HOSTILE_VALUES
    ]
    failures = []
    for name, query in queries:
        response = client.get(path, query, **headers)
        status = response.status_code
        shown = f"{path}?{name}={str(query[name])[:40]!r}: {status}"
        if status >= 500 or ("json" not in response.get("Content-Type", "") and status >= 400):
            failures.append(f"{shown} {response.content[:200]!r}")
        elif status == 400:
            body = response.json()
            if not (
                named(body, name)
                or (base.status_code == 400 and body == base.json())
                or any(named(body, other) for other in declared)
            ):
                failures.append(f"{shown} does not name the parameter: {body}")
        elif status not in (200, 404):
            failures.append(shown)
    assert not failures, "\n".join(failures)
