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
The lists reached through a path parameter (a unit's children, a meeting's conclusions, a
record's history…, enumerated from the schema: a path parameter and a list or page answered)
are called as a scoped user, a tracking officer of Quân khu 2 without clearance: with the id
of a record the officer reads (from the officer's own list) the same hostile query strings
answer as above; with the id of a record outside the officer's reach (in the administrator's
list, not in the officer's) every call answers 404 with the same JSON as an id that does not
exist, never 403 or 200 (docs/architecture.md: "Outside the scope answers 404", a record above
the reader's clearance "does not exist for that user"); hostile values in the path answer
404 or 400 as JSON."""

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


def answers_a_list(operation: dict[str, Any]) -> bool:
    """Does the operation answer a list, or a page of one (by its 200 schema)?"""
    content = operation["responses"].get("200", {}).get("content") or {}
    schema = next(iter(content.values()), {}).get("schema", {})
    reference = schema.get("$ref", "")
    if reference:
        schema = RAW["components"]["schemas"][reference.rsplit("/", 1)[-1]]
    return schema.get("type") == "array" or "results" in schema.get("properties", {})


# Lists below a record: (path, query parameters), the path's one parameter being {id}.
LISTS_BELOW = sorted(
    (path, [p for p in op["get"].get("parameters", []) if p["in"] == "query"])
    for path, op in RAW["paths"].items()
    if "get" in op and "{" in path and answers_a_list(op["get"])
)
# The scoped reader of the lists below a record.
OFFICER = "qk2.theodoi"
# Routes whose records the officer reads and does not read (the demo's, and the bodies
# recorded here): both sides are called, or the test fails. A route added later without such
# records is called with the ids it has, and with the ids of no record.
WITH_RECORDS = {
    "award-decisions",
    "body-groups",
    "campaign-documents",
    "campaigns",
    "meetings",
    "nominations",
    "people",
    "report-forms",
    "reports",
    "resolutions",
    "units",
}
# Values that are no record's id, for the path parameter.
HOSTILE_IDS = ["0", "-1", "99999999999999999999999", "1e400", "x" * 300, "%00", "null"]
NO_SUCH_ID = "987654321"

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
    """Not vacuous: the schema's lists are all here (the reports, units, resolutions…), and
    the lists below a record (a unit's children, a meeting's conclusions, the histories)."""
    paths = [path for path, _ in LISTS]
    assert len(paths) >= 30
    assert {"/api/v1/units/", "/api/v1/resolutions/", "/api/v1/reports/"} <= set(paths)
    below = [path for path, _ in LISTS_BELOW]
    assert len(below) >= 12
    assert {
        "/api/v1/units/{id}/children/",
        "/api/v1/meetings/{id}/conclusions/",
        "/api/v1/campaigns/{id}/unit-reports/",
        "/api/v1/resolutions/{id}/history/",
    } <= set(below)
    assert all(path.count("{") == 1 and "{id}" in path for path in below)


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
    failures = hostile_failures(client, headers, path, parameters)
    assert not failures, "\n".join(failures)


def hostile_failures(  # type: ignore[no-untyped-def]
    client, headers: dict[str, str], path: str, parameters: list[dict[str, Any]]
) -> list[str]:
    """What the hostile query strings break on `path` (a list's URL, its id filled in)."""
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
    return failures


def listed_ids(client, headers: dict[str, str], prefix: str) -> list[int]:  # type: ignore[no-untyped-def]
    """The ids of every item of /api/v1/<prefix>/ as the caller reads it, in order."""
    found: list[int] = []
    page = 1
    while True:
        response = client.get(f"/api/v1/{prefix}/", {"page": page, "page_size": 500}, **headers)
        assert response.status_code < 500, f"{prefix}: {response.status_code}"
        if response.status_code != 200:
            return found  # not listed to the caller (a route of `WITH_RECORDS` then fails)
        body = response.json()
        items = body["results"] if isinstance(body, dict) else body
        found += [item["id"] for item in items]
        if not (isinstance(body, dict) and body.get("next")):
            return found
        page += 1


def bodies_in_and_out_of_reach() -> None:
    """The demo may set up no body (Ban Chỉ đạo, Tổ Biên tập): one in Quân khu 2 and one in
    Quân khu 5, recorded through the service."""
    from tongket.core.scopes import SYSTEM
    from tongket.org.choices import GroupKind
    from tongket.org.models import Unit
    from tongket.org.services.groups import body_group_create

    for code in ("QK2", "DU-QK5"):
        body_group_create(
            by=SYSTEM,
            unit=Unit.objects.get(code=code),
            kind=GroupKind.values[0],
            name=f"Ban Chỉ đạo kiểm thử {code}",
        )


def token_headers(user: Any) -> dict[str, str]:
    token = Token.objects.get_or_create(user=user)[0].key
    return {"HTTP_AUTHORIZATION": f"Token {token}", "HTTP_ACCEPT_ENCODING": "identity"}


@pytest.mark.schema_fuzz
@pytest.mark.django_db
@pytest.mark.parametrize(("path", "parameters"), LISTS_BELOW, ids=[path for path, _ in LISTS_BELOW])
def test_lists_below_a_record_answer_hostile_queries_and_hide_records_out_of_reach(  # type: ignore[no-untyped-def]
    client, users, path, parameters
):
    """Given a tracking officer of Quân khu 2 without clearance, when a list below a record
    is called for a record the officer reads, then hostile query strings answer 200 or a 400
    naming the field; when called for a record out of the officer's reach, then 404 with the
    answer of an id that does not exist, whatever the query; hostile ids answer 404 or 400
    (JSON), never a server error."""
    officer = users[OFFICER]
    assert officer.clearance == "none" and not officer.is_superuser
    headers = token_headers(officer)
    prefix = path.removeprefix("/api/v1/").split("/")[0]
    if prefix == "body-groups":
        bodies_in_and_out_of_reach()
    mine = listed_ids(client, headers, prefix)
    everyone = listed_ids(client, token_headers(users["admin"]), prefix)
    others = [pk for pk in everyone if pk not in set(mine)]
    if prefix in WITH_RECORDS:
        assert mine, f"the officer reads no {prefix}: nothing to call {path} with"
        assert others, f"every {prefix} is the officer's: no record out of reach to call"
    failures = []
    if mine:
        inside = path.replace("{id}", str(mine[0]))
        assert client.get(inside, **headers).status_code == 200, inside
        failures += hostile_failures(client, headers, inside, parameters)

    missing = client.get(path.replace("{id}", NO_SUCH_ID), **headers)
    assert missing.status_code == 404 and "json" in missing.get("Content-Type", "")
    # The first and the last record out of reach (the demo's ids are in creation order).
    for pk in set(others[:1] + others[-1:]):
        outside = path.replace("{id}", str(pk))
        for query in [{}, {"page": "1"}, {"page_size": "1000000"}, {"page": "-1"}]:
            response = client.get(outside, query, **headers)
            if response.status_code != 404 or response.content != missing.content:
                failures.append(
                    f"{outside}?{query}: {response.status_code} {response.content[:120]!r}"
                    f" (an id that does not exist: {missing.content[:120]!r})"
                )
    for value in HOSTILE_IDS:
        response = client.get(path.replace("{id}", value), **headers)
        if response.status_code not in (400, 404) or "json" not in response.get("Content-Type", ""):
            failures.append(f"{path} id={value[:40]!r}: {response.status_code}")
    assert not failures, "\n".join(failures)
