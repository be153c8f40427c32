"""Unit scopes: the one place that says which units a user may see and act on.

A role is granted on a unit and covers the unit's subtree, which is every unit whose
materialised `path` starts with the granted unit's path. Selectors filter with `scope_q`;
services re-check with `require_role` before writing. Superusers are unrestricted.
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


def forget(user: Any) -> None:
    """Drop the cached grants after they change."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


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
    paths = sorted({path for role, path, _ in grants(user) if wanted is None or role in wanted})
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
    followed by a military region, so the region's users may read it."""
    paths = scope_paths(user)
    if paths is None:
        return None
    from tongket.org.models import PATH_SEGMENT

    above: set[str] = set()
    for path in paths:
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
