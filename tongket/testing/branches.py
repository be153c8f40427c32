"""Finders of org objects and of the dashboards (they read org and resolutions, so they live
above every app, not in core), registered in the core registry; and the entry point of the
tests that walk every page and endpoint: importing `values_for`, `FINDERS` or `PARAMS` from
here guarantees these finders are registered. The apps' own finders are registered by their
`testing.py` modules, which the walking tests import.
"""

from __future__ import annotations

from tongket.core.testing.branches import FINDERS, PARAMS, finder, kind_of, param, values_for
from tongket.org.models import Person, Position, Unit, User

__all__ = ["FINDERS", "PARAMS", "finder", "kind_of", "param", "values_for"]


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
