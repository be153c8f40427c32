"""A read never writes: every page and every /api/v1/ route, asked with GET and HEAD by users
of several roles and branches, with objects of their own branch and of another, sends no
INSERT, UPDATE or DELETE to the database.

The statements are caught as they are sent, so a failure names the request and the SQL. The
session table is the one exception: signing in and reading a page's messages are the
browser's state, not data."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection
from django.test import Client

import tongket.api.tests.finders
import tongket.awards.testing
import tongket.meetings.testing
import tongket.reviews.testing  # noqa: F401
from tongket.api.tests.test_scope_api import API_ROUTES, client_for, params_of, path_of
from tongket.api.tests.test_scope_api import values_for as api_values_for
from tongket.core.testing.urls import fill, iter_patterns
from tongket.org.models import Unit, User
from tongket.testing.branches import values_for

pytestmark = pytest.mark.django_db

UI_ROUTES = [(route, name) for route, name, _p in iter_patterns() if name.startswith("ui:")]
# Pages that sign the user out or switch the language: they are meant to change the session.
SESSION_PAGES = {"ui:logout", "set_language"}
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
SESSION_TABLE = re.compile(r"\bdjango_session\b")
# Rendered files (DOCX through python-docx, PDF through LibreOffice) take seconds each: they
# are read once, by the first reader, with GET.
RENDERED = re.compile(r"/(pdf|docx)/$")
# Query strings that make the lists, dashboards and analyses do their real work.
QUERIES: dict[str, dict[str, Any]] = {
    "/api/v1/analytics/": {
        "indicator": "HC03",
        "resolution": "623-NQ/QUTW",
        "unit": "QK2",
        "period": "2024-H1",
        "children": 1,
    },
    "/api/v1/completeness/": {"unit": "QK2", "period": "2024-H1"},
    "/api/v1/analytics/figures/": {
        "indicator": "HC01,HC03",
        "resolution": "623-NQ/QUTW",
        "unit": "QK2,SD316",
        "period": "2024-H1,2024",
    },
}
# (user, branch whose objects fill the URLs): the branch's own readers of several roles, the
# unrestricted administrator, and a reader of another branch (who is answered 404).
READERS = [
    ("admin", "QK2"),
    ("qk2.theodoi", "QK2"),
    ("qk2.baocao", "QK2"),
    ("qk2.thidua", "QK2"),
    ("cnqp.baocao", "QK2"),
    ("cnqp.baocao", "TCCNQP"),
]


# The least number of 200 answers a walk gets, by part: (the first reader, who also asks
# HEAD; another reader of the branch; a reader of another branch, answered mostly 404).
LEAST = {"pages": (150, 60, 20), "routes": (100, 50, 15)}


@contextmanager
def writes_caught() -> Iterator[list[str]]:
    """The data-changing statements sent to the database inside the block."""
    caught: list[str] = []

    def spy(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if WRITE.match(sql) and not SESSION_TABLE.search(sql):
            caught.append(sql[:160])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        yield caught


def ui_paths(root: Unit, user: User) -> list[str]:
    paths = []
    for route, name in UI_ROUTES:
        if name in SESSION_PAGES:
            continue
        path = fill(route, values_for(name, route, root, user) or {} if "<" in route else {})
        assert path is not None, f"no branch object finder for {name}"
        paths.append(path)
    return paths


def api_paths(root: Unit, user: User) -> list[str]:
    paths = []
    for route, name, _pattern in API_ROUTES:
        values = api_values_for(route, root, user) if params_of(route) else {}
        assert values is not None, f"no branch object finder for {name}"
        paths.append(path_of(route, values))
    return paths


@pytest.mark.parametrize("part", ["pages", "routes"])
@pytest.mark.parametrize(("username", "branch"), READERS)
def test_no_get_or_head_of_any_page_or_route_writes(username, branch, part, users, units):
    """Given a user and the objects of a branch (found, or made through the services, before
    anything is watched), when every page (or every API route) is read with GET (and HEAD, by
    the first reader), then not one statement inserts, updates or deletes a row."""
    user = users[username]
    root = units[branch]
    # The objects are found as a reader of the branch they belong to.
    finder_user = user if branch == "TCCNQP" else users["qk2.baocao"]
    if part == "pages":
        client, paths = Client(), ui_paths(root, finder_user)
        client.force_login(user)
    else:
        client, paths = client_for(user), api_paths(root, finder_user)
    found: list[str] = []
    answered = 0
    first = (username, branch) == READERS[0]
    for path in paths:
        if RENDERED.search(path) and not first:
            continue
        # HEAD goes through the same view as GET: asked by the first reader, except of the
        # rendered files (each a render of seconds; their GET was asked).
        methods = ("get", "head") if first and not RENDERED.search(path) else ("get",)
        for method in methods:
            with writes_caught() as writes:
                response = getattr(client, method)(path, QUERIES.get(path, {}))
            found += [f"{method.upper()} {path} → {sql}" for sql in writes]
            answered += response.status_code == 200
    assert not found, "\n".join(found)
    # The walk read real objects, not only refusals.
    least = LEAST[part][0 if first else 1 if branch == "QK2" and username != "cnqp.baocao" else 2]
    assert answered >= least
