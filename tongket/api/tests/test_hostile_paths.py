"""Hostile values in the path never break a route nor show anything: every /api/v1/ route
with a path parameter (details, actions, files, sub-records; the lists below a record are
also in test_hostile_queries.py), called with every method as a tracking officer of Quân
khu 2, with one parameter at a time replaced by an id that does not exist, zero, a negative
number, a number too large for any database integer, a number in exponent form, text, "null"
or 300 characters (the other parameters being records of Quân khu 2 the officer reads),
answers 400, 403, 404 or 405 with a JSON body: never a server error, never data, never a
redirect, and nothing is written. Another branch's id is test_scope_api.py's walk (404 and
nothing written, on the same routes)."""

from __future__ import annotations

from typing import Any

import pytest

from tongket.api.tests.test_scope_api import (
    API_ROUTES,
    METHODS,
    PAYLOAD,
    client_for,
    counts,
    params_of,
    path_of,
    values_for,
)

OFFICER = "qk2.theodoi"
# Values that are no record's id (nor a period's code, nor a rank's).
HOSTILE = [
    "987654321",
    "0",
    "-1",
    "99999999999999999999999",
    "9223372036854775808",
    "1e5",
    "abc",
    "null",
    "x" * 300,
]
# A refusal: the request is wrong (400), not allowed (403), names nothing (404), or the route
# has no such method (405).
REFUSALS = {400, 403, 404, 405}
ROUTES = [(route, name) for route, name, _pattern in API_ROUTES if params_of(route)]


def test_the_routes_with_a_path_parameter_are_enumerated() -> None:
    """Not vacuous: the details, actions, files and sub-records of the API are all here."""
    assert len(ROUTES) >= 120
    names = {name for _route, name in ROUTES}
    assert {"unit-detail", "report-detail", "document-docx", "resolution-attachment"} <= names


def hostile_failures(client: Any, route: str, values: dict[str, Any]) -> list[str]:
    """What breaks on `route` when one of its parameters at a time is hostile."""
    failures = []
    for name in params_of(route):
        for value in HOSTILE:
            path = path_of(route, {**values, name: value})
            for method in METHODS:
                if method == "get":
                    response = client.get(path)
                else:
                    response = getattr(client, method)(path, PAYLOAD, format="json")
                status = response.status_code
                shown = f"{method.upper()} {path[:120]} ({name}={value[:30]}): {status}"
                if status not in REFUSALS:
                    failures.append(f"{shown} {response.content[:200]!r}")
                elif "json" not in response.get("Content-Type", ""):
                    failures.append(f"{shown} answered {response.get('Content-Type')}")
    return failures


@pytest.mark.schema_fuzz
@pytest.mark.django_db
@pytest.mark.parametrize(("route", "name"), ROUTES, ids=[name for _route, name in ROUTES])
def test_hostile_path_values_are_refused_as_json_and_write_nothing(  # type: ignore[no-untyped-def]
    users, units, route, name
):
    """Given a route and records of Quân khu 2 for its parameters, when one parameter at a
    time is hostile, then every method answers 400/403/404/405 as JSON, and nothing is
    written."""
    officer = users[OFFICER]
    assert officer.clearance == "none" and not officer.is_superuser
    values = values_for(route, units["QK2"], officer)
    assert values is not None, f"no record of Quân khu 2 for {name} ({route})"
    before = counts()
    failures = hostile_failures(client_for(officer), route, values)
    assert not failures, "\n".join(failures)
    assert counts() == before
