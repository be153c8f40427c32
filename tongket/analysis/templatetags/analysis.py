"""The validation rules broken by a report's values, for the report page."""

from __future__ import annotations

from typing import Any

from django import template

from tongket.analysis.validation import report_violations

register = template.Library()


@register.inclusion_tag("ui/analysis/_violations.html")
def report_rule_violations(report: Any) -> dict[str, Any]:
    return {"violations": report_violations(report=report) if report is not None else []}
