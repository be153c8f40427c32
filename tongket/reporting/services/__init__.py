"""Every write to periods, forms, reports, values, roll-ups and reminders."""

from tongket.reporting.services.forms import (
    form_assign,
    form_create,
    form_open_period,
    form_section_set,
    form_unassign,
    form_update,
)
from tongket.reporting.services.imports import values_import
from tongket.reporting.services.periods import (
    period_ensure,
    period_find,
    period_rule_set,
    period_set_open,
)
from tongket.reporting.services.reminders import reminders_send, report_remind
from tongket.reporting.services.reports import (
    Entry,
    narrative_save,
    report_approve,
    report_attachment_add,
    report_attachment_remove,
    report_reopen,
    report_return,
    report_save,
    report_submit,
    value_save,
)

__all__ = [
    "Entry",
    "form_assign",
    "form_create",
    "form_open_period",
    "form_section_set",
    "form_unassign",
    "form_update",
    "narrative_save",
    "period_ensure",
    "period_find",
    "period_rule_set",
    "period_set_open",
    "reminders_send",
    "report_approve",
    "report_attachment_add",
    "report_attachment_remove",
    "report_remind",
    "report_reopen",
    "report_return",
    "report_save",
    "report_submit",
    "value_save",
    "values_import",
]
