"""Objects of a branch of the tree, for tests that walk every page and endpoint.

A URL's first parameter is filled with an object found by the finder registered for the
URL's name, else for its first word ("unit_detail" → "unit", "report_submit" → "report"). Each
app registers finders for its own objects (`@finder("resolution")`); a walking test fails
when a URL has no finder, so a new page cannot escape the scope checks.

A finder receives the branch's root unit and a user of that branch and returns the object's
primary key (creating the object through the services when the demo has none), or None.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tongket.org.models import Person, Position, Unit, User

Finder = Callable[[Unit, User], Any]
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


def values_for(url_name: str, route: str, root: Unit, user: User) -> dict[str, Any] | None:
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


@finder("unit")
def _unit(root: Unit, user: User) -> int:
    return root.pk


@finder("person")
def _person(root: Unit, user: User) -> int | None:
    return (
        Person.objects.filter(unit__path__startswith=root.path).values_list("pk", flat=True).first()
    )


@finder("position")
def _position(root: Unit, user: User) -> int | None:
    return (
        Position.objects.filter(person__unit__path__startswith=root.path)
        .values_list("pk", flat=True)
        .first()
    )


@finder("user", "grant")
def _user(root: Unit, user: User) -> int:
    return user.pk


@param("grant_pk")
def _grant(root: Unit, user: User) -> int | None:
    return user.grants.values_list("pk", flat=True).first()


@finder("job")
def _job(root: Unit, user: User) -> int:
    from tongket.core.models import Job

    return Job.objects.create(kind="test", title="test", unit_path=root.path, created_by=user).pk


@finder("notification")
def _notification(root: Unit, user: User) -> int:
    from tongket.core.models import Notification

    return Notification.objects.create(user=user, title="test").pk


@finder("dashboard_unit")
def _dashboard_unit(root: Unit, user: User) -> int:
    return root.pk


@finder("dashboard_resolution")
def _dashboard_resolution(root: Unit, user: User) -> int | None:
    """A resolution kept inside the branch and not issued above it (documents issued above
    reach every branch below): 06-NQ/TW for Tổng cục CNQP, Quân khu 2's own plan for QK2."""
    from tongket.org.models import PATH_SEGMENT
    from tongket.resolutions.models import Resolution

    above = [root.path[:end] for end in range(PATH_SEGMENT, len(root.path), PATH_SEGMENT)]
    return (
        Resolution.objects.filter(owner_unit__path__startswith=root.path)
        .exclude(issuing_unit__path__in=above)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


@finder("group", "api_body_group")
def _body_group(root: Unit, user: User) -> int | None:
    """A body set up in the branch (recorded directly when the demo has none)."""
    from tongket.org.models import BodyGroup

    group = BodyGroup.objects.filter(unit__path__startswith=root.path).order_by("pk").first()
    if group is None:
        group = BodyGroup.objects.create(
            unit=root, kind="drafting_team", name="Tổ Biên tập kiểm thử", search_key="to bien tap"
        )
    return group.pk
