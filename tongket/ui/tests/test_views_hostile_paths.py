"""Hostile ids in a page's path never break it nor show anything: every page with a path
parameter, read (GET) and sent (POST) by an administrator of Quân khu 2, with one parameter at
a time replaced by an id that does not exist, zero, a number too large for any database
integer, a negative number or text (the other parameters being Quân khu 2's own records),
answers 400, 403, 404 or 405: never a server error, never the page, never a redirect (but back
to the list, for a shared record the user may not change: `REFUSED_BACK`), and nothing is
written. Another branch's id is test_views_scope.py's walk."""

from __future__ import annotations

import re

import pytest

import tongket.analysis.testing
import tongket.awards.testing
import tongket.intake.testing
import tongket.meetings.testing
import tongket.reviews.testing  # noqa: F401
from tongket.core.models import ChangeLog
from tongket.core.testing.urls import fill, iter_patterns
from tongket.org.models import Unit
from tongket.testing.branches import values_for

# Pages that act on the signed-in user's own session rather than on an object.
NOT_OBJECT_PAGES = {"ui:unit_switch"}
PAGES = [
    (route, name)
    for route, name, _pattern in iter_patterns()
    if name.startswith("ui:") and "<" in route and name not in NOT_OBJECT_PAGES
]
# Ids of no record: the path converters (<int:…>) refuse the negative and the text before any
# view runs; the others reach the views.
HOSTILE = ["987654321", "0", "99999999999999999999999", "9223372036854775808", "-1", "abc"]
REFUSALS = {400, 403, 404, 405}
# Shared records a user who may not change them is refused before the id is looked up: sent
# back to their list with the refusal's message, the same for any id (nothing is written,
# checked below).
REFUSED_BACK = {"ui:period_toggle": "/periods/"}


def test_the_pages_with_a_path_parameter_are_enumerated() -> None:
    assert len(PAGES) >= 150
    names = {name for _route, name in PAGES}
    assert {"ui:report_detail", "ui:document_docx", "ui:meeting_detail"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "name"), PAGES, ids=[name for _route, name in PAGES])
def test_hostile_ids_in_a_page_path_are_refused_and_write_nothing(  # type: ignore[no-untyped-def]
    client, qk2_admin, route, name
):
    """Given a page and Quân khu 2's records for its other parameters, when one parameter at
    a time is hostile, then GET and POST answer 400/403/404/405 and nothing is written."""
    client.force_login(qk2_admin)
    root = Unit.objects.get(code="QK2")
    values = values_for(name, route, root, qk2_admin)
    assert values is not None, f"no record of Quân khu 2 for {name} ({route})"
    before = ChangeLog.objects.count()
    failures = []
    for parameter in re.findall(r"<(?:\w+:)?(\w+)>", route):
        for value in HOSTILE:
            path = fill(route, {**values, parameter: value})
            assert path is not None, route
            for method in ("get", "post"):
                response = getattr(client, method)(path)
                back = REFUSED_BACK.get(name)
                if back and method == "post" and response.status_code == 302:
                    if response["Location"] == back:
                        continue
                if response.status_code not in REFUSALS:
                    failures.append(
                        f"{method.upper()} {path} ({parameter}={value}): {response.status_code}"
                        f" {response.get('Location', '')}"
                    )
    assert not failures, "\n".join(failures)
    assert ChangeLog.objects.count() == before
