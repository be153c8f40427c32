"""Scoped reads of units: lists, lookups by current or former code, the tree and the lines on
a day, names, events, positions; the paths of a past day and the place name on documents.
Outside the scope is NotFound (404)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import NotFound
from tongket.core.models import code_is
from tongket.core.text import normalize, search_key
from tongket.org.lines import valid_q
from tongket.org.models import (
    Person,
    Position,
    RestructuringEvent,
    Unit,
    UnitLine,
    UnitName,
    UnitPlacement,
    path_ids,
)

# A missing start date means "since always": it sorts before every dated row, on SQLite and
# PostgreSQL alike (they disagree about where NULL goes by default).
EARLIEST_FIRST = F("valid_from").asc(nulls_first=True)
LATEST_FIRST = F("valid_from").desc(nulls_last=True)


def search_words(query: str | None) -> list[str]:
    """The words of a search, each folded as `search_key` folds (case and diacritics)."""
    return search_key(query or "").split()


def unit_list(
    *,
    user: Any,
    search: str | None = None,
    code: str | None = None,
    include_dissolved: bool = True,
    kind: str | None = None,
    within: Unit | None = None,
    reach: bool = False,
) -> QuerySet[Unit]:
    """Units in the user's scope, in Vietnamese order. `search` ignores case and diacritics
    and matches current and former names, abbreviations and codes; `code` matches a current
    or former code or abbreviation exactly (as in a document symbol: "ĐUQSTW")."""
    queryset = Unit.objects.select_related("parent")
    # `reach`: also the units above the user's (issuers of the documents they follow).
    queryset = queryset.filter(scopes.reach_q(user)) if reach else scopes.restrict(queryset, user)
    words = search_words(search)
    for word in words:
        # Words match at the start of a word of any name the unit ever had.
        queryset = queryset.filter(
            Q(search_text__startswith=word) | Q(search_text__contains=" " + word)
        )
    if code:
        code = normalize(code)
        matching = UnitName.objects.filter(code_is("code", code) | code_is("abbreviation", code))
        queryset = queryset.filter(code_is("code", code) | Q(pk__in=matching.values("unit_id")))
    if not include_dissolved:
        queryset = queryset.filter(dissolved_on__isnull=True)
    if kind:
        queryset = queryset.filter(kind=kind)
    if within is not None:
        queryset = queryset.filter(path__startswith=within.path)
    if words:
        # Best matches first: the whole phrase as a name, then as the start of a name.
        phrase = " ".join(words)
        queryset = queryset.annotate(
            relevance=Case(
                When(
                    Q(search_text=phrase) | Q(search_text__startswith=phrase + " |"), then=Value(0)
                ),
                When(search_text__contains="| " + phrase + " |", then=Value(0)),
                When(search_text__endswith="| " + phrase, then=Value(0)),
                When(search_text__startswith=phrase, then=Value(1)),
                When(search_text__contains=" " + phrase, then=Value(2)),
                default=Value(3),
            )
        )
        return queryset.order_by("relevance", "sort_key", "pk")
    return queryset.order_by("sort_key", "pk")


def unit_get(*, user: Any, pk: Any) -> Unit:
    try:
        return scopes.restrict(Unit.objects.select_related("parent", "linked_unit"), user).get(
            pk=int(pk)
        )
    except (Unit.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Unit not found.")) from error


def unit_resolve(*, user: Any, code: str, on: datetime.date | None = None) -> Unit:
    """The unit a code or abbreviation names, current or former ("ĐUQSTW" → Quân ủy Trung
    ương). With `on`, prefer the unit that carried it on that date."""
    code = normalize(code)
    visible = scopes.restrict(Unit.objects.all(), user)
    unit = visible.filter(code_is("code", code)).first()
    if unit is not None:
        return unit
    names = UnitName.objects.filter(code_is("code", code) | code_is("abbreviation", code)).filter(
        unit__in=visible
    )
    if on is not None:
        dated = names.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=on)
        )
        names = dated if dated.exists() else names
    found = names.select_related("unit").order_by(LATEST_FIRST).first()
    if found is None:
        raise NotFound(_("No unit has the code %(code)s.") % {"code": code})
    return found.unit


def units_resolve(*, user: Any, codes: list[str]) -> list[Unit]:
    """The units current or former codes (or abbreviations) name, in the order given, in the
    user's scope: `unit_resolve` for many codes in two queries at most. NotFound (404) for
    the first code naming no unit in the scope (outside it reads the same as unknown)."""
    wanted = list(dict.fromkeys(normalize(code) for code in codes))
    if not wanted:
        return []
    visible = scopes.restrict(Unit.objects.all(), user)
    query = Q(pk__in=[])
    for code in wanted:
        query |= code_is("code", code)
    found: dict[str, Unit] = {}
    by_upper = {code.upper(): code for code in wanted}
    for unit in visible.filter(query):
        asked = by_upper.get(unit.code.upper())
        if asked is not None:
            found[asked] = unit
    rest = [code for code in wanted if code not in found]
    if rest:
        query = Q(pk__in=[])
        for code in rest:
            query |= code_is("code", code) | code_is("abbreviation", code)
        names = (
            UnitName.objects.filter(query)
            .filter(unit__in=visible)
            .select_related("unit")
            .order_by(LATEST_FIRST, "pk")
        )
        for name in names:
            for code in rest:
                if code not in found and code.upper() in {
                    name.code.upper(),
                    (name.abbreviation or "").upper(),
                }:
                    found[code] = name.unit
    for code in wanted:
        if code not in found:
            raise NotFound(_("No unit has the code %(code)s.") % {"code": code})
    return list(dict.fromkeys(found[code] for code in wanted))


def unit_resolve_reach(*, user: Any, code: str) -> Unit:
    """Like `unit_resolve`, for the units in the user's subtrees or above them."""
    code = normalize(code)
    reach = Unit.objects.filter(scopes.reach_q(user))
    unit = reach.filter(code_is("code", code)).first()
    if unit is not None:
        return unit
    found = (
        UnitName.objects.filter(code_is("code", code) | code_is("abbreviation", code))
        .filter(unit__in=reach)
        .select_related("unit")
        .order_by(LATEST_FIRST)
        .first()
    )
    if found is None:
        raise NotFound(_("No unit has the code %(code)s.") % {"code": code})
    return found.unit


