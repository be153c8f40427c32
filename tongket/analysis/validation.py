"""Validation rules at work: one report checked against the rules of its form (called by the
reporting service before a submission), and a validation run over units and periods with
the violations found.

A rule compares its two sides (`analysis.expressions`) computed from the report's own
values, by indicator code. A side that reads a missing value is not computed and the rule is
skipped for that report, as DHIS2 skips rules with missing values.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from tongket.analysis.choices import Importance, Operator
from tongket.analysis.expressions import ExpressionError, codes, evaluate, parse
from tongket.analysis.models import ValidationRule
from tongket.core.numbers import format_number
from tongket.reporting.models import FormIndicator, Period, Report, ReportForm

MAX_REPORTS = 2000

_COMPARE = {
    Operator.EQUAL: lambda a, b: a == b,
    Operator.NOT_EQUAL: lambda a, b: a != b,
    Operator.LESS: lambda a, b: a < b,
    Operator.LESS_OR_EQUAL: lambda a, b: a <= b,
    Operator.GREATER: lambda a, b: a > b,
    Operator.GREATER_OR_EQUAL: lambda a, b: a >= b,
}


@dataclass
class Violation:
    """A rule broken by one report: both sides' values and the message to read."""

    rule: ValidationRule
    report: Report | None
    left: Decimal
    right: Decimal
    indicator_id: int | None

    @property
    def blocks(self) -> bool:
        return self.rule.importance == Importance.HIGH

    @property
    def text(self) -> str:
        return _("%(code)s: %(message)s (%(left)s %(op)s %(right)s is not true)") % {
            "code": self.rule.code,
            "message": self.rule.message,
            "left": format_number(self.left, 2),
            "op": self.rule.get_operator_display(),
            "right": format_number(self.right, 2),
        }


def holds(rule: ValidationRule, values: dict[str, Decimal | None]) -> tuple[bool, Any, Any]:
    """Whether the rule holds for the values by code, with both sides (None: skipped)."""
    try:
        left = evaluate(parse(rule.left), values)
        right = evaluate(parse(rule.right), values)
    except ExpressionError:
        return True, None, None  # a rule saved before a code was renamed: never a refusal
    if left is None or right is None:
        return True, left, right
    return bool(_COMPARE[Operator(rule.operator)](left, right)), left, right


def _codes_of(form_id: int) -> dict[str, int]:
    return {
        code.upper(): pk
        for pk, code in FormIndicator.objects.filter(form_id=form_id).values_list(
            "indicator_id", "indicator__code"
        )
    }


def _attached(rule: ValidationRule, by_code: dict[str, int]) -> int | None:
    """The indicator whose cell carries the message: the first one of the left side."""
    try:
        found = codes(parse(rule.left)) + codes(parse(rule.right))
    except ExpressionError:
        return None
    return next((by_code[c] for c in found if c in by_code), None)


def check(
    rules: list[ValidationRule], report: Report, values: dict[int, Any], by_code: dict[str, int]
) -> list[Violation]:
    by_id = {pk: code for code, pk in by_code.items()}
    numbers = {by_id[pk]: v.value for pk, v in values.items() if pk in by_id}
    found = []
    for rule in rules:
        ok, left, right = holds(rule, numbers)
        if not ok:
            found.append(Violation(rule, report, left, right, _attached(rule, by_code)))
    return found


def rule_problems(*, report: Report, values: dict[int, Any]) -> dict[str, list[str]]:
    """What the form's rules say against a report about to be submitted, by field
    (`value_<indicator id>`): a broken rule of high importance always; one of medium or low
    importance while the value it is attached to has no comment explaining it. Two
    queries."""
    rules = list(ValidationRule.objects.filter(form_id=report.form_id, is_active=True))
    if not rules:
        return {}
    by_code = _codes_of(report.form_id)
    problems: dict[str, list[str]] = {}
    for violation in check(rules, report, values, by_code):
        stored = values.get(violation.indicator_id) if violation.indicator_id else None
        if not violation.blocks and stored is not None and stored.comment:
            continue
        key = f"value_{violation.indicator_id}" if violation.indicator_id else "rules"
        problems.setdefault(key, []).append(violation.text)
    return problems


def report_violations(*, report: Report) -> list[Violation]:
    """The rules of the report's form broken by its values as they stand (the report page
    shows them while the report is being filled). Three queries."""
    rules = list(
        ValidationRule.objects.filter(form_id=report.form_id, is_active=True).order_by("code")
    )
    if not rules:
        return []
    values = {v.indicator_id: v for v in report.values.all()}
    found = check(rules, report, values, _codes_of(report.form_id))
    return sorted(found, key=lambda v: (not v.blocks, v.rule.code))


def validation_run(
    *, user: Any, form: ReportForm, within: Any, periods: list[Period]
) -> dict[str, Any]:
    """Every report of the form in the unit's subtree (in the user's scope) for the periods,
    checked against the form's rules in use. Three queries plus one per 500 reports."""
    from tongket.reporting import selectors as reporting_selectors

    rules = list(ValidationRule.objects.filter(form=form, is_active=True).order_by("code"))
    reports = list(
        reporting_selectors.report_list(user=user, form=form, within=within)
        .filter(period__in=periods)
        .prefetch_related("values")[:MAX_REPORTS]
    )
    by_code = _codes_of(form.pk)
    violations: list[Violation] = []
    for report in reports:
        values = {v.indicator_id: v for v in report.values.all()}
        violations += check(rules, report, values, by_code)
    violations.sort(
        key=lambda v: (
            v.rule.importance != Importance.HIGH,
            v.report.period.sort_key,
            v.report.unit.sort_key,
        )  # type: ignore[union-attr]
    )
    return {
        "rules": rules,
        "reports": len(reports),
        "truncated": len(reports) >= MAX_REPORTS,
        "violations": violations,
    }
