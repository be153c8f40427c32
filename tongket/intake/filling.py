"""A periodic report filled from a text (Điền từ văn bản): the report form's indicators read
out of a unit's report (`reading.figures`), proposed cell by cell with the words they come
from (`report_figures_read`, writes nothing), and the cells the reporter accepts saved
together through the reporting service (`report_figures_fill` → `report_save`: scoped to the
unit's reporters, version-checked, all or nothing).

Callers: the page `ui.views.reporting.fill` and the endpoints of `api.views.intake`. Both
take the report through the reporting selectors (outside the caller's scope: 404)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tongket.core.errors import DomainError
from tongket.core.numbers import format_number, format_percent
from tongket.intake.reading.figures import FigureRead, IndicatorEntry, read_figures
from tongket.reporting import services as reporting_services
from tongket.reporting.models import DataValue, Report
from tongket.reporting.services.reports import Entry, can_fill
from tongket.resolutions.choices import MeasureKind, UnitAggregation
from tongket.resolutions.models import Indicator


@dataclass(frozen=True)
class Proposal:
    """One indicator of the form as the text gives it: the read (span, snippet, confidence,
    or the problem), what saving it writes (`entry`, None when nothing was read) and the
    figure as people read it (`shown`)."""

    indicator: Indicator
    read: FigureRead
    entry: Entry | None
    shown: str

    @property
    def is_read(self) -> bool:
        return self.entry is not None


def report_indicators(report: Report) -> dict[int, Indicator]:
    """The report form's indicators, in the form's order."""
    links = report.form.form_indicators.select_related("indicator").order_by("order", "id")
    return {link.indicator_id: link.indicator for link in links}


def indicator_entry(indicator: Indicator) -> IndicatorEntry:
    return IndicatorEntry(
        id=indicator.pk,
        code=indicator.code,
        name=indicator.name,
        unit=indicator.unit_of_measure,
        is_ratio=indicator.measure_kind == MeasureKind.RATIO,
        decimals=indicator.decimals,
        kind=str(indicator.measure_kind),
        levels=tuple(str(level) for level in indicator.rating_levels or ()),
    )


def require_fillable(by: Any, report: Report) -> None:
    """PermissionDenied for a reader who is not one of the unit's reporters; DomainError
    for a report that cannot change now."""
    if not can_fill(by, report):
        raise PermissionDenied(_("Only the unit's reporters fill this report."))
    if not (report.is_editable and report.period.is_open):
        raise DomainError(
            _("This report cannot change now (submitted, approved or its period closed)."),
            code="locked",
        )


def shown(indicator: Indicator, read: FigureRead) -> str:
    """The read figure as people read it: "40 / 42 (95,2 %)", "1.234,5 ha", "Khá",
    "Reached"."""
    if not read.is_read:
        return "–"
    kind = indicator.measure_kind
    if kind == MeasureKind.MILESTONE:
        return _("Reached") if read.value else _("Not reached")
    if kind == MeasureKind.RATING:
        return read.label
    if read.numerator is not None and read.denominator is not None:
        share = read.numerator / read.denominator * 100
        return (
            f"{format_number(read.numerator)} / {format_number(read.denominator)} "
            f"({format_percent(share)})"
        )
    return f"{format_number(read.value, None)} {indicator.unit_of_measure}".strip()


def _entry(report: Report, indicator: Indicator, read: FigureRead) -> Entry:
    """What the read figure saves: a ratio's parts, or the value (a weighted average keeps
    the weight already stored; without one, the save asks for it, naming the code)."""
    if indicator.measure_kind == MeasureKind.RATIO:
        return Entry(numerator=read.numerator, denominator=read.denominator)
    return Entry(value=read.value, denominator=_weight(report, indicator))


def _of_base(report: Report, indicator: Indicator, read: FigureRead) -> tuple[FigureRead, str]:
    """A ratio read as a percentage alone ("quân số khỏe đạt 98,7%"), taken of the
    denominator this report already holds, else of the unit's last one for the indicator (a
    strength changes little from one period to the next), with a lower confidence and a note
    naming where the denominator came from; without either, not read: the parts are asked."""
    stored = report.values.filter(indicator=indicator, denominator__isnull=False).first()
    base, whence = (stored.denominator, _("denominator already entered")) if stored else (None, "")
    if base is None:
        earlier = (
            DataValue.objects.filter(
                unit=report.unit_id,
                indicator=indicator,
                denominator__gt=0,
                period__end__lt=report.period.start,
            )
            .select_related("period")
            .order_by("-period__end")
            .first()
        )
        if earlier is not None:
            base = earlier.denominator
            whence = _("denominator of %(period)s") % {"period": earlier.period.code}
    if not base or read.value is None:
        problem = _("Only a percentage follows: enter the numerator and denominator.")
        return replace(read, value=None, problem=problem), ""
    # Not rounded to a whole: the parts keep the percentage the text gives.
    numerator = (read.value * base / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
    if numerator == numerator.to_integral_value():
        numerator = numerator.quantize(Decimal(1))  # 23, not 23.00 (nor 2.3E+1)
    taken = replace(
        read,
        numerator=numerator,
        denominator=base,
        confidence=round(max(read.confidence - 0.2, 0.3), 2),
    )
    return taken, whence


def _weight(report: Report, indicator: Indicator) -> Decimal | None:
    if indicator.unit_aggregation != UnitAggregation.WEIGHTED_AVERAGE:
        return None
    stored = report.values.filter(indicator=indicator).first()
    return stored.denominator if stored else None


def report_figures_read(*, by: Any, report: Report, text: str) -> list[Proposal]:
    """The form's indicators the text mentions, each with the figure read or the reason
    none was taken, in the form's order. Writes nothing; only the unit's reporters, on a
    report that can still change (see `require_fillable`)."""
    require_fillable(by, report)
    indicators = report_indicators(report)
    reads = read_figures(text, [indicator_entry(i) for i in indicators.values()])
    proposals = []
    for read in reads:
        indicator = indicators[read.indicator_id]
        note = ""
        if read.is_read and indicator.measure_kind == MeasureKind.RATIO and read.numerator is None:
            read, note = _of_base(report, indicator, read)
        entry = _entry(report, indicator, read) if read.is_read else None
        figure = shown(indicator, read)
        proposals.append(Proposal(indicator, read, entry, f"{figure} ({note})" if note else figure))
    return proposals


def report_figures_fill(
    *, by: Any, report: Report, cells: dict[int, Entry], version: int | None
) -> Report:
    """Save the accepted cells at once through `reporting.services.report_save`: every
    cell checked against its indicator first and none written when one is wrong (the
    DomainError names each), a report saved by someone else since `version` refused. A
    weighted average given without its weight keeps the weight stored."""
    require_fillable(by, report)
    if not cells:
        raise DomainError(_("No figure was accepted: nothing was saved."), field="cells")
    indicators = report_indicators(report)
    entries: dict[int, Entry] = {}
    for pk, entry in cells.items():
        indicator = indicators.get(pk)
        if indicator is None:
            raise DomainError(
                _("The report's form has no indicator %(ref)s.") % {"ref": pk}, field="cells"
            )
        if entry.denominator is None and indicator.measure_kind != MeasureKind.RATIO:
            entry = Entry(entry.value, entry.numerator, _weight(report, indicator), entry.comment)
        entries[pk] = entry
    return reporting_services.report_save(by=by, report=report, entries=entries, version=version)
