"""The organisation's answer to `core.scopes`: which grants a user holds and which units they
reach, read from the role grants, the units and the lines. Registered by `OrgConfig.ready`
(`core.scopes.register_grant_source`), so that scopes, in `core`, never import `org`."""

from __future__ import annotations

from typing import Any

from tongket.org.lines import line_descendants_by_root
from tongket.org.models import PATH_SEGMENT, RoleGrant, Unit


class OrgGrants:
    """The grant source of `core.scopes` (one instance, registered at start-up)."""

    path_segment = PATH_SEGMENT

    def grants(self, user: Any) -> list[tuple[str, str, int]]:
        """(role, unit path, unit id) of the user's grants, in the order they were made."""
        return list(
            RoleGrant.objects.filter(user_id=user.pk)
            .order_by("id")
            .values_list("role", "unit__path", "unit_id")
        )

    def reach(self, user: Any) -> tuple[list[tuple[str, str]], list[str]]:
        """(role, path prefix) pairs the user covers: each grant's unit, its subordinates in
        the grant's line, and the body a committee leads where the grant says so; and the
        paths the grants name (their units and the bodies led), not those reached along a
        line."""
        return _reach_of(_rows(user))

    def read(
        self, user: Any
    ) -> tuple[list[tuple[str, str, int]], list[tuple[str, str]], list[str]]:
        """`grants` and `reach` from one query of the grants (and those of the line walks)."""
        rows = _rows(user)
        pairs, named = _reach_of(rows)
        return [(role, path, unit_id) for role, path, unit_id, *_rest in rows], pairs, named


def _rows(user: Any) -> list[tuple[str, str, int, str, bool, str | None]]:
    """The user's grants in the order they were made: role, unit path, unit id, line, whether
    it reaches the body led, the path of that body."""
    return list(
        RoleGrant.objects.filter(user_id=user.pk)
        .order_by("id")
        .values_list(
            "role", "unit__path", "unit_id", "line", "reaches_led", "unit__linked_unit__path"
        )
    )


def _reach_of(
    rows: list[tuple[str, str, int, str, bool, str | None]],
) -> tuple[list[tuple[str, str]], list[str]]:
    """`OrgGrants.reach` from the grants read by `_rows`."""
    pairs: list[tuple[str, str]] = []
    named: list[str] = []
    by_line: dict[str, list[tuple[str, int]]] = {}
    for role, path, unit_id, line, reaches_led, led_path in rows:
        pairs.append((role, path))
        named.append(path)
        if line:
            by_line.setdefault(line, []).append((role, unit_id))
        if reaches_led and led_path:
            pairs.append((role, led_path))
            named.append(led_path)
    if by_line:
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
    return pairs, named


GRANTS = OrgGrants()
