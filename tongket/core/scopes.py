"""Unit scopes: the one place that says which units a user may see and act on.

A role is granted on a unit and covers the unit's subtree, which is every unit whose
materialised `path` starts with the granted unit's path. A grant that names a line also covers
the unit's subordinates in that line and their subtrees (the provincial Party committee's
officer reaches the district committees and the provincial military Party committee, which sit
elsewhere in the organisation tree); a grant to a Party committee may also cover the body the
committee leads. All of it comes down to a list of path prefixes per role, so every selector
keeps filtering with one indexed prefix test. Selectors filter with `scope_q`; services
re-check with `require_role` before writing. Superusers are unrestricted.

The grants, units and lines are read through the source `org` registers at start-up
(`register_grant_source`, `org.scope_rows`): this module sits below `org` and never imports
it. Without one, every check fails loudly (ImproperlyConfigured) rather than open or shut.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol, TypeVar

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from tongket.core.errors import NotFound

# A unit of the organisation (`org.models.Unit`): what is read here is its `path` (and its
# `name` in a refusal).
Unit = Any
_CACHE_ATTR = "_tongket_grants"
_REACH_ATTR = "_tongket_reach"
_HELD_ATTR = "_tongket_held"
M = TypeVar("M")


class GrantSource(Protocol):
    """Where the grants come from: the organisation (`org.scope_rows`, registered by
    `OrgConfig.ready`), so that this module, below `org`, never imports it."""

    path_segment: int

    def grants(self, user: Any) -> list[tuple[str, str, int]]:
        """(role, unit path, unit id) of the user's grants, in the order they were made."""
        ...

    def reach(self, user: Any) -> tuple[list[tuple[str, str]], list[str]]:
        """(role, path prefix) pairs the user covers, and the paths their grants name."""
        ...

    def read(
        self, user: Any
    ) -> tuple[list[tuple[str, str, int]], list[tuple[str, str]], list[str]]:
        """`grants` and `reach` from one read of the grants."""
        ...


_source: list[GrantSource] = []


def register_grant_source(source: GrantSource) -> GrantSource:
    """Called once at start-up by the app that keeps the grants; registering again replaces
    it."""
    _source[:] = [source]
    return source


def _grant_source() -> GrantSource:
    if not _source:
        raise ImproperlyConfigured("No grant source registered: is tongket.org installed?")
    return _source[0]


def _read(user: Any) -> None:
    """The grants and the reach of the user, from one read of the grants (a page asks both:
    its top bar lists the grants, its selectors filter by the reach)."""
    held, pairs, named = _grant_source().read(user)
    setattr(user, _CACHE_ATTR, held)
    setattr(user, _REACH_ATTR, pairs)
    setattr(user, _HELD_ATTR, named)


def grants(user: Any) -> list[tuple[str, str, int]]:
    """(role, unit path, unit id) of the user's grants, read once per request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    if getattr(user, _CACHE_ATTR, None) is None:
        _read(user)
    return getattr(user, _CACHE_ATTR)  # type: ignore[no-any-return]


def reach(user: Any) -> list[tuple[str, str]]:
    """(role, path prefix) pairs the user covers, read once per request: each grant's unit,
    its subordinates in the grant's line, and the body a committee leads where the grant says
    so."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    if getattr(user, _REACH_ATTR, None) is None:
        _read(user)
    return getattr(user, _REACH_ATTR)  # type: ignore[no-any-return]


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


def signature(user: Any) -> str:
    """Everything the scope checks read of a user, as one text: two users with the same
    signature pass and fail the same checks (their grants, what they reach along lines, the
    bodies they hold, unrestricted or not). Cached reads shared between such users are keyed
    by it (tongket.core.read_cache), with the clearance beside it."""
    if is_unrestricted(user):
        return "*"
    return repr((sorted(grants(user)), sorted(reach(user)), sorted(held_paths(user))))


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
    segment = _grant_source().path_segment
    above: set[str] = set()
    for path in held_paths(user):
        above.update(path[:end] for end in range(segment, len(path), segment))
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
