"""Pages of periodic reporting, by topic: what is due (`due`), the reports with their
workflow (`reports`), autosaved entry grid (`entry`) and filling from a text (`fill`),
report forms (`report_forms`), periods and their rules (`periods`), and the import of
values (`imports`)."""

from tongket.ui.views.reporting.due import report_due, report_remind, report_remind_all
from tongket.ui.views.reporting.entry import report_narrative, report_value
from tongket.ui.views.reporting.fill import report_fill
from tongket.ui.views.reporting.imports import values_import, values_template
from tongket.ui.views.reporting.periods import (
    period_create,
    period_list,
    period_rule_preview,
    period_rule_save,
    period_toggle,
)
from tongket.ui.views.reporting.report_forms import (
    form_assign,
    form_create,
    form_detail,
    form_edit,
    form_indicator_options,
    form_list,
    form_open_period,
    form_regime_export,
    form_section,
    form_unassign,
)
from tongket.ui.views.reporting.reports import (
    report_approve,
    report_attachment_add,
    report_attachment_download,
    report_attachment_remove,
    report_detail,
    report_list,
    report_reopen,
    report_return,
    report_submit,
)

__all__ = [
    "form_assign",
    "form_create",
    "form_detail",
    "form_edit",
    "form_indicator_options",
    "form_list",
    "form_open_period",
    "form_regime_export",
    "form_section",
    "form_unassign",
    "period_create",
    "period_list",
    "period_rule_preview",
    "period_rule_save",
    "period_toggle",
    "report_approve",
    "report_attachment_add",
    "report_attachment_download",
    "report_attachment_remove",
    "report_detail",
    "report_due",
    "report_fill",
    "report_list",
    "report_narrative",
    "report_remind",
    "report_remind_all",
    "report_reopen",
    "report_return",
    "report_submit",
    "report_value",
    "values_import",
    "values_template",
]
