"""A record out of reach is answered exactly as one that does not exist: every read of one
record by its id (GET /api/v1/<route>/{id}/…, the route naming a kind the leak scan of
test_scope_fuzz.py knows), called by the tracking officer of Quân khu 2 (no clearance) for
records the officer must not see (of every kind: the first and the last id, and the record
marked "secret" inside Quân khu 2), answers the same status and the same body as an id that
does not exist. A different message ("campaign not found" for a unit review report, "document
not found" for a comment) told that the record exists."""

from __future__ import annotations

import pytest

from tongket.api.tests.test_hostile_paths import ROUTES
from tongket.api.tests.test_scope_api import params_of, path_of, prefix_of
from tongket.api.tests.test_scope_fuzz import ROUTE_KINDS
from tongket.api.tests.test_scope_fuzz import officer as officer

NO_SUCH_ID = 987654321
# Reads of one record (a route with one parameter, its prefix naming a kind).
READS = [
    (route, name)
    for route, name in ROUTES
    if len(params_of(route)) == 1 and prefix_of(route) in ROUTE_KINDS
]


@pytest.mark.schema_fuzz
@pytest.mark.django_db
def test_a_record_out_of_reach_is_answered_as_one_that_does_not_exist(  # type: ignore[no-untyped-def]
    client, officer
) -> None:
    token, forbidden = officer
    headers = {"HTTP_AUTHORIZATION": f"Token {token}", "HTTP_ACCEPT_ENCODING": "identity"}
    failures = []
    called = set()
    for route, name in READS:
        kind = ROUTE_KINDS[prefix_of(route)]
        (parameter,) = params_of(route)
        missing = client.get(path_of(route, {parameter: NO_SUCH_ID}), **headers)
        if missing.status_code == 405:
            continue  # not a read
        ids = sorted(forbidden[kind])
        marked = forbidden["records"].get(kind)
        for pk in {ids[0], ids[-1], *([marked.pk] if marked else [])}:
            response = client.get(path_of(route, {parameter: pk}), **headers)
            called.add(kind)
            if (response.status_code, response.content) != (missing.status_code, missing.content):
                failures.append(
                    f"{name} {pk}: {response.status_code} {response.content[:100]!r}, no such"
                    f" id: {missing.status_code} {missing.content[:100]!r}"
                )
    assert not failures, "\n".join(failures)
    assert {"review", "comment", "document", "report", "meeting", "nomination"} <= called
