"""Objects of a branch of the tree, for tests that walk every page and endpoint.

A URL's first parameter is filled with an object found by the finder registered for the
URL's name, else for its first word ("unit_detail" → "unit", "report_submit" → "report"). Each
app registers finders for its own objects (`@finder("resolution")`); a walking test fails
when a URL has no finder, so a new page cannot escape the scope checks.

A finder receives the branch's root unit and a user of that branch and returns the object's
primary key (creating the object through the services when the demo has none), or None.

This module is the registry only (it imports nothing above core): the finders of org objects
and dashboards are in `tongket.testing.branches`, which the walking tests import (it
re-exports `values_for`, `FINDERS` and `PARAMS` with every finder of org registered).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# (root: org Unit, user: org User) -> primary key or None; typed loosely so that core does
# not import org.
Finder = Callable[[Any, Any], Any]
FINDERS: dict[str, Finder] = {}
# Extra URL parameters (other than the first) by name, e.g. "grant_pk".
PARAMS: dict[str, Finder] = {}


def finder(*kinds: str) -> Callable[[Finder], Finder]:
    def register(function: Finder) -> Finder:
        for kind in kinds:
            FINDERS[kind] = function
        return function

    return register


def param(*names: str) -> Callable[[Finder], Finder]:
    def register(function: Finder) -> Finder:
        for name in names:
            PARAMS[name] = function
        return function

    return register


def kind_of(url_name: str) -> str:
    return url_name.split(":")[-1].split("_")[0]


def values_for(url_name: str, route: str, root: Any, user: Any) -> dict[str, Any] | None:
    """Parameters for a route, objects of the branch; None when no finder knows them."""
    import re

    names = re.findall(r"<(?:\w+:)?(\w+)>", route)
    values: dict[str, Any] = {}
    for index, name in enumerate(names):
        if index == 0:
            # A finder for the whole URL name wins over one for its first word.
            short = url_name.split(":")[-1]
            function = FINDERS.get(short) or FINDERS.get(kind_of(url_name))
        else:
            function = PARAMS.get(name)
        if function is None:
            return None
        value = function(root, user)
        if value is None:
            return None
        values[name] = value
    return values


@finder("job")
def _job(root: Any, user: Any) -> int:
    from tongket.core.models import Job

    return Job.objects.create(kind="test", title="test", unit_path=root.path, created_by=user).pk


@finder("notification")
def _notification(root: Any, user: Any) -> int:
    from tongket.core.models import Notification

    return Notification.objects.create(user=user, title="test").pk
