"""Reads of resolution records: the list and its orders, one resolution, its relations, history,
symbol check and summary, and finding one by id or symbol."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from tongket.core.errors import DomainError, NotFound
from tongket.core.models import code_is
from tongket.core.text import search_key
from tongket.org.models import Unit, UnitName
from tongket.resolutions.models import (
    Assignment,
    Field,
    Indicator,
    Item,
    Resolution,
    ResolutionParty,
)
from tongket.resolutions.selectors.reach import can_keep, resolution_reach_q
from tongket.resolutions.selectors.structure import assignment_list
from tongket.resolutions.selectors.targets import target_list


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
    from tongket.resolutions.symbols import issuer_mismatch, parse_symbol

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


def field_list() -> QuerySet[Field]:
    return Field.objects.filter(is_active=True).order_by("order", "name")


def resolution_summary(*, user: Any, resolution: Resolution) -> dict[str, Any]:
    """Counts shown on the resolution page."""
    return {
        "items": resolution.items.count(),
        "indicators": resolution.indicators.count(),
        "targets": target_list(user=user, resolution=resolution).count(),
        "assignments": assignment_list(user=user, resolution=resolution).count(),
    }


def resolution_list_prefetched(queryset: QuerySet[Resolution]) -> QuerySet[Resolution]:
    return queryset.annotate(indicator_count=Count("indicators", distinct=True)).prefetch_related(
        Prefetch("parties", queryset=ResolutionParty.objects.select_related("unit"))
    )


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
