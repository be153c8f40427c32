"""Every scoped read of periods, forms, reports, figures and completeness.

Figures come from the roll-ups (the tree as it was at the period: a handful of indexed look-ups
whatever the tree's size) or, on request, are regrouped on today's tree by one aggregate query
over the values. Reports are read only for units in the user's subtrees.

A package by topic: `forms` (periods, forms, the pages' look-ups, forms by code), `reports`
(reports, due lists, values), `figures` (figures, targets, trends), `completeness`
(completeness, timeliness, one indicator's overview), `grid` (many indicators × units ×
periods in one read), and beneath the figures `parts` (what a figure is made from: roll-ups,
today's tree, a line) and `targets`. Import from here.
"""

from __future__ import annotations

from tongket.reporting.selectors.completeness import (
    COUNT_KEYS,
    completeness,
    completeness_map,
    indicator_overview,
    late_count,
)
from tongket.reporting.selectors.figures import (
    FINER,
    Row,
    children_at,
    figures,
    figures_for_units,
    trend,
    trends,
)
from tongket.reporting.selectors.forms import (
    form_assignments,
    form_by_code,
    form_get,
    form_indicator_counts,
    form_indicators,
    form_infer,
    form_link,
    form_list,
    form_period_counts,
    import_jobs,
    latest_reported_period,
    period_get,
    period_list,
    period_rules,
    periods_get,
    report_counts,
    report_value,
    resolution_indicators,
    resolution_periods,
    resolutions_reported_by,
    template_period,
)
from tongket.reporting.selectors.grid import figures_grid
from tongket.reporting.selectors.parts import DEC, line_reach_paths
from tongket.reporting.selectors.reports import (
    due_reports,
    report_entry_rows,
    report_get,
    report_list,
    value_list,
)

__all__ = [
    "COUNT_KEYS",
    "DEC",
    "FINER",
    "Row",
    "children_at",
    "completeness",
    "completeness_map",
    "due_reports",
    "figures",
    "figures_for_units",
    "figures_grid",
    "form_assignments",
    "form_by_code",
    "form_get",
    "form_indicator_counts",
    "form_indicators",
    "form_infer",
    "form_link",
    "form_list",
    "form_period_counts",
    "import_jobs",
    "indicator_overview",
    "late_count",
    "latest_reported_period",
    "line_reach_paths",
    "period_get",
    "period_list",
    "period_rules",
    "periods_get",
    "report_counts",
    "report_entry_rows",
    "report_get",
    "report_list",
    "report_value",
    "resolution_indicators",
    "resolution_periods",
    "resolutions_reported_by",
    "template_period",
    "trend",
    "trends",
    "value_list",
]
