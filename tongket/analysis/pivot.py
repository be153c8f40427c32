"""The pivot: many indicators × units × periods from the roll-ups, laid out in rows and
columns, with totals and the formula of every figure.

A read: every figure comes from `reporting.selectors.figures_grid` (the roll-ups, fresh the
moment a report is saved, in the user's scope), a few queries whatever the number of
indicators, units and periods. Totals recombine the figures shown by the indicator's own
rules (a ratio as Σnumerator/Σdenominator, never an average of percentages); where a rule
cannot be recombined from the figures the total stays empty and says why.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from tongket.analysis.choices import Dimension
from tongket.analysis.spec import Spec
from tongket.core.numbers import Wording, format_number
from tongket.reporting import selectors as reporting_selectors
from tongket.reporting.choices import Status
from tongket.reporting.selectors import Row
from tongket.resolutions.choices import MeasureKind, TimeAggregation, UnitAggregation
from tongket.resolutions.models import Indicator

HUNDRED = Decimal(100)


@dataclass
class Cell:
    """One figure as shown: value, text in the reader's convention, formula, status."""

    value: Decimal | None
    text: str = ""
    formula: str = ""
    status: str = Status.NO_DATA
    decimals: int = 0
    percent: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "value": None if self.value is None else float(round(self.value, 6)),
            "text": self.text,
            "formula": self.formula,
            "status": self.status,
            "decimals": self.decimals,
        }


@dataclass
class Header:
    """A row or a column: one item of each of its dimensions."""

    items: list[tuple[str, Any]]
    labels: list[str]
    short: list[str]

    @property
    def label(self) -> str:
        return " · ".join(self.labels)

    @property
    def short_label(self) -> str:
        return " · ".join(self.short)

    def item(self, dimension: str) -> Any:
        return next((obj for dim, obj in self.items if dim == dimension), None)


@dataclass
class Table:
    spec: Spec
    rows: list[Header]
    columns: list[Header]
    cells: list[list[Cell]]
    row_totals: list[Cell | None] = field(default_factory=list)
    column_totals: list[Cell | None] = field(default_factory=list)
    filters: list[tuple[str, str]] = field(default_factory=list)

    @property
    def lines(self) -> list[tuple[Header, list[Cell], Cell | None]]:
        """Each row with its cells and its total (for templates)."""
        totals = self.row_totals or [None] * len(self.rows)
        return list(zip(self.rows, self.cells, totals, strict=True))

    @property
    def dimension_labels(self) -> dict[str, str]:
        return {d: str(Dimension(d).label) for d in Dimension.values}

    @property
    def title(self) -> str:
        parts = [label for _dim, label in self.filters]
        if Dimension.INDICATOR in self.spec.filters:
            return " – ".join(parts)
        names = ", ".join(i.code for i in self.spec.indicators[:6])
        if len(self.spec.indicators) > 6:
            names += ", …"
        return " – ".join([names, *parts])

    def as_json(self) -> dict[str, Any]:
        def header(h: Header) -> dict[str, Any]:
            return {
                "label": h.label,
                "short": h.short_label,
                "keys": {dim: getattr(obj, "pk", None) for dim, obj in h.items},
            }

        return {
            "title": self.title,
            "chart": self.spec.chart,
            "layout": {
                "rows": self.spec.rows,
                "columns": self.spec.columns,
                "filters": self.spec.filters,
            },
            "dimensions": self.dimension_labels,
            "filters": [{"dimension": d, "label": label} for d, label in self.filters],
            "rows": [header(h) for h in self.rows],
            "columns": [header(h) for h in self.columns],
            "cells": [[cell.as_json() for cell in line] for line in self.cells],
            "row_totals": [c.as_json() if c else None for c in self.row_totals],
            "column_totals": [c.as_json() if c else None for c in self.column_totals],
            "spec": self.spec.data,
        }


def _label(dimension: str, obj: Any) -> tuple[str, str]:
    if dimension == Dimension.INDICATOR:
        unit = f" ({obj.unit_of_measure})" if obj.unit_of_measure else ""
        return f"{obj.code} {obj.name}{unit}", obj.code
    if dimension == Dimension.UNIT:
        return obj.name, obj.abbreviation or obj.name
    return obj.code, obj.code


