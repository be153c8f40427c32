"""Every scoped read of resolutions, their structure, indicators and targets.

A resolution reaches a user when its issuing body or the unit that keeps it is in the user's
subtrees or above them, or when one of its parties is (documents issued higher up are
followed lower down), and the user's clearance covers its classification. Targets and
assignments are read only for units in the user's subtrees (or by those who keep the
resolution). Outside the scope is NotFound (404).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import classification, scopes
from tongket.core.errors import DomainError, NotFound
from tongket.core.models import code_is
from tongket.core.text import search_key
from tongket.org import policy
from tongket.org.models import Unit, UnitName
from tongket.org.policy import Action
from tongket.resolutions.choices import (
    AssignmentStatus,
    Classification,
    TimeAggregation,
    UnitAggregation,
)
from tongket.resolutions.models import (
    Assignment,
    Field,
    Indicator,
    Item,
    Resolution,
    ResolutionParty,
    Target,
)


def cleared_classifications(user: Any) -> list[str]:
    """The marks the user may read: the one rule of `core.classification`."""
    return classification.cleared_marks(user)


def resolution_reach_q(user: Any, prefix: str = "") -> Q:
    """The filter of resolutions (through `prefix`, e.g. "resolution__") reaching the user."""
    if scopes.is_unrestricted(user):
        return Q()
    parties = ResolutionParty.objects.filter(scopes.reach_q(user, "unit__path")).values(
        "resolution_id"
    )
    return (
        scopes.reach_q(user, f"{prefix}issuing_unit__path")
        | scopes.reach_q(user, f"{prefix}owner_unit__path")
        | Q(**{f"{prefix}pk__in": parties})
    ) & Q(**{f"{prefix}classification__in": cleared_classifications(user)})


def resolution_list(
    *,
    user: Any,
    search: str | None = None,
    issuer: Unit | None = None,
    kind: str | None = None,
    field: Any = None,
    status: str | None = None,
    year: int | None = None,
    symbol: str | None = None,
    sort: str | None = None,
) -> QuerySet[Resolution]:
    """Resolutions reaching the user, newest first. `search` ignores case and diacritics and
    matches the symbol, the subject and every code or name the issuing body ever had
    ("duqstw" finds 382-NQ/ĐUQSTW); `year` keeps those whose horizon covers it. `sort`
    (one of RESOLUTION_SORTS) orders by subject or issuing body in Vietnamese order, or by
    number, instead."""
    queryset = Resolution.objects.filter(resolution_reach_q(user)).select_related(
        "issuing_unit", "owner_unit", "field"
    )
    for word in search_key(search).split():
        queryset = queryset.filter(
            Q(search_key__contains=word) | Q(issuing_unit__search_text__contains=word)
        )
    if symbol:
        queryset = queryset.filter(pk__in=_symbol_matches(symbol))
    if issuer is not None:
        queryset = queryset.filter(issuing_unit__path__startswith=issuer.path)
    if kind:
        queryset = queryset.filter(kind=kind)
    if field:
        queryset = queryset.filter(field=field)
    if status:
        queryset = queryset.filter(status=status)
    if year:
        # An unknown start or end never counts as covering the year.
        queryset = queryset.filter(horizon_from__lte=year).filter(
            Q(horizon_to__gte=year) | Q(and_following_years=True)
        )
    return queryset.order_by(*RESOLUTION_SORTS.get(sort or "", RESOLUTION_SORTS["issued"]))


# Orders of the resolution list; subjects and names sort by their Vietnamese sort keys.
RESOLUTION_SORTS: dict[str, tuple[str, ...]] = {
    "issued": ("-issued_on", "sort_key", "-id"),
    "subject": ("sort_key", "-issued_on", "-id"),
    "issuer": ("issuing_unit__sort_key", "-issued_on", "-id"),
    "symbol": ("number", "symbol_year", "type_code", "-issued_on", "-id"),
}


def _symbol_matches(symbol: str) -> list[int]:
    """Ids of resolutions whose symbol is `symbol`, also when it names the issuer by a code
    it has since lost or gained (382-NQ/QUTW finds 382-NQ/ĐUQSTW)."""
    from tongket.resolutions.symbols import parse_symbol

    try:
        parsed = parse_symbol(symbol)
    except Exception:
        return list(
            Resolution.objects.filter(code_is("symbol", symbol)).values_list("pk", flat=True)
        )
    key = search_key(parsed.issuer_code)
    candidates = Resolution.objects.filter(
        code_is("type_code", parsed.type_code), number=parsed.number
    ).select_related("issuing_unit")
    if parsed.year:
        candidates = candidates.filter(symbol_year=parsed.year)
    units_with_code = set(
        UnitName.objects.filter(
            code_is("code", parsed.issuer_code) | code_is("abbreviation", parsed.issuer_code)
        )
        .order_by()
        .values_list("unit_id", flat=True)
    )
    found = []
    for resolution in candidates:
        if search_key(resolution.issuer_code) == key or resolution.issuing_unit_id in (
            units_with_code
        ):
            found.append(resolution.pk)
    return found


def resolution_get(*, user: Any, pk: Any) -> Resolution:
    try:
        return (
            Resolution.objects.filter(resolution_reach_q(user))
            .select_related("issuing_unit", "owner_unit", "field")
            .get(pk=int(pk))
        )
    except (Resolution.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Resolution not found.")) from error


def can_keep(user: Any, resolution: Resolution) -> bool:
    """May the user edit the resolution record (tracking officer of the unit keeping it)?"""
    return scopes.covers(user, resolution.owner_unit, policy.roles(Action.KEEP_RESOLUTIONS))


def resolution_relations(*, user: Any, resolution: Resolution) -> list[dict[str, Any]]:
    """Relations both ways, each with the other resolution when it reaches the user."""
    visible = set(Resolution.objects.filter(resolution_reach_q(user)).values_list("pk", flat=True))
    rows: list[dict[str, Any]] = []
    for relation in resolution.relations_out.select_related("target", "target__issuing_unit"):
        if relation.target_id in visible:
            rows.append({"relation": relation, "other": relation.target, "outgoing": True})
    for relation in resolution.relations_in.select_related("source", "source__issuing_unit"):
        if relation.source_id in visible:
            rows.append({"relation": relation, "other": relation.source, "outgoing": False})
    return rows


def item_tree(*, resolution: Resolution) -> list[dict[str, Any]]:
    """Objectives, tasks and measures depth-first in their order, with their depth."""
    items = list(
        resolution.items.annotate(assignment_count=Count("assignments")).order_by("order", "id")
    )
    children: dict[int | None, list[Item]] = defaultdict(list)
    for item in items:
        children[item.parent_id].append(item)
    rows: list[dict[str, Any]] = []

    def walk(parent: int | None, depth: int) -> None:
        for item in children.get(parent, []):
            rows.append({"item": item, "depth": depth})
            walk(item.pk, depth + 1)

    walk(None, 0)
    return rows


def item_get(*, user: Any, pk: Any) -> Item:
    try:
        return Item.objects.select_related("resolution").get(
            resolution_reach_q(user, "resolution__"), pk=int(pk)
        )
    except (Item.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Not found.")) from error


def assignment_list(
    *,
    user: Any,
    resolution: Resolution | None = None,
    unit: Unit | None = None,
    status: str | None = None,
    today: datetime.date | None = None,
) -> QuerySet[Assignment]:
    """Assignments the user may read: where the lead or a coordinating unit is in the user's
    subtrees, or all of a resolution the user keeps. `unit` keeps those led by or
    coordinated with it; status "overdue" is the derived one."""
    queryset = Assignment.objects.filter(resolution_reach_q(user, "item__resolution__"))
    if not scopes.is_unrestricted(user):
        mine = scopes.scope_q(user, "lead_unit__path") | Q(
            pk__in=Assignment.coordinating_units.through.objects.filter(
                scopes.scope_q(user, "unit__path")
            ).values("assignment_id")
        )
        keeper = scopes.scope_q(
            user, "item__resolution__owner_unit__path", policy.roles(Action.KEEP_RESOLUTIONS)
        )
        queryset = queryset.filter(mine | keeper)
    if resolution is not None:
        queryset = queryset.filter(item__resolution=resolution)
    if unit is not None:
        queryset = queryset.filter(
            Q(lead_unit=unit)
            | Q(
                pk__in=Assignment.coordinating_units.through.objects.filter(unit=unit).values(
                    "assignment_id"
                )
            )
        )
    today = today or timezone.localdate()
    if status == AssignmentStatus.OVERDUE:
        queryset = queryset.exclude(status=AssignmentStatus.DONE).filter(deadline__lt=today)
    elif status:
        queryset = queryset.filter(status=status)
    return (
        queryset.select_related("item", "item__resolution", "lead_unit")
        .prefetch_related("coordinating_units")
        .order_by("deadline", "id")
    )


def assignment_get(*, user: Any, pk: Any) -> Assignment:
    try:
        return assignment_list(user=user).get(pk=int(pk))
    except (Assignment.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Not found.")) from error


def indicator_list(
    *, user: Any, resolution: Resolution | None = None, search: str | None = None
) -> QuerySet[Indicator]:
    queryset = Indicator.objects.filter(resolution_reach_q(user, "resolution__")).select_related(
        "resolution", "item", "parent_indicator", "parent_indicator__resolution"
    )
    if resolution is not None:
        queryset = queryset.filter(resolution=resolution)
    for word in search_key(search).split():
        queryset = queryset.filter(search_key__contains=word)
    return queryset.order_by("resolution_id", "order", "id")


def indicator_get(*, user: Any, pk: Any) -> Indicator:
    try:
        return indicator_list(user=user).get(pk=int(pk))
    except (Indicator.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Indicator not found.")) from error


def target_list(
    *,
    user: Any,
    indicator: Indicator | None = None,
    unit: Unit | None = None,
    year: int | str | None = "any",
    resolution: Resolution | None = None,
    within: Unit | None = None,
) -> QuerySet[Target]:
    """Targets of units in the user's subtrees. `year=None` keeps whole-horizon targets,
    "any" (the default) every year."""
    queryset = Target.objects.filter(
        resolution_reach_q(user, "indicator__resolution__"),
        scopes.scope_q(user, "unit__path"),
    ).select_related("indicator", "unit")
    if indicator is not None:
        queryset = queryset.filter(indicator=indicator)
    if resolution is not None:
        queryset = queryset.filter(indicator__resolution=resolution)
    if unit is not None:
        queryset = queryset.filter(unit=unit)
    if within is not None:
        queryset = queryset.filter(unit__path__startswith=within.path)
    if year is None:
        queryset = queryset.filter(year__isnull=True)
    elif year != "any":
        queryset = queryset.filter(year=int(year))
    return queryset


def target_get(*, user: Any, pk: Any) -> Target:
    try:
        return target_list(user=user).get(pk=int(pk))
    except (Target.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Target not found.")) from error


def resolution_history(*, user: Any, resolution: Resolution, limit: int = 100) -> list[Any]:
    """The change log of a resolution the user reaches: the record, its objectives, tasks and
    measures, its indicators and the assignments the user may read (removed ones too: their
    snapshots name the resolution or the item), newest first. Targets have their own
    history (`target_history`). Removed assignments are shown to the keepers only."""
    from django.contrib.contenttypes.models import ContentType

    from tongket.core.models import ChangeLog

    def of(model: Any, ids: Any) -> Q:
        return Q(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[str(pk) for pk in ids],
        )

    def removed(model: Any, **snapshot: Any) -> Q:
        """Rows of objects since removed, found by what their snapshots point to."""
        before = Q(**{f"before__{key}": value for key, value in snapshot.items()})
        after = Q(**{f"after__{key}": value for key, value in snapshot.items()})
        return Q(content_type=ContentType.objects.get_for_model(model)) & (before | after)

    item_ids = list(resolution.items.values_list("pk", flat=True))
    query = (
        of(Resolution, [resolution.pk])
        | of(Item, item_ids)
        | removed(Item, resolution_id=resolution.pk)
        | of(Indicator, resolution.indicators.values_list("pk", flat=True))
        | removed(Indicator, resolution_id=resolution.pk)
        | of(
            Assignment,
            assignment_list(user=user, resolution=resolution).values_list("pk", flat=True),
        )
    )
    if can_keep(user, resolution) and item_ids:
        query |= removed(Assignment, item_id__in=item_ids)
    return list(ChangeLog.objects.filter(query).order_by("-time", "-id")[:limit])


def symbol_check(
    *,
    user: Any,
    symbol: str,
    issuing_unit: Unit | None = None,
    issued_on: datetime.date | None = None,
    exclude: int | None = None,
) -> dict[str, Any]:
    """What registering `symbol` would meet, for checking it as it is typed: the parsed
    parts or the reason it cannot be read, the warning when its issuer code is not one the
    issuing body carried on the issue date, and the resolution of that body already
    carrying it (excluding `exclude`)."""
    from tongket.resolutions.services.records import issuer_mismatch
    from tongket.resolutions.symbols import parse_symbol

    result: dict[str, Any] = {"symbol": None, "error": "", "warning": "", "duplicate": None}
    if not (symbol or "").strip():
        return result
    try:
        parsed = parse_symbol(symbol)
    except DomainError as error:
        result["error"] = " ".join(error.messages)
        return result
    result["symbol"] = parsed
    if issuing_unit is not None:
        result["warning"] = issuer_mismatch(parsed, issuing_unit, issued_on) or ""
        result["duplicate"] = (
            Resolution.objects.filter(resolution_reach_q(user))
            .filter(issuing_unit=issuing_unit, symbol=parsed.text)
            .exclude(pk=exclude)
            .first()
        )
    return result


def target_history(*, target: Target) -> QuerySet[Any]:
    return target.adjustments.select_related("by").order_by("-at", "-id")


def field_list() -> QuerySet[Field]:
    return Field.objects.filter(is_active=True).order_by("order", "name")


# --- The target grid and its checks -------------------------------------------------------


def target_grid(
    *, user: Any, indicator: Indicator, root: Unit, until: int | None = None
) -> dict[str, Any]:
    """Units (the root and its subtree, depth-first) × years of the horizon, with the whole-
    horizon column, and the checks: where children's targets do not add up to their parent's
    (additive indicators) and where the years do not make the whole horizon. Four queries.
    `until` shows following years up to it (a resolution "and the following years")."""
    scopes.require_visible(user, root)
    resolution = indicator.resolution
    # The horizon, and the following years where targets were set for them (no year column
    # while the horizon is not yet determined: only the whole-horizon one).
    first = resolution.horizon_from or 9999
    last = max(
        min(until or 0, resolution.last_target_year or 0),
        resolution.horizon_to or 0,
        Target.objects.filter(indicator=indicator, year__isnull=False)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
        or 0,
    )
    years = list(range(first, last + 1)) if resolution.horizon_known else []
    # Units that existed during the horizon: one dissolved in 2025 still holds its 2022 targets.
    units = list(
        scopes.restrict(
            Unit.objects.filter(path__startswith=root.path).filter(
                Q(dissolved_on__isnull=True)
                | Q(dissolved_on__year__gte=resolution.horizon_from or 1945)
            ),
            user,
        ).order_by("path")
    )
    # Depth-first in Vietnamese order among siblings.
    by_parent: dict[int | None, list[Unit]] = defaultdict(list)
    ids = {u.pk for u in units}
    for unit in units:
        by_parent[unit.parent_id if unit.parent_id in ids else None].append(unit)
    ordered: list[Unit] = []

    def walk(parent: int | None) -> None:
        for unit in sorted(by_parent.get(parent, []), key=lambda u: (u.sort_key, u.pk)):
            ordered.append(unit)
            walk(unit.pk)

    walk(None)
    targets = {
        (t.unit_id, t.year): t
        for t in Target.objects.filter(indicator=indicator, unit_id__in=ids).only(
            "id", "unit_id", "year", "value", "numerator", "denominator", "version", "method"
        )
    }
    adjusted = set(
        Target.objects.filter(indicator=indicator, unit_id__in=ids)
        .filter(adjustments__old_value__isnull=False)
        .values_list("id", flat=True)
    )
    cascade = cascade_check(indicator=indicator, units=ordered, targets=targets, years=years)
    phasing = phasing_check(indicator=indicator, units=ordered, targets=targets, years=years)
    rows = []
    base_depth = root.depth
    for unit in ordered:
        cells = []
        for year in [*years, None]:
            target = targets.get((unit.pk, year))
            cells.append(
                {
                    "year": year,
                    "target": target,
                    "adjusted": bool(target and target.pk in adjusted),
                    "mismatch": cascade.get((unit.pk, year)),
                }
            )
        rows.append(
            {
                "unit": unit,
                "depth": unit.depth - base_depth,
                "cells": cells,
                "phasing": phasing.get(unit.pk),
                "has_children": bool(by_parent.get(unit.pk)),
            }
        )
    return {
        "years": years,
        "rows": rows,
        "cascade_issues": sum(1 for _ in cascade.values()),
        "phasing_issues": len(phasing),
        "additive": indicator.is_additive,
    }


def cascade_check(
    *,
    indicator: Indicator,
    units: list[Unit],
    targets: dict[tuple[int, int | None], Target],
    years: list[int],
) -> dict[tuple[int, int | None], dict[str, Decimal]]:
    """(unit, year) → {"parent", "children", "difference"} where the targets the children of a
    unit were given do not add up to the unit's own (only for indicators that add up over
    units). Children without a target are not counted: a half-done split shows as a gap."""
    if indicator.unit_aggregation != UnitAggregation.SUM:
        return {}
    children: dict[int, list[int]] = defaultdict(list)
    for unit in units:
        if unit.parent_id is not None:
            children[unit.parent_id].append(unit.pk)
    issues: dict[tuple[int, int | None], dict[str, Decimal]] = {}
    for parent_id, kids in children.items():
        for year in [*years, None]:
            parent = targets.get((parent_id, year))
            given = [targets[(kid, year)].value for kid in kids if (kid, year) in targets]
            if parent is None or not given:
                continue
            total = sum(given, Decimal(0))
            if total != parent.value:
                issues[(parent_id, year)] = {
                    "parent": parent.value,
                    "children": total,
                    "difference": total - parent.value,
                }
    return issues


def phasing_check(
    *,
    indicator: Indicator,
    units: list[Unit],
    targets: dict[tuple[int, int | None], Target],
    years: list[int],
) -> dict[int, dict[str, Decimal]]:
    """unit → {"horizon", "years", "difference"} where the yearly targets do not make the
    whole-horizon target by the indicator's rule over time (sum of the years; the last
    year's value; their average)."""
    issues: dict[int, dict[str, Decimal]] = {}
    for unit in units:
        whole = targets.get((unit.pk, None))
        yearly = [targets[(unit.pk, y)].value for y in years if (unit.pk, y) in targets]
        if whole is None or not yearly:
            continue
        if indicator.time_aggregation == TimeAggregation.SUM:
            combined = sum(yearly, Decimal(0))
        elif indicator.time_aggregation == TimeAggregation.LAST:
            last_year = max(y for y in years if (unit.pk, y) in targets)
            combined = targets[(unit.pk, last_year)].value
        else:
            combined = sum(yearly, Decimal(0)) / len(yearly)
        if abs(combined - whole.value) > Decimal("0.0001"):
            issues[unit.pk] = {
                "horizon": whole.value,
                "years": combined,
                "difference": combined - whole.value,
            }
    return issues


