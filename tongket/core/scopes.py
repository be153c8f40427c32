"""Unit scopes: the one place that says which units a user may see and act on.

A role is granted on a unit and covers the unit's subtree, which is every unit whose
materialised `path` starts with the granted unit's path. A grant that names a line also covers
the unit's subordinates in that line and their subtrees (the provincial Party committee's
officer reaches the district committees and the provincial military Party committee, which sit
elsewhere in the organisation tree); a grant to a Party committee may also cover the body the
committee leads. All of it comes down to a list of path prefixes per role, so every selector
keeps filtering with one indexed prefix test. Selectors filter with `scope_q`; services
re-check with `require_role` before writing. Superusers are unrestricted.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from tongket.core.errors import NotFound

if TYPE_CHECKING:
    from tongket.org.models import Unit

_CACHE_ATTR = "_tongket_grants"
_REACH_ATTR = "_tongket_reach"
_HELD_ATTR = "_tongket_held"
M = TypeVar("M")


def grants(user: Any) -> list[tuple[str, str, int]]:
    """(role, unit path, unit id) of the user's grants, read once per request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        from tongket.org.models import RoleGrant

        cached = list(
            RoleGrant.objects.filter(user_id=user.pk)
            .order_by("id")
            .values_list("role", "unit__path", "unit_id")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def reach(user: Any) -> list[tuple[str, str]]:
    """(role, path prefix) pairs the user covers, read once per request: each grant's unit,
    its subordinates in the grant's line, and the body a committee leads where the grant says
    so."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _REACH_ATTR, None)
    if cached is not None:
        return cached
    from tongket.org.models import RoleGrant, Unit

    pairs: list[tuple[str, str]] = []
    named: list[str] = []
    by_line: dict[str, list[tuple[str, int]]] = {}
    rows = (
        RoleGrant.objects.filter(user_id=user.pk)
        .order_by("id")
        .values_list(
            "role", "unit__path", "unit_id", "line", "reaches_led", "unit__linked_unit__path"
        )
    )
    for role, path, unit_id, line, reaches_led, led_path in rows:
        pairs.append((role, path))
        named.append(path)
        if line:
            by_line.setdefault(line, []).append((role, unit_id))
        if reaches_led and led_path:
            pairs.append((role, led_path))
            named.append(led_path)
    if by_line:
        from tongket.org.lines import line_descendants_by_root

        # One query per line for the walks, one for the paths, however many grants.
        below = {
            line: line_descendants_by_root({unit_id for _r, unit_id in held}, line=line)
            for line, held in by_line.items()
        }
        wanted = set().union(*(ids for walks in below.values() for ids in walks.values()))
        paths = dict(Unit.objects.filter(pk__in=wanted).values_list("pk", "path"))
        for line, held in by_line.items():
            for role, unit_id in held:
                pairs.extend((role, paths[pk]) for pk in below[line][unit_id])
    setattr(user, _REACH_ATTR, pairs)
    setattr(user, _HELD_ATTR, named)
    return pairs


def held_paths(user: Any) -> list[str]:
    """Paths of the units the user's grants name, and of the bodies their committees lead
    where a grant says so; not the units a grant reaches along a line (read with `reach`)."""
    reach(user)
    return list(getattr(user, _HELD_ATTR, []))


def forget(user: Any) -> None:
    """Drop the cached grants after they change."""
    for attr in (_CACHE_ATTR, _REACH_ATTR, _HELD_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def is_unrestricted(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False) and getattr(user, "is_active", False))


def scope_paths(user: Any, roles: Iterable[str] | None = None) -> list[str] | None:
    """Path prefixes the user covers with any of `roles` (all roles if None).

    None means unrestricted; an empty list means nothing. Prefixes covered by a shorter one
    are dropped so the filter stays small.
    """
    if is_unrestricted(user):
        return None
    wanted = set(roles) if roles is not None else None
    paths = sorted({path for role, path in reach(user) if wanted is None or role in wanted})
    minimal: list[str] = []
    for path in paths:
        if not any(path.startswith(kept) for kept in minimal):
            minimal.append(path)
    return minimal


def scope_q(user: Any, field: str = "path", roles: Iterable[str] | None = None) -> Q:
    """A filter on `field` (a unit path) keeping the user's subtrees."""
    paths = scope_paths(user, roles)
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    query = Q()
    for path in paths:
        query |= Q(**{f"{field}__startswith": path})
    return query


def above_paths(user: Any) -> list[str] | None:
    """Paths of the units strictly above the user's granted units (None: unrestricted).

    Documents issued higher up reach down: a resolution of the Central Military Commission is
    followed by a military region, so the region's users may read it. Above the units a
    grant names (and the body a committee leads), not above those it reaches along a line:
    the provincial Party committee's officer reaches the provincial military Party committee,
    which the organisation tree places under its command, and so reads nothing of the command
    or of the military region above it."""
    if is_unrestricted(user):
        return None
    from tongket.org.models import PATH_SEGMENT

    above: set[str] = set()
    for path in held_paths(user):
        above.update(path[:end] for end in range(PATH_SEGMENT, len(path), PATH_SEGMENT))
    return sorted(above)


def reach_q(user: Any, field: str = "path") -> Q:
    """A filter on `field` (a unit path) keeping units in the user's subtrees or above them."""
    above = above_paths(user)
    if above is None:
        return Q()
    return scope_q(user, field) | Q(**{f"{field}__in": above})


def restrict(
    queryset: QuerySet[M], user: Any, field: str = "path", roles: Iterable[str] | None = None
) -> QuerySet[M]:
    return queryset.filter(scope_q(user, field, roles))


def covers(user: Any, unit: Unit | None, roles: Iterable[str] | None = None) -> bool:
    """True when the user holds one of `roles` on the unit or an ancestor of it."""
    if unit is None:
        return False
    paths = scope_paths(user, roles)
    if paths is None:
        return True
    return any(unit.path.startswith(path) for path in paths)


def require_visible(user: Any, unit: Unit) -> None:
    """404 for a unit the user cannot see at all."""
    if not covers(user, unit):
        raise NotFound(_("Not found."))


def require_role(user: Any, unit: Unit, roles: Iterable[str], action: str = "") -> None:
    """Services call this before writing: 404 outside the scope, 403 without the role."""
    require_visible(user, unit)
    if not covers(user, unit, roles):
        raise PermissionDenied(
            _("You do not have the role needed to %(action)s at %(unit)s.")
            % {"action": action or _("do this"), "unit": unit.name}
        )


class SystemActor:
    """The acting user of management commands (demo loading, imports run by an operator):
    unrestricted, logged as "system"."""

    pk = None
    id = None
    username = "system"
    is_superuser = True
    is_active = True
    is_authenticated = True
    is_anonymous = False

    def __str__(self) -> str:
        return self.username


SYSTEM = SystemActor()