def _headers(spec: Spec, dimensions: list[str]) -> list[Header]:
    lists = [[(d, obj) for obj in spec.items(d)] for d in dimensions]
    headers = []
    for combination in itertools.product(*lists):
        labels = [_label(d, obj) for d, obj in combination]
        headers.append(
            Header(
                items=list(combination),
                labels=[long for long, _s in labels],
                short=[short for _l, short in labels],
            )
        )
    return headers


def _is_percent(indicator: Indicator) -> bool:
    return indicator.unit_aggregation == UnitAggregation.RATIO or (
        indicator.measure_kind == MeasureKind.RATIO
    )


def _text(indicator: Indicator, value: Decimal | None, wording: Wording) -> str:
    if value is None:
        return ""
    text = wording.number(value, indicator.decimals)
    return f"{text} %" if _is_percent(indicator) else text


def _cell(indicator: Indicator, row: Row | None, wording: Wording) -> Cell:
    if row is None or row.value is None:
        return Cell(None, decimals=indicator.decimals, percent=_is_percent(indicator))
    return Cell(
        value=row.value,
        text=_text(indicator, row.value, wording),
        formula=row.formula_in(wording),
        status=row.status,
        decimals=indicator.decimals,
        percent=_is_percent(indicator),
    )


def figures(*, user: Any, spec: Spec) -> dict[tuple[int, int, int], Row]:
    """(indicator, unit, period) → the figure, from the roll-ups in the user's scope: one
    read of the reporting selector for every cell (a few queries whatever their number)."""
    return reporting_selectors.figures_grid(
        user=user,
        indicators=spec.indicators,
        units=spec.units,
        periods=spec.periods,
        basis=spec.basis,
        tree=spec.tree,
    )


def _total_over_units(indicator: Indicator, rows: list[Row]) -> tuple[Decimal | None, str]:
    rule = indicator.unit_aggregation
    present = [r for r in rows if r.value is not None]
    n = len(present)
    if rule in {UnitAggregation.SUM, UnitAggregation.COUNT_MET}:
        return sum((r.value for r in present), Decimal(0)), _("Sum of the %(n)s figures shown") % {
            "n": n
        }
    if rule == UnitAggregation.MIN:
        return min(r.value for r in present), _("Lowest of the %(n)s figures shown") % {"n": n}
    if rule == UnitAggregation.MAX:
        return max(r.value for r in present), _("Highest of the %(n)s figures shown") % {"n": n}
    if rule == UnitAggregation.AVERAGE:
        count = sum(r.figure.count for r in present)
        value = sum((r.value * r.figure.count for r in present), Decimal(0)) / count
        return value, _("Average of the %(n)s unit values behind the figures shown") % {"n": count}
    if rule == UnitAggregation.RATIO and all(
        r.figure.numerator is not None and r.figure.denominator is not None for r in present
    ):
        numerator = sum((r.figure.numerator for r in present), Decimal(0))
        denominator = sum((r.figure.denominator for r in present), Decimal(0))
        if denominator:
            return numerator / denominator * HUNDRED, _(
                "Σnumerator / Σdenominator of the figures shown = %(num)s / %(den)s"
            ) % {"num": format_number(numerator), "den": format_number(denominator)}
    if rule == UnitAggregation.WEIGHTED_AVERAGE and all(r.figure.denominator for r in present):
        weight = sum((r.figure.denominator for r in present), Decimal(0))
        value = sum((r.value * r.figure.denominator for r in present), Decimal(0)) / weight
        return value, _("Average of the figures shown weighted by their size (Σ %(w)s)") % {
            "w": format_number(weight)
        }
    return None, _("This indicator's rule cannot be recombined from the figures shown.")