def resolution_summary(*, user: Any, resolution: Resolution) -> dict[str, Any]:
    """Counts shown on the resolution page."""
    return {
        "items": resolution.items.count(),
        "indicators": resolution.indicators.count(),
        "targets": target_list(user=user, resolution=resolution).count(),
        "assignments": assignment_list(user=user, resolution=resolution).count(),
    }


def classification_choices_for(user: Any) -> list[tuple[str, str]]:
    allowed = set(cleared_classifications(user))
    return [(value, label) for value, label in Classification.choices if value in allowed]


def indicators_with_targets(
    *, user: Any, resolution: Resolution, unit: Unit
) -> list[dict[str, Any]]:
    """The resolution's indicators with the unit's targets per year (for a unit's page)."""
    targets = defaultdict(dict)
    for target in target_list(user=user, resolution=resolution, unit=unit):
        targets[target.indicator_id][target.year] = target
    return [
        {"indicator": indicator, "targets": targets.get(indicator.pk, {})}
        for indicator in resolution.indicators.order_by("order", "id")
    ]


def resolution_list_prefetched(queryset: QuerySet[Resolution]) -> QuerySet[Resolution]:
    return queryset.annotate(indicator_count=Count("indicators", distinct=True)).prefetch_related(
        Prefetch("parties", queryset=ResolutionParty.objects.select_related("unit"))
    )


