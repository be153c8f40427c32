"""Periodic reporting over REST: periods, report forms, reports and their workflow, values
(listed, and imported in bulk as JSON or CSV), an indicator's figures and the completeness
of reporting.

Reads go through the scoped selectors (outside the caller's subtrees: 404), writes through
the services. The workflow follows the roles: the unit's reporters fill and submit; an
approver of the unit directly above returns, approves and reopens.

A package by resource: `forms` (periods, report forms), `reports` (reports and their
workflow), `values` (values listed and imported), `figures` (an indicator's figures,
completeness). Import from here.
"""

from tongket.api.views.reporting.figures import AnalyticsView, CompletenessView
from tongket.api.views.reporting.forms import PeriodViewSet, ReportFormViewSet
from tongket.api.views.reporting.reports import ReportViewSet
from tongket.api.views.reporting.values import CSVParser, DataValueViewSet

__all__ = [
    "AnalyticsView",
    "CSVParser",
    "CompletenessView",
    "DataValueViewSet",
    "PeriodViewSet",
    "ReportFormViewSet",
    "ReportViewSet",
]
