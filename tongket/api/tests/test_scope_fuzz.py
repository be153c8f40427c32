"""No read leaks out of a scope: every read (GET) of /api/schema/, called with generated data
as a tracking officer of one subtree (qk2.theodoi: Quân khu 2, no administrator, no
clearance), never answers a server error or an undocumented answer, and no answer of the
units' or reports' endpoints holds the id of a unit or report outside Quân khu 2.

Not vacuous: the officer's lists are read first and must hold every unit and some reports of
Quân khu 2 (the ids scanned for are real ids, the endpoints scanned do answer with ids), and
the demo must hold units and reports outside it. The classified resolution is read by the
reader without clearance in test_schema_fuzz.py (`bqp.theodoi`)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token

from tongket.api.tests.test_schema_fuzz import CHECKS, reads
from tongket.api.tests.test_schema_fuzz import (
    keep_the_test_connection as keep_the_test_connection,
)

OFFICER = "qk2.theodoi"
EXAMPLES_PER_OPERATION = 2
# Endpoint prefix → the model whose ids its answers hold (in "id" of each item).
SCANNED = {"units": "unit", "reports": "report"}


def ids_by_scope(user: Any) -> dict[str, tuple[set[int], set[int]]]:
    """Model → (ids inside the user's scope, ids outside it)."""
    from tongket.core import scopes
    from tongket.org.models import Unit
    from tongket.reporting.models import Report

    paths = scopes.scope_paths(user)
    assert paths, "the officer must be scoped"

    def inside(path: str) -> bool:
        return any(path.startswith(p) for p in paths)

    units = dict(Unit.objects.values_list("pk", "path"))
    reports = dict(Report.objects.values_list("pk", "unit__path"))
    return {
        "unit": (
            {pk for pk, path in units.items() if inside(path)},
            {pk for pk, path in units.items() if not inside(path)},
        ),
        "report": (
            {pk for pk, path in reports.items() if inside(path)},
            {pk for pk, path in reports.items() if not inside(path)},
        ),
    }


def item_ids(body: Any) -> set[int]:
    """The ids of the records an answer holds: the item, or each item of a list/page."""
    if isinstance(body, dict) and isinstance(body.get("results"), list):
        body = body["results"]
    items = body if isinstance(body, list) else [body]
    return {item["id"] for item in items if isinstance(item, dict) and "id" in item}


@pytest.fixture
def officer(users) -> tuple[str, dict[str, tuple[set[int], set[int]]]]:  # type: ignore[no-untyped-def]
    user = users[OFFICER]
    assert user.clearance == "none" and not user.is_superuser
    return Token.objects.get_or_create(user=user)[0].key, ids_by_scope(user)


@pytest.mark.schema_fuzz
@pytest.mark.django_db
def test_the_scan_is_not_vacuous(client, officer):  # type: ignore[no-untyped-def]
    """The officer's lists hold the units and reports of Quân khu 2, none outside it, and
    there are records outside it to look for."""
    token, ids = officer
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"}
    for prefix, model in SCANNED.items():
        inside, outside = ids[model]
        assert inside and outside, model
        seen: set[int] = set()
        page = 1
        while True:
            response = client.get(f"/api/v1/{prefix}/", {"page": page, "page_size": 500}, **headers)
            assert response.status_code == 200, response.content[:200]
            body = response.json()
            seen |= item_ids(body)
            if not (isinstance(body, dict) and body.get("next")):
                break
            page += 1
        assert seen and seen <= inside, f"{prefix}: outside {sorted(seen & outside)[:10]}"
        if model == "unit":
            assert seen == inside


@pytest.mark.schema_fuzz
@pytest.mark.django_db
@reads.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_read_shows_a_record_outside_the_officers_subtree(case, officer):  # type: ignore[no-untyped-def]
    """Given a tracking officer of Quân khu 2, when a read is called as generated, then no
    server error, a documented answer, and no unit or report outside Quân khu 2."""
    token, ids = officer
    headers = {"Authorization": f"Token {token}", "Accept-Encoding": "identity"}
    response = case.call(headers=headers)
    case.validate_response(response, checks=CHECKS, headers=headers)
    prefix = case.path.removeprefix("/api/v1/").split("/")[0]
    model = SCANNED.get(prefix)
    if model is None or response.status_code != 200:
        return
    if "json" not in response.headers.get("Content-Type", ""):
        return
    leaked = item_ids(response.json()) & ids[model][1]
    assert not leaked, f"{case.method} {case.formatted_path} {case.query}: {sorted(leaked)}"