def item_list(*, user: Any, resolution: Resolution | None = None) -> list[Item]:
    """Objectives, tasks and measures of the resolutions reaching the user (or of one), each
    resolution's depth-first in outline order, with `depth` and `assignment_count` set. One
    query."""
    queryset = Item.objects.filter(resolution_reach_q(user, "resolution__"))
    if resolution is not None:
        queryset = queryset.filter(resolution=resolution)
    items = list(
        queryset.annotate(assignment_count=Count("assignments")).order_by(
            "resolution_id", "order", "id"
        )
    )
    children: dict[tuple[int, int | None], list[Item]] = defaultdict(list)
    for item in items:
        children[(item.resolution_id, item.parent_id)].append(item)
    ordered: list[Item] = []

    def walk(resolution_id: int, parent: int | None, depth: int) -> None:
        for item in children.get((resolution_id, parent), []):
            item.depth = depth  # type: ignore[attr-defined]
            ordered.append(item)
            walk(resolution_id, item.pk, depth + 1)

    for resolution_id in dict.fromkeys(item.resolution_id for item in items):
        walk(resolution_id, None, 0)
    return ordered


def resolution_find(*, user: Any, ref: Any, field: str = "resolution") -> Resolution:
    """A resolution reaching the user, given by id or by number and symbol (old issuer codes
    resolve: 382-NQ/QUTW finds 382-NQ/ĐUQSTW). DomainError naming `field` when none or
    several match (the same symbol from two issuing bodies)."""
    text = str(ref or "").strip()
    if text.isdigit():
        try:
            return resolution_get(user=user, pk=text)
        except NotFound:
            found: list[Resolution] = []
    else:
        found = list(resolution_list(user=user, symbol=text)[:2]) if text else []
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise DomainError(
            _("Several resolutions have the symbol %(symbol)s: give the id.") % {"symbol": text},
            field=field,
        )
    raise DomainError(
        _("No resolution you can see is %(ref)s.") % {"ref": text or "''"}, field=field
    )


