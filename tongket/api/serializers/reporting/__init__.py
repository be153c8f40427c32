"""Shapes of periods, report forms, reports, values and figures in the API.

Units, forms and periods are given by code (a unit's former codes resolve), other objects by
id. Decimal values are JSON strings with four decimals ("85.3000"), in and out, the way the
models keep them; figures computed from them (sums, ratios, progress in per cent) are rounded
half up to four decimals. Null means no data.

A package by topic: `fields` (the period, form, cell and figure fields the others share),
`report_forms` (periods and report forms), `reports`, `values` (stored values and imports)
and `figures` (analytics and completeness). Import from here.
"""

from __future__ import annotations

from tongket.api.serializers.reporting.fields import (
    CellField,
    FormCodeField,
    PeriodCodeField,
    figure_field,
)
from tongket.api.serializers.reporting.figures import (
    AnalyticsIndicatorSerializer,
    AnalyticsQuerySerializer,
    AnalyticsSerializer,
    CompletenessQuerySerializer,
    CompletenessSerializer,
    FigureSerializer,
    UnitRefSerializer,
    analytics_data,
)
from tongket.api.serializers.reporting.report_forms import (
    FormAssignmentSerializer,
    FormAssignSerializer,
    FormIndicatorSerializer,
    FormQuerySerializer,
    FormSectionItemSerializer,
    FormSectionSerializer,
    FormUnassignSerializer,
    FormUpdateSerializer,
    FormWriteSerializer,
    OpenPeriodSerializer,
    PeriodQuerySerializer,
    PeriodSerializer,
    ReportFormDetailSerializer,
    ReportFormSerializer,
    SectionWriteSerializer,
)
from tongket.api.serializers.reporting.reports import (
    EntryRowSerializer,
    EntryWriteSerializer,
    NarrativeSectionSerializer,
    ReasonSerializer,
    ReminderSerializer,
    ReportDetailSerializer,
    ReportQuerySerializer,
    ReportSaveSerializer,
    ReportSerializer,
    VersionSerializer,
    entry_rows,
)
from tongket.api.serializers.reporting.values import (
    DataValueQuerySerializer,
    DataValueRowSerializer,
    DataValueSerializer,
    ImportCountsSerializer,
    ImportQuerySerializer,
)

__all__ = [
    "AnalyticsIndicatorSerializer",
    "AnalyticsQuerySerializer",
    "AnalyticsSerializer",
    "CellField",
    "CompletenessQuerySerializer",
    "CompletenessSerializer",
    "DataValueQuerySerializer",
    "DataValueRowSerializer",
    "DataValueSerializer",
    "EntryRowSerializer",
    "EntryWriteSerializer",
    "FigureSerializer",
    "FormAssignSerializer",
    "FormAssignmentSerializer",
    "FormCodeField",
    "FormIndicatorSerializer",
    "FormQuerySerializer",
    "FormSectionItemSerializer",
    "FormSectionSerializer",
    "FormUnassignSerializer",
    "FormUpdateSerializer",
    "FormWriteSerializer",
    "ImportCountsSerializer",
    "ImportQuerySerializer",
    "NarrativeSectionSerializer",
    "OpenPeriodSerializer",
    "PeriodCodeField",
    "PeriodQuerySerializer",
    "PeriodSerializer",
    "ReasonSerializer",
    "ReminderSerializer",
    "ReportDetailSerializer",
    "ReportFormDetailSerializer",
    "ReportFormSerializer",
    "ReportQuerySerializer",
    "ReportSaveSerializer",
    "ReportSerializer",
    "SectionWriteSerializer",
    "UnitRefSerializer",
    "VersionSerializer",
    "analytics_data",
    "entry_rows",
    "figure_field",
]