def _total_over_periods(indicator: Indicator, rows: list[Row]) -> tuple[Decimal | None, str]:
    present = [r for r in rows if r.value is not None]
    n = len(present)
    rule = indicator.time_aggregation
    by_units = indicator.unit_aggregation
    if rule == TimeAggregation.LAST or by_units == UnitAggregation.COUNT_MET:
        return present[-1].value, _("The last of the %(n)s figures shown") % {"n": n}
    if rule == TimeAggregation.SUM and by_units in {
        UnitAggregation.RATIO,
        UnitAggregation.WEIGHTED_AVERAGE,
    }:
        return _total_over_units(indicator, present)
    if rule == TimeAggregation.SUM and by_units not in {UnitAggregation.MIN, UnitAggregation.MAX}:
        return sum((r.value for r in present), Decimal(0)), _("Sum of the %(n)s figures shown") % {
            "n": n
        }
    if by_units == UnitAggregation.MIN and rule != TimeAggregation.AVERAGE:
        return min(r.value for r in present), _("Lowest of the %(n)s figures shown") % {"n": n}
    if by_units == UnitAggregation.MAX and rule != TimeAggregation.AVERAGE:
        return max(r.value for r in present), _("Highest of the %(n)s figures shown") % {"n": n}
    value = sum((r.value for r in present), Decimal(0)) / n
    return value, _("Average of the %(n)s figures shown") % {"n": n}


def total(indicator: Indicator, dimension: str, rows: list[Row], wording: Wording) -> Cell:
    """The total of a line of figures of one indicator along units or periods."""
    if not any(r.value is not None for r in rows):
        return Cell(None, decimals=indicator.decimals)
    if dimension == Dimension.UNIT:
        value, formula = _total_over_units(indicator, rows)
    else:
        value, formula = _total_over_periods(indicator, rows)
    return Cell(
        value=value,
        text=_text(indicator, value, wording),
        formula=formula,
        status=Status.NO_TARGET if value is not None else Status.NO_DATA,
        decimals=indicator.decimals,
        percent=_is_percent(indicator),
    )


def _line_totals(
    spec: Spec,
    fixed: list[Header],
    varying: list[Header],
    varying_dims: list[str],
    rows_of: Any,
    wording: Wording,
) -> list[Cell | None]:
    """Totals of each `fixed` line across the `varying` headers, when the line holds one
    indicator and varies along units or periods only."""
    if (
        not spec.totals
        or len(varying_dims) != 1
        or varying_dims[0] == Dimension.INDICATOR
        or len(varying) < 2
    ):
        return [None] * len(fixed)
    result: list[Cell | None] = []
    for line in fixed:
        indicator = line.item(Dimension.INDICATOR) or spec.indicators[0]
        result.append(total(indicator, varying_dims[0], rows_of(line), wording))
    return result


def pivot_table(*, user: Any, spec: Spec) -> Table:
    """The table the spec asks for, in the user's scope (see the module's docstring)."""
    found = figures(user=user, spec=spec)
    fixed = {d: spec.items(d)[0] for d in spec.filters}
    rows = _headers(spec, spec.rows)
    columns = _headers(spec, spec.columns)

    # Each header's items once (a pivot of 1,000 cells looks each up three times).
    chosen_of = {id(h): dict(h.items) for h in (*rows, *columns)}

    def lookup(row: Header, column: Header) -> tuple[Indicator, Row | None]:
        chosen = {**fixed, **chosen_of[id(row)], **chosen_of[id(column)]}
        indicator = chosen[Dimension.INDICATOR]
        key = (indicator.id, chosen[Dimension.UNIT].id, chosen[Dimension.PERIOD].id)
        return indicator, found.get(key)

    def figure(row: Header, column: Header) -> Row | None:
        return lookup(row, column)[1]

    wording = Wording()  # the answer's language, read once for its thousand cells
    cells = [[_cell(*lookup(row, column), wording) for column in columns] for row in rows]
    table = Table(
        spec=spec,
        rows=rows,
        columns=columns,
        cells=cells,
        filters=[(d, _label(d, obj)[0]) for d, obj in fixed.items()],
    )

    def along_columns(row: Header) -> list[Row]:
        return [r for r in (figure(row, column) for column in columns) if r is not None]

    def along_rows(column: Header) -> list[Row]:
        return [r for r in (figure(row, column) for row in rows) if r is not None]

    table.row_totals = _line_totals(spec, rows, columns, spec.columns, along_columns, wording)
    table.column_totals = _line_totals(spec, columns, rows, spec.rows, along_rows, wording)
    return table