def indicator_find(
    *, user: Any, code: str, resolution: Resolution | None = None, field: str = "indicator"
) -> Indicator:
    """The indicator with this code (ignoring case) in the resolutions reaching the user, or in
    `resolution`. DomainError naming `field` when none has it, or when several resolutions
    use the code and no resolution was given."""
    text = (code or "").strip().replace(" ", "")
    found = list(
        indicator_list(user=user, resolution=resolution).filter(code_is("code", text))[:2]
        if text
        else []
    )
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise DomainError(
            _(
                "Several resolutions have an indicator %(code)s: say which resolution "
                "(by id or symbol)."
            )
            % {"code": text},
            field=field,
        )
    raise DomainError(
        _("No indicator has the code %(code)s.") % {"code": text or "''"}, field=field
    )


def indicators_find(
    *,
    user: Any,
    refs: list[str],
    resolution: Resolution | None = None,
    field: str = "indicator",
) -> list[Indicator]:
    """The indicators `refs` name (an id, or a code ignoring case as `indicator_find` reads
    it), in the order given, from the resolutions reaching the user (or `resolution`): one
    query whatever their number. NotFound (404) for one the user cannot read (not at all, in
    no resolution reaching them, or of a resolution marked above their clearance);
    DomainError naming `field` for a code several resolutions use when no resolution was
    given."""
    wanted = list(dict.fromkeys(str(ref).strip().replace(" ", "") for ref in refs))
    wanted = [ref for ref in wanted if ref]
    if not wanted:
        return []
    ids = [int(ref) for ref in wanted if ref.isdigit()]
    query = Q(pk__in=ids)
    for ref in wanted:
        if not ref.isdigit():
            query |= code_is("code", ref)
    rows = list(indicator_list(user=user, resolution=resolution).filter(query))
    by_id = {indicator.pk: indicator for indicator in rows}
    by_code: dict[str, list[Indicator]] = defaultdict(list)
    for indicator in rows:
        by_code[indicator.code.upper()].append(indicator)
    found: list[Indicator] = []
    for ref in wanted:
        if ref.isdigit():
            matches = [by_id[int(ref)]] if int(ref) in by_id else []
        else:
            matches = by_code.get(ref.upper(), [])
        if not matches:
            raise NotFound(_("Indicator not found."))
        if len(matches) > 1:
            raise DomainError(
                _(
                    "Several resolutions have an indicator %(code)s: say which resolution "
                    "(by id or symbol)."
                )
                % {"code": ref},
                field=field,
            )
        found.append(matches[0])
    return list(dict.fromkeys(found))