def unit_roots(*, user: Any) -> list[Unit]:
    """Top of the tree the user sees: the units of their grants (or the real roots)."""
    paths = scopes.scope_paths(user)
    if paths is None:
        return list(Unit.objects.filter(parent__isnull=True).order_by("sort_key"))
    return list(Unit.objects.filter(path__in=paths).order_by("sort_key"))


def unit_children(*, user: Any, unit: Unit, include_dissolved: bool = False) -> QuerySet[Unit]:
    """Direct subordinate units, each with its count of active children (for the tree)."""
    scopes.require_visible(user, unit)
    queryset = unit.children.all()
    if not include_dissolved:
        queryset = queryset.filter(dissolved_on__isnull=True)
    return queryset.annotate(
        child_count=Count("children", filter=Q(children__dissolved_on__isnull=True))
    ).order_by("sort_key", "pk")


def unit_annotated(queryset: QuerySet[Unit]) -> QuerySet[Unit]:
    return queryset.annotate(
        child_count=Count("children", filter=Q(children__dissolved_on__isnull=True))
    )


def unit_ancestors(*, user: Any, unit: Unit) -> list[Unit]:
    """Ancestors the user may see, from the top down (for breadcrumbs)."""
    paths = unit.ancestor_paths[:-1]
    visible = scopes.restrict(Unit.objects.filter(path__in=paths), user)
    return sorted(visible, key=lambda u: len(u.path))


def unit_names(*, unit: Unit) -> QuerySet[UnitName]:
    return unit.names.order_by(LATEST_FIRST)


def unit_name_on(*, unit: Unit, day: datetime.date) -> UnitName | None:
    return (
        unit.names.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .order_by(LATEST_FIRST)
        .first()
    )


def unit_tree_on(*, user: Any, root: Unit, day: datetime.date) -> list[dict[str, Any]]:
    """The subtree of `root` as it stood on `day`: the units placed under it then (wherever
    they sit today), with the names they carried then, depth-first in Vietnamese order.
    Units the user cannot see today are left out. Three queries."""
    scopes.require_visible(user, root)
    on_day = (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gt=day)
    )
    children: dict[int | None, list[int]] = {}
    for unit_id, parent_id in UnitPlacement.objects.filter(on_day).values_list(
        "unit_id", "parent_id"
    ):
        children.setdefault(parent_id, []).append(unit_id)
    reached: list[tuple[int, int]] = []
    stack = [(root.pk, 0)]
    seen: set[int] = set()
    while stack:
        pk, depth = stack.pop()
        if pk in seen:
            continue
        seen.add(pk)
        reached.append((pk, depth))
        stack.extend((child, depth + 1) for child in children.get(pk, []))
    units = {
        u.pk: u
        for u in scopes.restrict(Unit.objects.filter(pk__in=seen), user)
        .filter(Q(established_on__isnull=True) | Q(established_on__lte=day))
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day))
    }
    names: dict[int, UnitName] = {}
    for row in UnitName.objects.filter(on_day, unit_id__in=units).order_by(EARLIEST_FIRST):
        names[row.unit_id] = row
    depth_of = dict(reached)
    result: list[dict[str, Any]] = []

    def walk(pk: int) -> None:
        if pk not in units:
            return
        unit = units[pk]
        name = names[pk].name if pk in names else unit.name
        result.append(
            {"unit": unit, "name": name, "name_row": names.get(pk), "depth": depth_of[pk]}
        )
        for child in sorted(
            children.get(pk, []), key=lambda c: (units[c].sort_key, c) if c in units else ("", c)
        ):
            walk(child)

    walk(root.pk)
    return result


def unit_events(*, unit: Unit) -> QuerySet[RestructuringEvent]:
    return (
        RestructuringEvent.objects.filter(units=unit)
        .distinct()
        .prefetch_related("parts__unit")
        .order_by("-effective_date", "-id")
    )


def unit_positions(*, user: Any, unit: Unit, on: datetime.date | None = None) -> QuerySet[Position]:
    """Positions held at the unit on a date (today by default), with person and rank."""
    scopes.require_visible(user, unit)
    day = on or timezone.localdate()
    return (
        Position.objects.filter(unit=unit, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .select_related("person")
        .order_by("order", "person__sort_key")
    )


def unit_counts(*, unit: Unit) -> dict[str, int]:
    return {
        "children": unit.children.filter(dissolved_on__isnull=True).count(),
        # The active units below (the unit itself excluded, even when dissolved).
        "subtree": Unit.objects.filter(path__startswith=unit.path, dissolved_on__isnull=True)
        .exclude(pk=unit.pk)
        .count(),
        "people": Person.objects.filter(unit__path__startswith=unit.path).count(),
    }


def paths_on(*, unit_ids: list[int], day: datetime.date) -> dict[int, str]:
    """The path each unit had in the tree as it stood on `day` (for roll-ups of a past
    period). Internal: not scoped, callers pass units they already may use. Two queries."""
    from tongket.org.services.units import path_segment

    units = {
        pk: path for pk, path in Unit.objects.filter(pk__in=unit_ids).values_list("pk", "path")
    }
    # Where no unit on the way up was placed anew after `day`, the tree then is today's tree
    # for them: one indexed query instead of reading every placement.
    on_the_way = {ancestor for path in units.values() for ancestor in path_ids(path)}
    moved = UnitPlacement.objects.filter(unit_id__in=on_the_way, valid_from__gt=day).exists()
    if not moved and len(units) == len(set(unit_ids)):
        return {pk: units[pk] for pk in unit_ids}
    on_day = (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gt=day)
    )
    parent_of: dict[int, int | None] = dict(
        UnitPlacement.objects.filter(on_day).values_list("unit_id", "parent_id")
    )
    # Units without a placement on that day (not yet placed, or created before placements
    # were kept) sit where they sit today.
    missing = [pk for pk in unit_ids if pk not in parent_of]
    if missing:
        parent_of.update(Unit.objects.filter(pk__in=missing).values_list("pk", "parent_id"))
    memo: dict[int, str] = {}

    def path(pk: int, guard: int = 0) -> str:
        if pk in memo:
            return memo[pk]
        parent = parent_of.get(pk)
        if parent is None and pk not in parent_of:
            parent = Unit.objects.filter(pk=pk).values_list("parent_id", flat=True).first()
            parent_of[pk] = parent
        prefix = path(parent, guard + 1) if parent is not None and guard < 60 else ""
        memo[pk] = prefix + path_segment(pk)
        return memo[pk]

    return {pk: path(pk) for pk in unit_ids}


DEFAULT_PLACE = "Hà Nội"


def unit_place(unit: Unit | None) -> str:
    """The place name written before the date of a unit's documents: its own, else that of
    the nearest unit above that has one, else the capital. (No scope: it is printed on
    documents the user may already see.)"""
    if unit is None:
        return DEFAULT_PLACE
    if unit.place:
        return unit.place
    ids = unit.ancestor_ids
    found = dict(Unit.objects.filter(pk__in=ids).exclude(place="").values_list("pk", "place"))
    for pk in reversed(ids):
        if pk in found:
            return found[pk]
    return DEFAULT_PLACE


def unit_line_tree(
    *, user: Any, line: str, on: datetime.date | None = None
) -> list[dict[str, Any]]:
    """The units of the user's scope that sit in `line` on the day, as a depth-first list of
    {unit, depth} under their direct superiors there. A unit whose superior lies outside the
    scope starts a branch of its own; a unit with several superiors appears under its direct
    one. Two queries, whatever the size."""
    day = on or timezone.localdate()
    rows = list(
        UnitLine.objects.filter(valid_q(day), line=line, primary=True).values_list(
            "unit_id", "superior_id"
        )
    )
    visible = {
        unit.pk: unit
        for unit in scopes.restrict(Unit.objects.all(), user).filter(
            pk__in=[unit_id for unit_id, _superior in rows]
        )
    }
    children: dict[int | None, list[Unit]] = {}
    for unit_id, superior_id in rows:
        if unit_id not in visible:
            continue
        parent = superior_id if superior_id in visible else None
        children.setdefault(parent, []).append(visible[unit_id])
    for units in children.values():
        units.sort(key=lambda u: (u.sort_key, u.pk))
    found: list[dict[str, Any]] = []
    stack = [(unit, 0) for unit in reversed(children.get(None, []))]
    seen: set[int] = set()
    while stack:
        unit, depth = stack.pop()
        if unit.pk in seen:
            continue
        seen.add(unit.pk)
        found.append({"unit": unit, "depth": depth, "name": unit.name})
        stack.extend((child, depth + 1) for child in reversed(children.get(unit.pk, [])))
    return found
